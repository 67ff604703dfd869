/// The input gradient of a convolution whose windows stay inside the image (VALID padding),
/// without an im2col-shaped buffer: `dx[b, oy·s+ky, ox·s+kx, c] += Σ_f dz[b, oy, ox, f] · w[ky, kx, c, f]`.
/// `w` is the HWIO kernel `[kh, kw, c, filters]`, `dz` is `[batch, oh, ow, filters]`; overwrites `dx`.
///
/// Each 16 columns of `dz · wᵀ` are one tap's 16 channels, so a 6×16 micro-tile of up to 6
/// neighbouring output positions in one row is added straight onto `dx` at that tap (rows
/// `stride · c` floats apart), while the tile is in registers. That needs `c % 16 == 0` and
/// `filters <= GemmBlocking.depth` (one packed panel per tap); `isSupported` says whether.
public func convolutionInputGradient(
    _ dz: UnsafePointer<Float>, batch: Int, _ g: WindowGeometry, kernel w: UnsafePointer<Float>, filters: Int,
    into dx: UnsafeMutablePointer<Float>
) {
    precondition(convolutionInputGradientIsSupported(g, filters: filters))
    let c = g.channels, imageSize = g.height * g.width * c, panels = g.patchSize / 16
    dx.update(repeating: 0, count: batch * imageSize)
    // B = wᵀ: B(f, j) = w[j·filters + f]; panel p holds columns 16p…16p+15 for every f.
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: panels * filters * 16)
    defer { packed.deallocate() }
    var tapOffsets = [Int](repeating: 0, count: panels)
    for p in 0..<panels {
        packPanel(w + p * 16 * filters, depthStride: 1, colStride: filters, depth: filters, cols: 16, into: packed + p * filters * 16)
        let tap = p * 16 / c, channel = p * 16 % c
        tapOffsets[p] = ((tap / g.kernelWidth) * g.width + tap % g.kernelWidth) * c + channel
    }
    let ldc = g.stride * c
    tapOffsets.withUnsafeBufferPointer { taps in
        for b in 0..<batch {
            for oy in 0..<g.outHeight {
                var ox = 0
                while ox < g.outWidth {
                    let rows = min(6, g.outWidth - ox)
                    let a = dz + ((b * g.outHeight + oy) * g.outWidth + ox) * filters
                    let origin = dx + b * imageSize + (oy * g.width + ox) * g.stride * c
                    for p in 0..<panels {
                        microKernel6x16(rows: rows, cols: 16, depth: filters, a: a, rowStride: filters, depthStride: 1,
                                        panel: packed + p * filters * 16, c: origin + taps[p], ldc: ldc, accumulate: true)
                    }
                    ox += 6
                }
            }
        }
    }
}

/// Whether `convolutionInputGradient` handles this geometry and filter count.
public func convolutionInputGradientIsSupported(_ g: WindowGeometry, filters: Int) -> Bool {
    g.windowsStayInside && g.channels % 16 == 0 && filters <= GemmBlocking.depth
}
