/// Float32 FULLY_CONNECTED with fused multiply-adds on the original `[outputDepth, accumDepth]` weights:
/// four output units at a time, each summing its products 16 lanes wide (two independent chains of FMAs
/// per unit, then a horizontal sum, then the leftover `accumDepth % 32` products in order). It reorders each
/// sum, as LiteRT's XNNPACK path does, so it is not bit-identical to `fullyConnectedFloat`; every unit lies
/// within γₙ·(Σ|x·w| + |b|) of the exact sum (n = accumDepth + 1), which the tests check. For one image the
/// packed `fullyConnectedFloatFast` is bound by one chain of `accumDepth` dependent adds; here the chains
/// are 16 times shorter and no lane is padding.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `batches × accumDepth`
/// values; weights `outputDepth × accumDepth` values, both ≥ 1; output `batches × outputDepth` values; bias nil
/// or `outputDepth` values.
public func fullyConnectedFloatDot(batches: Int, accumDepth: Int, outputDepth: Int, input: UnsafePointer<Float>,
                                   weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                   activationMin: Float = -.greatestFiniteMagnitude,
                                   activationMax: Float = .greatestFiniteMagnitude,
                                   output: UnsafeMutablePointer<Float>) {
    for b in 0..<batches {
        let x = input + b * accumDepth, y = output + b * outputDepth
        var o = 0
        while o + 4 <= outputDepth {
            dotUnits(4, x: x, w: weights + o * accumDepth, depth: accumDepth, bias: bias.map { $0 + o },
                     lo: activationMin, hi: activationMax, y: y + o)
            o += 4
        }
        while o < outputDepth {
            dotUnits(1, x: x, w: weights + o * accumDepth, depth: accumDepth, bias: bias.map { $0 + o },
                     lo: activationMin, hi: activationMax, y: y + o)
            o += 1
        }
    }
}

/// `units` (1 or 4) consecutive output units; their weight rows start at `w`, `depth` apart.
@inline(__always)
private func dotUnits(_ units: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>, depth: Int,
                      bias: UnsafePointer<Float>?, lo: Float, hi: Float, y: UnsafeMutablePointer<Float>) {
    typealias V = SIMD16<Float>
    func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    var a0 = V(), a1 = V(), a2 = V(), a3 = V(), b0 = V(), b1 = V(), b2 = V(), b3 = V()
    let w0 = w, w1 = w + depth, w2 = w + 2 * depth, w3 = w + 3 * depth
    var k = 0
    while k + 32 <= depth {
        let xa = load(x + k), xb = load(x + k + 16)
        a0.addProduct(xa, load(w0 + k)); b0.addProduct(xb, load(w0 + k + 16))
        if units == 4 {
            a1.addProduct(xa, load(w1 + k)); b1.addProduct(xb, load(w1 + k + 16))
            a2.addProduct(xa, load(w2 + k)); b2.addProduct(xb, load(w2 + k + 16))
            a3.addProduct(xa, load(w3 + k)); b3.addProduct(xb, load(w3 + k + 16))
        }
        k += 32
    }
    finishUnit((a0 + b0).sum(), x: x, row: w0, from: k, depth: depth, bias: bias?[0], lo: lo, hi: hi, y: y)
    if units == 4 {
        finishUnit((a1 + b1).sum(), x: x, row: w1, from: k, depth: depth, bias: bias?[1], lo: lo, hi: hi, y: y + 1)
        finishUnit((a2 + b2).sum(), x: x, row: w2, from: k, depth: depth, bias: bias?[2], lo: lo, hi: hi, y: y + 2)
        finishUnit((a3 + b3).sum(), x: x, row: w3, from: k, depth: depth, bias: bias?[3], lo: lo, hi: hi, y: y + 3)
    }
}

/// The products past the last block of 32, in order, then the bias and the clamp (as `fullyConnectedFloat`).
@inline(__always)
private func finishUnit(_ sum: Float, x: UnsafePointer<Float>, row: UnsafePointer<Float>, from k: Int, depth: Int,
                        bias: Float?, lo: Float, hi: Float, y: UnsafeMutablePointer<Float>) {
    var total = sum
    for t in k..<depth { total.addProduct(x[t], row[t]) }
    let value = total + (bias ?? 0)
    y.pointee = Swift.min(Swift.max(value, lo), hi)
}
