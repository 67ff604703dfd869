/// Geometry of a 2-D window operation (convolution or pooling) over NHWC images.
public struct WindowGeometry: Sendable, Equatable {
    public var height: Int, width: Int, channels: Int
    public var kernelHeight: Int, kernelWidth: Int
    public var stride: Int
    public var padTop: Int, padLeft: Int
    public var outHeight: Int, outWidth: Int

    /// Keras/TensorFlow semantics: VALID gives `(in - k) / s + 1` (floor); SAME gives
    /// `ceil(in / s)` with `max((out-1)·s + k - in, 0)` padding, the smaller half on top/left.
    public init(height: Int, width: Int, channels: Int, kernel: Int, stride: Int, same: Bool) {
        self.height = height; self.width = width; self.channels = channels
        kernelHeight = kernel; kernelWidth = kernel; self.stride = stride
        if same {
            outHeight = (height + stride - 1) / stride
            outWidth = (width + stride - 1) / stride
            padTop = max((outHeight - 1) * stride + kernel - height, 0) / 2
            padLeft = max((outWidth - 1) * stride + kernel - width, 0) / 2
        } else {
            outHeight = height >= kernel ? (height - kernel) / stride + 1 : 0
            outWidth = width >= kernel ? (width - kernel) / stride + 1 : 0
            padTop = 0; padLeft = 0
        }
    }

    /// Floats in one row of the im2col matrix: `kh · kw · c`, ordered (ky, kx, c) like an HWIO kernel.
    public var patchSize: Int { kernelHeight * kernelWidth * channels }
}

/// Unfolds NHWC images into the im2col matrix `[batch·oh·ow, kh·kw·c]` (zeros where the window
/// hangs over a SAME border), so a convolution is one `col · kernel(HWIO as [kh·kw·c, out])`.
public func im2col(_ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into col: UnsafeMutablePointer<Float>) {
    if g.windowsStayInside {
        im2colInside(x, batch: batch, g, into: col)
    } else {
        im2colBordered(x, batch: batch, g, into: col)
    }
}

/// `im2col` for any geometry: checks every window row against the borders.
func im2colBordered(_ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into col: UnsafeMutablePointer<Float>) {
    let c = g.channels, run = g.kernelWidth * c
    var row = col
    for b in 0..<batch {
        let image = x + b * g.height * g.width * c
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                let x0 = ox * g.stride - g.padLeft
                for ky in 0..<g.kernelHeight {
                    let dst = row + ky * run
                    let iy = oy * g.stride - g.padTop + ky
                    if iy < 0 || iy >= g.height { dst.update(repeating: 0, count: run); continue }
                    let src = image + (iy * g.width) * c
                    if x0 >= 0 && x0 + g.kernelWidth <= g.width {
                        copy(src + x0 * c, to: dst, count: run)
                    } else {
                        for kx in 0..<g.kernelWidth {
                            let ix = x0 + kx
                            if ix < 0 || ix >= g.width { (dst + kx * c).update(repeating: 0, count: c) }
                            else { (dst + kx * c).update(from: src + ix * c, count: c) }
                        }
                    }
                }
                row += g.patchSize
            }
        }
    }
}

/// `im2col` when no window crosses the border (VALID padding): each window row is one
/// contiguous run of `kw·c` floats, copied without bounds checks or library calls.
func im2colInside(_ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into col: UnsafeMutablePointer<Float>) {
    let c = g.channels, run = g.kernelWidth * c, rowStride = g.width * c, step = g.stride * c
    var row = col
    for b in 0..<batch {
        let image = x + b * g.height * rowStride
        for oy in 0..<g.outHeight {
            var window = image + oy * g.stride * rowStride
            for _ in 0..<g.outWidth {
                var src = window
                for _ in 0..<g.kernelHeight {
                    if run == 3 {  // one input channel, 3 wide: the first convolution
                        row[0] = src[0]; row[1] = src[1]; row[2] = src[2]
                    } else {
                        copy(src, to: row, count: run)
                    }
                    src += rowStride
                    row += run
                }
                window += step
            }
        }
    }
}

extension WindowGeometry {
    /// Whether every window lies entirely inside the image (no padding taps).
    public var windowsStayInside: Bool {
        padTop == 0 && padLeft == 0
            && (outHeight - 1) * stride + kernelHeight <= height && (outWidth - 1) * stride + kernelWidth <= width
    }
}

/// The adjoint of `im2col`: sums each im2col row back into the image positions it came from.
/// Overwrites `dx` (`[batch, h, w, c]`).
public func col2im(_ col: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into dx: UnsafeMutablePointer<Float>) {
    let c = g.channels
    dx.update(repeating: 0, count: batch * g.height * g.width * c)
    var row = col
    for b in 0..<batch {
        let image = dx + b * g.height * g.width * c
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                for ky in 0..<g.kernelHeight {
                    let iy = oy * g.stride - g.padTop + ky
                    guard iy >= 0 && iy < g.height else { continue }
                    for kx in 0..<g.kernelWidth {
                        let ix = ox * g.stride - g.padLeft + kx
                        guard ix >= 0 && ix < g.width else { continue }
                        addInPlace(image + (iy * g.width + ix) * c, row + (ky * g.kernelWidth + kx) * c, count: c)
                    }
                }
                row += g.patchSize
            }
        }
    }
}

/// Copies `count` floats; runs of up to 256 (a window row is 3 to a few hundred floats) inline instead of calling memmove.
@inline(__always)
func copy(_ src: UnsafePointer<Float>, to dst: UnsafeMutablePointer<Float>, count: Int) {
    if count > 256 { dst.update(from: src, count: count); return }
    var i = 0
    while i + 8 <= count { store8(dst + i, load8(src + i)); i += 8 }
    while i < count { dst[i] = src[i]; i += 1 }
}

/// `dst[i] += src[i]` for `count` floats.
@inline(__always)
public func addInPlace(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count { store8(dst + i, load8(dst + i) + load8(src + i)); i += 8 }
    while i < count { dst[i] += src[i]; i += 1 }
}
