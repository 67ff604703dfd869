import CLiteKernels
import Testing
import LiteKernels

/// The fast hybrid CONV_2D (unfused, and fused with the MAX_POOL_2D after it) on every instruction set this
/// CPU has, against `hybridConvPerChannel` then `maxPoolFloat`, bit for bit: odd sizes, SAME borders (padded
/// taps hold the run-time offset), strides, dilations, channel counts off the vector width, pools of 2×2/2,
/// 3×3/2 and 2×2/1, images that are all zero, only negative or only positive, and conv clamps below zero
/// (where the window maximum's tie rule and −0 matter).
@Suite struct HybridConvMaxPoolTests {
    @Test(arguments: [(13, 16, 32, 3, 1, 1, Padding.valid, 2, 2), (11, 3, 10, 3, 1, 1, .same, 3, 2),
                      (9, 5, 17, 3, 2, 1, .same, 2, 1), (12, 2, 7, 3, 1, 2, .same, 2, 2),
                      (8, 40, 24, 1, 1, 1, .valid, 2, 2), (28, 1, 16, 3, 1, 1, .valid, 2, 2)])
    func fastAndFusedEqualReference(geometry: (Int, Int, Int, Int, Int, Int, Padding, Int, Int)) {
        let (size, inC, outC, k, stride, dilation, padding, poolSize, poolStride) = geometry
        var rng = TestLCG(state: UInt64(size * 977 + inC * 13 + outC))
        let inShape = Shape4(2, size, size, inC), fShape = Shape4(outC, k, k, inC)
        let filter = (0..<fShape.flatSize).map { _ in Int8(rng.nextInt() % 255 - 127) }
        let scales = (0..<outC).map { Float($0 + 1) * 0.0021 }
        let bias = (0..<outC).map { _ in rng.nextFloat(dividedBy: 400) }
        let g = computePadding(padding, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                               dilationWidth: dilation, inputHeight: size, inputWidth: size, filterHeight: k, filterWidth: k)
        let convShape = Shape4(2, g.outputHeight, g.outputWidth, outC)
        let pool = PoolParams(strideHeight: poolStride, strideWidth: poolStride, filterHeight: poolSize,
                              filterWidth: poolSize, floatActivationMin: -0.5, floatActivationMax: 2)
        let poolShape = Shape4(2, (convShape.height - poolSize) / poolStride + 1,
                               (convShape.width - poolSize) / poolStride + 1, outC)
        #expect(hybridConvMaxPoolIsFusable(pool: pool, convOutputShape: convShape, outputShape: poolShape))
        let packed = filter.withUnsafeBufferPointer { PackedHybridConvFilter(filter: $0.baseAddress!, shape: fShape) }
        let centred = (0..<inShape.flatSize).map { _ in rng.nextFloat(dividedBy: 300) }
        let images: [[Float]] = [centred, centred.map { $0.magnitude + 0.1 }, centred.map { -$0.magnitude },
                                 [Float](repeating: 0, count: centred.count),
                                 Array(centred[..<(centred.count / 2)]) + [Float](repeating: 0, count: centred.count / 2)]
        for (lo, hi) in [(Float(0), Float.greatestFiniteMagnitude), (-Float.greatestFiniteMagnitude, .greatestFiniteMagnitude),
                         (-1, 1.5)] {
            var p = ConvParams(padding: g.values, strideWidth: stride, strideHeight: stride,
                               dilationWidthFactor: dilation, dilationHeightFactor: dilation)
            (p.floatActivationMin, p.floatActivationMax) = (lo, hi)
            for (n, input) in images.enumerated() {
                var conv = [Float](repeating: 0, count: convShape.flatSize)
                var q = [Int8](repeating: 0, count: inShape.flatSize)
                hybridConvPerChannel(params: p, inputShape: inShape, input: input, filterShape: fShape, filter: filter,
                                     filterScales: scales, bias: bias, outputShape: convShape, output: &conv,
                                     quantizedInput: &q)
                var pooled = [Float](repeating: 0, count: poolShape.flatSize)
                maxPoolFloat(params: pool, inputShape: convShape, input: conv, outputShape: poolShape, output: &pooled)
                HybridNativeKernelTests.onEachInstructionSet { isa in
                    let context = "isa \(isa.rawValue) image \(n) clamp \(lo)…\(hi)"
                    let bytes = max(hybridConvScratchByteCount(outputShape: convShape, filter: packed),
                                    hybridConvMaxPoolScratchByteCount(pool: pool, convOutputShape: convShape,
                                                                      outputShape: poolShape, filter: packed))
                    let scratch = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
                    defer { scratch.deallocate() }
                    var fastConv = [Float](repeating: 7, count: conv.count), fastQ = [Int8](repeating: 3, count: q.count)
                    hybridConvPerChannelFast(params: p, inputShape: inShape, input: input, filter: packed, filterScales: scales,
                                             bias: bias, outputShape: convShape, output: &fastConv, quantizedInput: &fastQ,
                                             scratch: scratch)
                    #expect(fastQ == q, "\(context)")
                    #expect(fastConv.map(\.bitPattern) == conv.map(\.bitPattern), "\(context)")
                    var fused = [Float](repeating: 7, count: pooled.count)
                    hybridConvPerChannelMaxPoolFast(params: p, inputShape: inShape, input: input, filter: packed,
                                                    filterScales: scales, bias: bias, convOutputShape: convShape,
                                                    pool: pool, outputShape: poolShape, output: &fused,
                                                    quantizedInput: &fastQ, scratch: scratch)
                    #expect(fused.map(\.bitPattern) == pooled.map(\.bitPattern), "\(context)")
                }
            }
        }
    }

    @Test func unfusablePoolsAreRejected() {
        let conv = Shape4(1, 11, 11, 32)
        let twoByTwo = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)
        #expect(hybridConvMaxPoolIsFusable(pool: twoByTwo, convOutputShape: conv, outputShape: Shape4(1, 5, 5, 32)))
        var padded = twoByTwo
        padded.padding = PaddingValues(width: 1, height: 0)
        #expect(!hybridConvMaxPoolIsFusable(pool: padded, convOutputShape: conv, outputShape: Shape4(1, 5, 6, 32)))
        #expect(!hybridConvMaxPoolIsFusable(pool: twoByTwo, convOutputShape: conv, outputShape: Shape4(1, 6, 5, 32)))
        #expect(!hybridConvMaxPoolIsFusable(pool: twoByTwo, convOutputShape: conv, outputShape: Shape4(1, 5, 5, 16)))
    }
}
