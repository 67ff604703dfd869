import Foundation
import LabDocument

/// An `ImageGrid` composed into one gray+alpha PNG: cells in rows, transparent gaps between them and
/// room under each cell for its label (drawn as SVG text over the picture, so it stays sharp).
struct ImageGridPicture {
    let png: Data
    let width: Int
    let height: Int
    /// Each label with the centre of its baseline, in picture pixels.
    let labels: [(text: String, x: Double, y: Double)]
    /// Label font size in picture pixels where the picture is shown large, and where it fills a phone's column.
    let labelSize: Double
    let narrowLabelSize: Double
    /// Screen pixels per picture pixel at the largest displayed size.
    let displayScale: Double

    /// The width of a phone's text column (390 px less the page's margins), in CSS pixels.
    static let phoneColumn = 358.0

    init?(_ grid: ImageGrid) {
        let w = grid.width, h = grid.height
        guard w > 0, h > 0, w <= 4096, h <= 4096, !grid.images.isEmpty else { return nil }
        let columns = max(1, min(grid.columns, grid.images.count))
        let rows = (grid.images.count + columns - 1) / columns
        let gap = max(2, w / 7)
        let pitchX = w + gap
        width = columns * pitchX - gap
        // Shown at up to `displayScale` screen pixels per picture pixel, and scaled down to the column's
        // width on narrow screens (every column stays in view). Labels are about 15 px large and 11 px
        // on a phone, and never wider than their cell.
        displayScale = Double(max(width * 3, 240)) / Double(width)
        let longest = Double(grid.labels.map(\.count).max() ?? 1)
        let cellLimit = Double(pitchX) / (longest * 0.6)
        labelSize = min(12 / displayScale * 1.6, cellLimit)
        narrowLabelSize = min(max(labelSize, 11 * Double(width) / ImageGridPicture.phoneColumn), cellLimit)
        let labelSpace = grid.labels.isEmpty ? 0 : Int((max(labelSize, narrowLabelSize) * 1.4).rounded(.up))
        let pitchY = h + labelSpace + gap
        height = rows * pitchY - gap
        var pixels = [UInt8](repeating: 0, count: width * height * 2)  // all transparent
        var labels: [(String, Double, Double)] = []
        for (i, image) in grid.images.enumerated() {
            let left = (i % columns) * pitchX, top = (i / columns) * pitchY
            if image.count == w * h {
                for y in 0..<h {
                    for x in 0..<w {
                        let o = ((top + y) * width + left + x) * 2
                        pixels[o] = image[y * w + x]
                        pixels[o + 1] = 255
                    }
                }
            }
            if i < grid.labels.count {
                labels.append((grid.labels[i], Double(left) + Double(w) / 2, Double(top + h) + max(labelSize, narrowLabelSize) * 1.1))
            }
        }
        guard let png = PNGEncoder.encode(width: width, height: height, pixels: pixels, format: .grayAlpha) else { return nil }
        self.png = png
        self.labels = labels
    }

    /// The picture as an SVG: the PNG (as a data URI, scaled without smoothing) and the labels as text,
    /// sized by the page's CSS from `--label` (or `--label-narrow` on narrow screens).
    func svg(label: String) -> String {
        var out = SVG.open(width: Double(width), height: Double(height), label: label, cls: "figure images",
                           maxWidth: Double(width) * displayScale,
                           properties: "--label:\(SVG.n(labelSize))px;--label-narrow:\(SVG.n(narrowLabelSize))px;")
        out += "<image width=\"\(width)\" height=\"\(height)\" style=\"image-rendering:pixelated\" "
            + "href=\"data:image/png;base64,\(png.base64EncodedString())\"/>"
        for l in labels {
            out += SVG.text(l.text, x: l.x, y: l.y, anchor: "middle", cls: "c-text grid-label")
        }
        return out + "</svg>"
    }
}
