/// Max pooling over NHWC (`g.kernelHeight × g.kernelWidth` windows; padded positions never win).
/// Records in `argmax` (one per output value) the offset within the batch of the input that
/// won: the first maximum in window order, as TensorFlow routes the gradient.
public func maxPoolForward(
    _ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into y: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>
) {
    if g.windowsStayInside && g.channels % 8 == 0 {
        maxPoolInside(x, batch: batch, g, into: y, argmax: argmax)
    } else {
        maxPoolBordered(x, batch: batch, g, into: y, argmax: argmax)
    }
}

/// `maxPoolForward` for any geometry and channel count.
func maxPoolBordered(
    _ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into y: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>
) {
    let c = g.channels
    var out = y, winner = argmax
    for b in 0..<batch {
        let base = b * g.height * g.width * c
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                out.update(repeating: -.infinity, count: c)
                for ch in 0..<c { winner[ch] = Int32(base + ch) }
                forEachTap(g, oy, ox) { offset in
                    let src = x + base + offset, at = Int32(base + offset)
                    for ch in 0..<c {  // branch-free, so it vectorizes
                        let better = src[ch] > out[ch]
                        out[ch] = better ? src[ch] : out[ch]
                        winner[ch] = better ? at + Int32(ch) : winner[ch]
                    }
                }
                out += c
                winner += c
            }
        }
    }
}

/// `maxPoolForward` when every window lies inside the image and channels come in groups of 8:
/// eight channels at a time, the first tap starting the running maximum (same winners for
/// finite inputs: strict `>` in window order).
func maxPoolInside(
    _ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into y: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>
) {
    let c = g.channels, rowStride = g.width * c
    let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
    var out = y, winner = argmax
    for b in 0..<batch {
        let base = b * g.height * rowStride
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                let origin = base + oy * g.stride * rowStride + ox * g.stride * c
                if g.kernelHeight == 2 && g.kernelWidth == 2 {  // the usual 2×2 pool, unrolled
                    for ch in stride(from: 0, to: c, by: 8) {
                        let o0 = origin + ch, o1 = o0 + c, o2 = o0 + rowStride, o3 = o2 + c
                        var best = load8(x + o0), at = SIMD8<Int32>(repeating: Int32(o0)) &+ lanes
                        let v1 = load8(x + o1), better1 = v1 .> best
                        best.replace(with: v1, where: better1)
                        at.replace(with: SIMD8<Int32>(repeating: Int32(o1)) &+ lanes, where: better1)
                        let v2 = load8(x + o2), better2 = v2 .> best
                        best.replace(with: v2, where: better2)
                        at.replace(with: SIMD8<Int32>(repeating: Int32(o2)) &+ lanes, where: better2)
                        let v3 = load8(x + o3), better3 = v3 .> best
                        best.replace(with: v3, where: better3)
                        at.replace(with: SIMD8<Int32>(repeating: Int32(o3)) &+ lanes, where: better3)
                        store8(out + ch, best)
                        UnsafeMutableRawPointer(winner + ch).storeBytes(of: at, as: SIMD8<Int32>.self)
                    }
                    out += c
                    winner += c
                    continue
                }
                for ch in stride(from: 0, to: c, by: 8) {
                    var best = load8(x + origin + ch)
                    var at = SIMD8<Int32>(repeating: Int32(origin + ch)) &+ lanes
                    for ky in 0..<g.kernelHeight {
                        for kx in 0..<g.kernelWidth where ky > 0 || kx > 0 {
                            let offset = origin + ky * rowStride + kx * c + ch
                            let value = load8(x + offset)
                            let better = value .> best
                            best.replace(with: value, where: better)
                            at.replace(with: SIMD8<Int32>(repeating: Int32(offset)) &+ lanes, where: better)
                        }
                    }
                    store8(out + ch, best)
                    UnsafeMutableRawPointer(winner + ch).storeBytes(of: at, as: SIMD8<Int32>.self)
                }
                out += c
                winner += c
            }
        }
    }
}

/// Routes each output gradient to the input `maxPoolForward` recorded. Overwrites `dx`.
public func maxPoolBackward(
    _ dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, batch: Int, _ g: WindowGeometry,
    into dx: UnsafeMutablePointer<Float>
) {
    dx.update(repeating: 0, count: batch * g.height * g.width * g.channels)
    for i in 0..<(batch * g.outHeight * g.outWidth * g.channels) { dx[Int(argmax[i])] += dy[i] }
}

/// Average pooling over NHWC; like Keras, a SAME-padded window averages only its in-image taps.
public func averagePoolForward(_ x: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into y: UnsafeMutablePointer<Float>) {
    let c = g.channels
    var out = y
    for b in 0..<batch {
        let image = x + b * g.height * g.width * c
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                out.update(repeating: 0, count: c)
                var taps = 0
                forEachTap(g, oy, ox) { offset in addInPlace(out, image + offset, count: c); taps += 1 }
                let scale = 1 / Float(max(taps, 1))
                for ch in 0..<c { out[ch] *= scale }
                out += c
            }
        }
    }
}

/// Spreads each output gradient evenly over its window's in-image taps. Overwrites `dx`.
public func averagePoolBackward(_ dy: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, into dx: UnsafeMutablePointer<Float>) {
    let c = g.channels
    dx.update(repeating: 0, count: batch * g.height * g.width * c)
    var o = 0
    for b in 0..<batch {
        let image = dx + b * g.height * g.width * c
        for oy in 0..<g.outHeight {
            for ox in 0..<g.outWidth {
                var taps = 0
                forEachTap(g, oy, ox) { _ in taps += 1 }
                let scale = 1 / Float(max(taps, 1))
                forEachTap(g, oy, ox) { offset in
                    let dst = image + offset
                    for ch in 0..<c { dst[ch] += dy[o + ch] * scale }
                }
                o += c
            }
        }
    }
}

/// Calls `body` with the offset (in floats, within one image) of every in-image tap of the
/// window at output position (oy, ox), in row-major window order.
@inline(__always)
func forEachTap(_ g: WindowGeometry, _ oy: Int, _ ox: Int, _ body: (Int) -> Void) {
    for ky in 0..<g.kernelHeight {
        let iy = oy * g.stride - g.padTop + ky
        guard iy >= 0 && iy < g.height else { continue }
        for kx in 0..<g.kernelWidth {
            let ix = ox * g.stride - g.padLeft + kx
            guard ix >= 0 && ix < g.width else { continue }
            body((iy * g.width + ix) * g.channels)
        }
    }
}
