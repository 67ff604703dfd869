import Foundation

/// Small helpers shared by the SVG drawers.
enum SVG {
    /// A coordinate with at most one decimal, no trailing `.0`, never `-0`.
    static func n(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.1f", r)
    }

    /// A rough width of `text` at `fontSize` in a sans-serif face (no font metrics offline).
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.56
    }

    /// `<text>` with escaped content.
    static func text(_ s: String, x: Double, y: Double, anchor: String = "start", cls: String = "c-text",
                     extra: String = "") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" class=\"\(cls)\"\(extra)>\(Escape.html(s))</text>"
    }

    /// The opening tag of a figure's root element: scalable (viewBox), width 100% set by the page's CSS.
    /// `maxWidth` and `minWidth` bound the displayed width in CSS pixels, for figures whose text should
    /// neither grow to fill a wide column nor shrink below legibility (the page scrolls them instead).
    /// `properties` are further declarations (custom properties the page's CSS reads), each ending in `;`.
    static func open(width: Double, height: Double, label: String, cls: String, maxWidth: Double? = nil,
                     minWidth: Double? = nil, properties: String = "") -> String {
        var style = maxWidth.map { "max-width:\(n($0))px;" } ?? ""
        style += minWidth.map { "min-width:\(n($0))px;" } ?? ""
        style += properties
        style = style.isEmpty ? "" : " style=\"\(style.dropLast())\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" class=\"\(cls)\"\(style) "
            + "role=\"img\" aria-label=\"\(Escape.html(label))\">"
    }

    /// Turns an inline SVG (styled by the page's CSS) into a file that stands on its own: fixed size,
    /// white background, and the styles it needs embedded.
    static func standalone(_ svg: String, width: Double, height: Double) -> String {
        guard let close = svg.firstIndex(of: ">") else { return svg }
        let head = svg[..<close] + " width=\"\(n(width))\" height=\"\(n(height))\">"
        let body = svg[svg.index(after: close)...]
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + head
            + "<style>\(FigureStyle.standaloneCSS)</style>"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>" + body + "\n"
    }
}
