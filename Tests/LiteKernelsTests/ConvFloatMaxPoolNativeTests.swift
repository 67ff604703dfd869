import Testing
import CLiteKernels
@testable import LiteKernels

/// The AVX-512 C kernel of the fused float conv + 2×2/2 max pool (`clk_conv_float_max_pool`, which
/// `convFloatMaxPoolFast` uses for inside windows when AVX-512 is active) against the Swift kernel with AVX2
/// forced (bit for bit: same operations in the same order), and against the readable reference (`convFloat`
/// then `maxPoolFloat`) within the summation tolerance. Shapes: the chapter's two layers, odd sizes, SAME
/// padding (border windows), strides, dilations, channel counts that leave a block of 16 or a partial block
/// after the blocks of 32, window counts that leave 1 to 3 windows after the blocks, no bias, two batches.
/// With `.separate` accumulation (models with hybrid operators) all three agree bit for bit.
@Suite(.enabled(if: clk_isa_supported(CLK_ISA_AVX512_VNNI) != 0, "this CPU has no AVX-512"))
struct ConvFloatMaxPoolNativeTests {
    @Test(arguments: [(28, 1, 16, 3, 1, 1, Padding.valid, 1, true), (13, 16, 32, 3, 1, 1, .valid, 1, true),
                      (9, 3, 20, 3, 1, 1, .same, 2, true), (10, 2, 5, 3, 2, 1, .same, 1, false),
                      (12, 4, 40, 3, 1, 2, .same, 1, true), (7, 5, 17, 2, 1, 1, .valid, 2, false),
                      (15, 3, 48, 3, 1, 1, .valid, 1, true), (11, 7, 33, 5, 1, 1, .same, 1, true),
                      (4, 2, 16, 3, 1, 1, .same, 1, true), (5, 1, 64, 3, 1, 1, .valid, 1, true)])
    func nativeMatchesSwiftAndReference(size: Int, inC: Int, outC: Int, k: Int, stride: Int, dilation: Int,
                                        padding: Padding, batches: Int, withBias: Bool) {
        var rng = TestLCG(state: UInt64(size * 104_729 + inC * 131 + outC * 7 + k))
        let inShape = Shape4(batches, size, size, inC), fShape = Shape4(outC, k, k, inC)
        let input = (0..<inShape.flatSize).map { _ in rng.nextFloat(dividedBy: 1000) }
        let filter = (0..<fShape.flatSize).map { _ in rng.nextFloat(dividedBy: 1000) }
        let bias: [Float]? = withBias ? (0..<outC).map { _ in rng.nextFloat(dividedBy: 1000) } : nil
        let g = computePadding(padding, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                               dilationWidth: dilation, inputHeight: size, inputWidth: size, filterHeight: k, filterWidth: k)
        var conv = ConvParams(padding: g.values, strideWidth: stride, strideHeight: stride, dilationWidthFactor: dilation,
                              dilationHeightFactor: dilation)
        (conv.floatActivationMin, conv.floatActivationMax) = (-0.05, 6)
        let convShape = Shape4(batches, g.outputHeight, g.outputWidth, outC)
        let pool = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2,
                              floatActivationMin: 0, floatActivationMax: 0.5)
        let poolShape = Shape4(batches, convShape.height / 2, convShape.width / 2, outC)
        let packed = filter.withUnsafeBufferPointer { PackedFloatConvFilter(filter: $0.baseAddress!, shape: fShape) }
        let windows = ConvFloatPoolWindows(params: conv, inputShape: inShape, filterShape: fShape, outputShape: poolShape)

        func fused(_ isa: clk_isa, windows: ConvFloatPoolWindows?, _ accumulation: FloatAccumulation = .fused) -> [Float] {
            let previous = clk_active_isa()
            defer { _ = clk_force_isa(previous) }
            #expect(clk_force_isa(isa) == isa)
            #expect(clk_conv_float_max_pool_supported() == (isa == CLK_ISA_AVX512_VNNI ? 1 : 0))
            var out = [Float](repeating: 7, count: poolShape.flatSize)
            convFloatMaxPoolFast(params: conv, inputShape: inShape, input: input, filter: packed, bias: bias,
                                 convOutputShape: convShape, pool: pool, outputShape: poolShape, output: &out,
                                 accumulation: accumulation, windows: windows)
            return out
        }
        let swift = fused(CLK_ISA_AVX2, windows: nil)
        let native = fused(CLK_ISA_AVX512_VNNI, windows: windows)
        #expect(native.map(\.bitPattern) == swift.map(\.bitPattern))
        #expect(fused(CLK_ISA_AVX512_VNNI, windows: nil).map(\.bitPattern) == swift.map(\.bitPattern))
        // Both clamps were exercised: pooled values at 0 (pool min) and at 0.5 (pool max) and between.
        #expect(native.contains(0) && native.contains(0.5) && native.contains { $0 > 0 && $0 < 0.5 })

        // The reference, and each pooled value's tolerance from the largest Σ|x·w| + |b| of its window.
        func convThenPool(_ x: [Float], _ w: [Float], _ b: [Float]?, _ c: ConvParams, _ p: PoolParams) -> [Float] {
            var convOut = [Float](repeating: 0, count: convShape.flatSize)
            convFloat(params: c, inputShape: inShape, input: x, filterShape: fShape, filter: w, bias: b,
                      outputShape: convShape, output: &convOut)
            var pooled = [Float](repeating: 0, count: poolShape.flatSize)
            maxPoolFloat(params: p, inputShape: convShape, input: convOut, outputShape: poolShape, output: &pooled)
            return pooled
        }
        let reference = convThenPool(input, filter, bias, conv, pool)
        // A rounded product and a rounded add per tap (hybrid models): the C kernel, the Swift kernel and
        // the reference loops agree bit for bit.
        let separateNative = fused(CLK_ISA_AVX512_VNNI, windows: windows, .separate)
        #expect(separateNative.map(\.bitPattern) == fused(CLK_ISA_AVX2, windows: nil, .separate).map(\.bitPattern))
        #expect(separateNative.map(\.bitPattern) == reference.map(\.bitPattern))
        var unclamped = conv
        (unclamped.floatActivationMin, unclamped.floatActivationMax) = (-.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        var open = pool
        (open.floatActivationMin, open.floatActivationMax) = (-.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        let magnitudes = convThenPool(input.map(abs), filter.map(abs), bias?.map(abs), unclamped, open)
        expectWithinSummationTolerance(native, reference, magnitudes: magnitudes, terms: k * k * inC)
    }

    /// Windows are sorted into inside and border ones once; a VALID chapter layer has no border window.
    @Test func windowsSplitInsideFromBorder() {
        let chapter = ConvFloatPoolWindows(params: ConvParams(), inputShape: Shape4(1, 13, 13, 16),
                                           filterShape: Shape4(32, 3, 3, 16), outputShape: Shape4(1, 5, 5, 32))
        #expect(chapter.insideInput.count == 25 && chapter.border.isEmpty)
        #expect(chapter.taps.count == 144 && chapter.taps[3] == 3 && chapter.taps[16] == 16 && chapter.taps[48] == 13 * 16)
        // SAME 3×3 on 6×6: conv output 6×6, pool 3×3; only the centre window's pixels all read inside.
        let same = ConvFloatPoolWindows(params: ConvParams(padding: PaddingValues(width: 1, height: 1)),
                                        inputShape: Shape4(1, 6, 6, 1), filterShape: Shape4(4, 3, 3, 1),
                                        outputShape: Shape4(1, 3, 3, 4))
        #expect(same.insideInput == [Int32(1 * 6 + 1)] && same.insideOutput == [Int32(4 * 4)] && same.border.count == 8)
    }
}
