import Testing
@testable import LiteKernels

@Suite struct ConvFloatFastTests {
    @Test(arguments: [(28, 1, 16, 3, 1, 1, Padding.valid), (13, 16, 32, 3, 1, 1, .valid), (9, 3, 8, 3, 2, 1, .same),
                      (10, 4, 5, 1, 1, 1, .valid), (11, 2, 6, 3, 1, 2, .same),
                      (12, 3, 40, 3, 1, 1, .same), (8, 5, 17, 2, 2, 2, .valid), (3, 2, 16, 3, 1, 1, .same),
                      (7, 3, 20, 3, 1, 1, .same), (6, 4, 64, 3, 2, 1, .same)])
    func fastWithinSummationToleranceOfReference(size: Int, inC: Int, outC: Int, k: Int, stride: Int, dilation: Int, padding: Padding) {
        var rng = TestLCG(state: UInt64(size * 131 + inC * 17 + outC))
        let inShape = Shape4(1, size, size, inC), fShape = Shape4(outC, k, k, inC)
        let input = (0..<inShape.flatSize).map { _ in rng.nextFloat(dividedBy: 1000) }
        let filter = (0..<fShape.flatSize).map { _ in rng.nextFloat(dividedBy: 1000) }
        let bias = (0..<outC).map { _ in rng.nextFloat(dividedBy: 1000) }
        let g = computePadding(padding, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                               dilationWidth: dilation, inputHeight: size, inputWidth: size, filterHeight: k, filterWidth: k)
        var p = ConvParams()
        (p.strideWidth, p.strideHeight, p.dilationWidthFactor, p.dilationHeightFactor) = (stride, stride, dilation, dilation)
        p.padding = g.values
        (p.floatActivationMin, p.floatActivationMax) = (0, 6)
        let outShape = Shape4(1, g.outputHeight, g.outputWidth, outC)
        var reference = [Float](repeating: 0, count: outShape.flatSize), fast = reference
        convFloat(params: p, inputShape: inShape, input: input, filterShape: fShape, filter: filter, bias: bias,
                  outputShape: outShape, output: &reference)
        let packed = filter.withUnsafeBufferPointer { PackedFloatConvFilter(filter: $0.baseAddress!, shape: fShape) }
        convFloatFast(params: p, inputShape: inShape, input: input, filter: packed, bias: bias,
                      outputShape: outShape, output: &fast)
        // Σ|x·w| + |b| per output: the reference loop on absolute values, unclamped.
        var magnitudes = reference
        var unclamped = p
        (unclamped.floatActivationMin, unclamped.floatActivationMax) = (0, .greatestFiniteMagnitude)
        convFloat(params: unclamped, inputShape: inShape, input: input.map(abs), filterShape: fShape,
                  filter: filter.map(abs), bias: bias.map(abs), outputShape: outShape, output: &magnitudes)
        expectWithinSummationTolerance(fast, reference, magnitudes: magnitudes, terms: k * k * inC)
        var separate = reference.map { _ in Float(7) }
        convFloatFast(params: p, inputShape: inShape, input: input, filter: packed, bias: bias,
                      outputShape: outShape, output: &separate, accumulation: .separate)
        #expect(separate.map(\.bitPattern) == reference.map(\.bitPattern))  // unfused: bit for bit
        #expect(reference.contains { $0 > 0 } && reference.contains { $0 == 0 })  // the clamp was exercised
    }

    /// The fast kernel fuses each multiply with its add. Two taps: −(1 + 2⁻¹¹)·1, then (1 + 2⁻¹²)², whose exact
    /// value 1 + 2⁻¹¹ + 2⁻²⁴ rounds (a tie, to even) to 1 + 2⁻¹¹. The reference rounds that product and sums
    /// to 0; one FMA keeps the 2⁻²⁴. Checked on an interior pixel (1×1 filter) and a border pixel (3×3 SAME
    /// filter whose only nonzero taps are the centre ones). `.separate` rounds like the reference.
    @Test(arguments: [1, 3])
    func fastFusesMultiplyAdd(kernel: Int) {
        let x: [Float] = [-(1 + 0x1p-11), 1 + 0x1p-12], centre: [Float] = [1, 1 + 0x1p-12]
        let fShape = Shape4(1, kernel, kernel, 2)
        var filter = [Float](repeating: 0, count: fShape.flatSize)
        for i in 0..<2 { filter[fShape.offset(0, kernel / 2, kernel / 2, i)] = centre[i] }
        var params = ConvParams()
        params.padding = PaddingValues(width: kernel / 2, height: kernel / 2)
        var reference: [Float] = [7], fast: [Float] = [7]
        convFloat(params: params, inputShape: Shape4(1, 1, 1, 2), input: x, filterShape: fShape, filter: filter,
                  bias: nil, outputShape: Shape4(1, 1, 1, 1), output: &reference)
        let packed = filter.withUnsafeBufferPointer { PackedFloatConvFilter(filter: $0.baseAddress!, shape: fShape) }
        convFloatFast(params: params, inputShape: Shape4(1, 1, 1, 2), input: x, filter: packed, bias: nil,
                      outputShape: Shape4(1, 1, 1, 1), output: &fast)
        #expect(reference == [0])
        #expect(fast == [0x1p-24])
        convFloatFast(params: params, inputShape: Shape4(1, 1, 1, 2), input: x, filter: packed, bias: nil,
                      outputShape: Shape4(1, 1, 1, 1), output: &fast, accumulation: .separate)
        #expect(fast == [0])
    }
}
