import Testing
@testable import LiteKernels

/// The fused float conv + 2×2/2 max pool against the conv followed by the pool: bit for bit against the
/// fast conv then the fast pool (FMA), and bit for bit against the reference conv then the reference
/// pool with `.separate`. Shapes cover the chapter's two layers, odd sizes (a row and column no window
/// reads), SAME padding (windows through the border path), strides, dilations, channel counts that
/// are not a multiple of 16, two batches, and conv and pool activation ranges.
@Suite struct ConvFloatMaxPoolFusionTests {
    @Test(arguments: [(28, 1, 16, 3, 1, 1, Padding.valid, 1), (13, 16, 32, 3, 1, 1, .valid, 1),
                      (9, 3, 20, 3, 1, 1, .same, 2), (10, 2, 5, 3, 2, 1, .same, 1), (12, 4, 40, 3, 1, 2, .same, 1),
                      (7, 5, 17, 2, 1, 1, .valid, 2), (4, 2, 16, 3, 1, 1, .same, 1)])
    func fusedEqualsConvThenPool(size: Int, inC: Int, outC: Int, k: Int, stride: Int, dilation: Int,
                                 padding: Padding, batches: Int) {
        var rng = TestLCG(state: UInt64(size * 7919 + inC * 31 + outC))
        let inShape = Shape4(batches, size, size, inC), fShape = Shape4(outC, k, k, inC)
        let input = (0..<inShape.flatSize).map { _ in rng.nextFloat(dividedBy: 1000) }
        let filter = (0..<fShape.flatSize).map { _ in rng.nextFloat(dividedBy: 1000) }
        let bias = (0..<outC).map { _ in rng.nextFloat(dividedBy: 1000) }
        let g = computePadding(padding, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                               dilationWidth: dilation, inputHeight: size, inputWidth: size, filterHeight: k, filterWidth: k)
        var conv = ConvParams()
        (conv.strideWidth, conv.strideHeight, conv.dilationWidthFactor, conv.dilationHeightFactor) =
            (stride, stride, dilation, dilation)
        conv.padding = g.values
        (conv.floatActivationMin, conv.floatActivationMax) = (-0.05, 6)
        let convShape = Shape4(batches, g.outputHeight, g.outputWidth, outC)
        let pool = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2,
                              floatActivationMin: 0, floatActivationMax: 0.5)
        let poolShape = Shape4(batches, convShape.height / 2, convShape.width / 2, outC)
        #expect(convFloatMaxPoolIsFusable(pool: pool, convOutputShape: convShape, outputShape: poolShape))
        let packed = filter.withUnsafeBufferPointer { PackedFloatConvFilter(filter: $0.baseAddress!, shape: fShape) }

        for accumulation in [FloatAccumulation.fused, .separate] {
            var convOutput = [Float](repeating: 7, count: convShape.flatSize)
            if accumulation == .fused {
                convFloatFast(params: conv, inputShape: inShape, input: input, filter: packed, bias: bias,
                              outputShape: convShape, output: &convOutput)
            } else {
                convFloat(params: conv, inputShape: inShape, input: input, filterShape: fShape, filter: filter,
                          bias: bias, outputShape: convShape, output: &convOutput)
            }
            var expected = [Float](repeating: 7, count: poolShape.flatSize)
            if accumulation == .fused {
                maxPoolFloatFast(params: pool, inputShape: convShape, input: convOutput, outputShape: poolShape,
                                 output: &expected)
            } else {
                maxPoolFloat(params: pool, inputShape: convShape, input: convOutput, outputShape: poolShape,
                             output: &expected)
            }
            var fused = [Float](repeating: 7, count: poolShape.flatSize)
            convFloatMaxPoolFast(params: conv, inputShape: inShape, input: input, filter: packed, bias: bias,
                                 convOutputShape: convShape, pool: pool, outputShape: poolShape, output: &fused,
                                 accumulation: accumulation)
            #expect(fused.map(\.bitPattern) == expected.map(\.bitPattern), "\(accumulation)")
            // Both clamps were exercised: pooled values at 0 (pool min) and at 0.5 (pool max) and between.
            #expect(expected.contains(0) && expected.contains(0.5) && expected.contains { $0 > 0 && $0 < 0.5 })
        }
    }

    @Test func onlyNonOverlappingTwoByTwoPoolsInsideTheOutputAreFusable() {
        let conv = Shape4(1, 11, 11, 8)
        let twoByTwo = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)
        #expect(convFloatMaxPoolIsFusable(pool: twoByTwo, convOutputShape: conv, outputShape: Shape4(1, 5, 5, 8)))
        // SAME pooling of an odd size: the sixth window would reach past the output.
        #expect(!convFloatMaxPoolIsFusable(pool: twoByTwo, convOutputShape: conv, outputShape: Shape4(1, 6, 6, 8)))
        let threeByThree = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 3, filterWidth: 3)
        #expect(!convFloatMaxPoolIsFusable(pool: threeByThree, convOutputShape: conv, outputShape: Shape4(1, 5, 5, 8)))
        let overlapping = PoolParams(strideHeight: 1, strideWidth: 1, filterHeight: 2, filterWidth: 2)
        #expect(!convFloatMaxPoolIsFusable(pool: overlapping, convOutputShape: conv, outputShape: Shape4(1, 10, 10, 8)))
    }
}
