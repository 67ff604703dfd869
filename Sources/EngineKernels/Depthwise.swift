/// Depthwise convolution (channel multiplier 1) over NHWC: `y[b,oy,ox,c] = Σ x[b,iy,ix,c]·w[ky,kx,c]`.
/// `w` is `[kh, kw, c]`. Overwrites `y` (bias and activation are added by the caller).
public func depthwiseForward(
    _ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, weights w: UnsafePointer<Float>,
    into y: UnsafeMutablePointer<Float>
) {
    let c = g.channels
    var out = y
    for b in 0..<batch {
        let image = x + b * g.height * g.width * c
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                out.update(repeating: 0, count: c)
                forEachWindowTap(g, oy, ox) { offset, tap in
                    let src = image + offset, wt = w + tap * c
                    for ch in 0..<c { out[ch] += src[ch] * wt[ch] }
                }
                out += c
            }
        }
    }
}

/// Gradients of `depthwiseForward`: overwrites `dw` (`[kh, kw, c]`) and, when given, `dx`.
public func depthwiseBackward(
    _ x: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry,
    weights w: UnsafePointer<Float>, weightGrads dw: UnsafeMutablePointer<Float>, inputGrads dx: UnsafeMutablePointer<Float>?
) {
    let c = g.channels
    dw.update(repeating: 0, count: g.kernelHeight * g.kernelWidth * c)
    dx?.update(repeating: 0, count: batch * g.height * g.width * c)
    var o = dy
    for b in 0..<batch {
        let base = b * g.height * g.width * c
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                forEachWindowTap(g, oy, ox) { offset, tap in
                    let src = x + base + offset, dwt = dw + tap * c
                    for ch in 0..<c { dwt[ch] += o[ch] * src[ch] }
                    if let dx {
                        let dst = dx + base + offset, wt = w + tap * c
                        for ch in 0..<c { dst[ch] += o[ch] * wt[ch] }
                    }
                }
                o += c
            }
        }
    }
}

/// Like `forEachTap`, also passing the tap's index `ky·kw + kx` in the window.
@inline(__always)
func forEachWindowTap(_ g: WindowGeometry, _ oy: Int, _ ox: Int, _ body: (Int, Int) -> Void) {
    for ky in 0..<g.kernelHeight {
        let iy = oy * g.stride - g.padTop + ky
        guard iy >= 0 && iy < g.height else { continue }
        for kx in 0..<g.kernelWidth {
            let ix = ox * g.stride - g.padLeft + kx
            guard ix >= 0 && ix < g.width else { continue }
            body((iy * g.width + ix) * g.channels, ky * g.kernelWidth + kx)
        }
    }
}
