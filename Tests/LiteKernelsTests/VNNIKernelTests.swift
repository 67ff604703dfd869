import Foundation
import Testing
import LiteKernels
import CLiteKernels

// The vpdpbusd kernels (lanes GEMM of the wide convolutions, tap groups of the short ones) of each VNNI
// instruction set against the Swift reference kernels, with that instruction set forced on the test's thread.
// A host without the instructions reports the suite as skipped. The AVX-VNNI code is the AVX-512 code
// (lanes_vnni_body.h) with 256-bit VEX intrinsics, so where AVX-VNNI is missing the AVX-512 suite still
// covers its logic.

@Suite(.enabled(if: clk_isa_supported(CLK_ISA_AVX512_VNNI) != 0, "this CPU has no AVX-512 VNNI"))
struct AVX512VNNIKernelTests {
    @Test func lanesGemmMatchesReference() { checkLanesGemm(CLK_ISA_AVX512_VNNI) }
    @Test func lanesGemmExtremeValues() { checkLanesGemmExtremes(CLK_ISA_AVX512_VNNI) }
    @Test func wideConvReadsWindowRowsInPlace() { checkWideConvs(CLK_ISA_AVX512_VNNI) }
    @Test func shortConvGroupsFourTaps() { checkShortConvs(CLK_ISA_AVX512_VNNI) }
    @Test func chapterConvolutionsMatchLiteRT() throws { try checkChapterConvs(CLK_ISA_AVX512_VNNI) }
}

@Suite(.enabled(if: clk_isa_supported(CLK_ISA_AVX_VNNI) != 0, "this CPU has no AVX-VNNI"))
struct AVXVNNIKernelTests {
    @Test func lanesGemmMatchesReference() { checkLanesGemm(CLK_ISA_AVX_VNNI) }
    @Test func lanesGemmExtremeValues() { checkLanesGemmExtremes(CLK_ISA_AVX_VNNI) }
    @Test func wideConvReadsWindowRowsInPlace() { checkWideConvs(CLK_ISA_AVX_VNNI) }
    @Test func shortConvGroupsFourTaps() { checkShortConvs(CLK_ISA_AVX_VNNI) }
    @Test func chapterConvolutionsMatchLiteRT() throws { try checkChapterConvs(CLK_ISA_AVX_VNNI) }
}

/// Forcing an instruction set is per thread (tests run concurrently) and refuses what the CPU lacks.
@Test func forcedInstructionSetStaysOnItsThread() {
    let processWide = isaOnNewThread()
    #expect(clk_isa_supported(processWide) != 0)
    let previous = clk_active_isa()
    defer { _ = clk_force_isa(previous) }
    let other = processWide == CLK_ISA_SCALAR ? CLK_ISA_AVX2 : CLK_ISA_SCALAR
    if clk_isa_supported(other) != 0 {
        #expect(clk_force_isa(other) == other)
        #expect(isaOnNewThread() == processWide)
    }
    for isa in [CLK_ISA_AVX2, CLK_ISA_AVX512_VNNI, CLK_ISA_AVX_VNNI] where clk_isa_supported(isa) == 0 {
        #expect(clk_force_isa(isa) != isa, "unsupported \(isa.rawValue) must fall back")
    }
}

/// `clk_active_isa()` on a thread started for the purpose (so certainly not one a test forced).
private func isaOnNewThread() -> clk_isa {
    nonisolated(unsafe) let result = UnsafeMutablePointer<clk_isa>.allocate(capacity: 1)
    defer { result.deallocate() }
    let done = DispatchSemaphore(value: 0)
    Thread { result.pointee = clk_active_isa(); done.signal() }.start()
    done.wait()
    return result.pointee
}

/// Runs `body` with `isa` forced on this thread, which must take it.
private func forcing(_ isa: clk_isa, _ body: () throws -> Void) rethrows {
    let previous = clk_active_isa()
    defer { _ = clk_force_isa(previous) }
    #expect(clk_force_isa(isa) == isa)
    #expect(Int8GemmBackend.nativeInstructionSet == (isa == CLK_ISA_AVX512_VNNI ? "avx512-vnni" : "avx-vnni"))
    try body()
}

/// Odd k (groups of 4 padded with zero weights), rows not a multiple of four, channel counts that leave a
/// block of 16 or 8 after the blocks of 32, row strides longer than k, k past the stack scratch (heap).
private func checkLanesGemm(_ isa: clk_isa) {
    var rng = SplitMix64(state: 41)
    forcing(isa) {
        for (m, n, k, lda) in [(1, 8, 1, 1), (100, 32, 144, 144), (121, 32, 144, 144), (5, 24, 17, 32), (6, 8, 31, 31),
                               (3, 40, 1030, 1040), (9, 16, 16, 16), (7, 56, 2, 3), (4, 48, 3, 5), (2, 64, 4, 4),
                               (13, 8, 5, 7)] {
            let a = randomInt8s(m * lda, &rng), b = randomInt8s(n * k, &rng)
            var reference = [Int32](repeating: 0, count: m * n)
            int8GemmNTReference(m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: k, c: &reference, ldc: n)
            var packed = [Int32](repeating: 0, count: Int(clk_int8_lanes_packed_count(Int32(n), Int32(k))))
            clk_int8_pack_lanes(Int32(n), Int32(k), b, Int32(k), &packed)
            var lanes = [Int32](repeating: 7, count: m * n)
            clk_int8_gemm_lanes(Int32(m), Int32(n), Int32(k), a, Int32(lda), packed, &lanes, Int32(n))
            #expect(lanes == reference, "m \(m) n \(n) k \(k)")
        }
    }
}

/// The bytes the flip maps to 0 and 255 against both weight extremes: −128 · −128 (flipped input 0), 127 · −128
/// (flipped 255) and 127 · 127, 144 taps, by hand.
private func checkLanesGemmExtremes(_ isa: clk_isa) {
    let (m, n, k) = (5, 40, 144)
    forcing(isa) {
        for (x, w) in [(Int8(-128), Int8(-128)), (127, -128), (127, 127), (-128, 127)] {
            let a = [Int8](repeating: x, count: m * k), b = [Int8](repeating: w, count: n * k)
            var packed = [Int32](repeating: 0, count: Int(clk_int8_lanes_packed_count(Int32(n), Int32(k))))
            clk_int8_pack_lanes(Int32(n), Int32(k), b, Int32(k), &packed)
            var c = [Int32](repeating: 0, count: m * n)
            clk_int8_gemm_lanes(Int32(m), Int32(n), Int32(k), a, Int32(k), packed, &c, Int32(n))
            #expect(c == [Int32](repeating: Int32(k) * Int32(x) * Int32(w), count: m * n), "x \(x) w \(w)")
        }
    }
}

/// Filters whose rows hold a multiple of 16 taps on windows inside the input (`clk_int8_conv_lanes`): the
/// chapter's conv2 (13×13×16 → 11×11×32) and random valid geometries (strides 1–2, 8–56 channels).
private func checkWideConvs(_ isa: clk_isa) {
    var rng = SplitMix64(state: 43)
    forcing(isa) {
        for trial in 0..<24 {
            let chapter = trial == 0
            let inC = chapter ? 16 : [16, 32][Int.random(in: 0..<2, using: &rng)]
            let outC = chapter ? 32 : [8, 16, 24, 40, 56][Int.random(in: 0..<5, using: &rng)]
            let (kh, kw) = chapter ? (3, 3) : (Int.random(in: 1...3, using: &rng), Int.random(in: 2...3, using: &rng))
            let stride = chapter ? 1 : Int.random(in: 1...2, using: &rng)
            let inShape = chapter ? Shape4(1, 13, 13, 16)
                : Shape4(Int.random(in: 1...2, using: &rng), Int.random(in: 3...9, using: &rng), Int.random(in: 3...9, using: &rng), inC)
            let (reference, fast, packed) = randomValidConv(inShape: inShape, outC: outC, kh: kh, kw: kw, stride: stride,
                                                            dilation: 1, rng: &rng)
            #expect(packed.usesLanes)
            #expect(fast == reference, "trial \(trial): in \(inShape) \(outC)×\(kh)×\(kw) stride \(stride)")
        }
    }
}

/// Short filters on windows inside the input (`clk_int8_conv_broadcast`): the chapter's conv1 (28×28×1 →
/// 26×26×16), one-channel stride-1 rows of 16 or more positions (interleaved loads, last block overlapping)
/// and the other geometries (gathered groups: several channels, strides, dilations, short rows).
private func checkShortConvs(_ isa: clk_isa) {
    var rng = SplitMix64(state: 47)
    forcing(isa) {
        for trial in 0..<40 {
            let chapter = trial == 0
            let inC = chapter || trial % 2 == 0 ? 1 : Int.random(in: 1...3, using: &rng)
            let outC = chapter ? 16 : [8, 16, 24][Int.random(in: 0..<3, using: &rng)]
            let (kh, kw) = chapter ? (3, 3) : (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
            let stride = chapter ? 1 : Int.random(in: 1...2, using: &rng)
            let dilation = chapter ? 1 : Int.random(in: 1...2, using: &rng)
            let inShape = chapter ? Shape4(1, 28, 28, 1)
                : Shape4(Int.random(in: 1...2, using: &rng), Int.random(in: 5...12, using: &rng), Int.random(in: 5...40, using: &rng), inC)
            let (reference, fast, packed) = randomValidConv(inShape: inShape, outC: outC, kh: kh, kw: kw, stride: stride,
                                                            dilation: dilation, rng: &rng)
            #expect(packed.usesBroadcast)
            #expect(fast == reference, "trial \(trial): in \(inShape) \(outC)×\(kh)×\(kw) stride \(stride) dilation \(dilation)")
        }
    }
}

/// A VALID conv with random weights, bias and zero points: the reference conv and the fast (native) one.
private func randomValidConv(inShape: Shape4, outC: Int, kh: Int, kw: Int, stride: Int, dilation: Int,
                             rng: inout SplitMix64) -> (reference: [Int8], fast: [Int8], packed: PackedConvFilter) {
    let g = computePadding(.valid, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                           dilationWidth: dilation, inputHeight: inShape.height, inputWidth: inShape.width,
                           filterHeight: kh, filterWidth: kw)
    let filterShape = Shape4(outC, kh, kw, inShape.depth)
    let outShape = Shape4(inShape.batches, g.outputHeight, g.outputWidth, outC)
    let input = randomInt8s(inShape.flatSize, &rng), filter = randomInt8s(filterShape.flatSize, &rng)
    let bias = (0..<outC).map { _ in Int32.random(in: -20000...20000, using: &rng) }
    let zIn = Int32.random(in: -128...127, using: &rng)
    let scales = (0..<outC).map { _ in Float.random(in: 0.0005...0.01, using: &rng) }
    let rescale = OutputRescale(inputScale: 0.02, filterScales: scales, outputScale: 0.05, outputZeroPoint: 3,
                                channels: outC)
    let params = ConvParams(padding: g.values, strideWidth: stride, strideHeight: stride,
                            dilationWidthFactor: dilation, dilationHeightFactor: dilation, inputOffset: -zIn)
    var reference = [Int8](repeating: 0, count: outShape.flatSize), fast = reference
    convPerChannel(params: params, rescale: rescale, inputShape: inShape, input: input, filterShape: filterShape,
                   filter: filter, bias: bias, outputShape: outShape, output: &reference)
    let packed = PackedConvFilter(filter: filter, shape: filterShape, inputOffset: params.inputOffset)
    var scratch = [UInt8](repeating: 0xAB, count: packed.scratchByteCount(outputHeight: outShape.height,
                                                                           outputWidth: outShape.width))
    convPerChannelFast(params: params, rescale: rescale, inputShape: inShape, input: input, packedFilter: packed,
                       bias: bias, outputShape: outShape, output: &fast, scratch: &scratch, backend: .native)
    return (reference, fast, packed)
}

/// The chapter's two convolutions with their real weights on the dumped images: alone (conv1 26×26, conv2
/// 11×11) and fused with their 2×2 max pools (conv regions 26×26 and 10×10), equal to LiteRT BUILTIN_REF's tensors.
private func checkChapterConvs(_ isa: clk_isa) throws {
    let m = try ChapterInt8Model()
    let images = try m.images()
    try forcing(isa) {
        for image in 0..<images {
            let x = slice(try m.int8(0), image: image, of: images), p1 = slice(try m.int8(9), image: image, of: images)
            #expect(try m.conv(x, input: 0, filter: 7, bias: 6, output: 8, fast: true) == slice(try m.int8(8), image: image, of: images),
                    "conv1 image \(image)")
            #expect(try m.conv(p1, input: 9, filter: 5, bias: 4, output: 10, fast: true) == slice(try m.int8(10), image: image, of: images),
                    "conv2 image \(image)")
            #expect(try m.convPool(x, input: 0, filter: 7, bias: 6, conv: 8, output: 9) == p1, "conv1 + pool1 image \(image)")
            #expect(try m.convPool(p1, input: 9, filter: 5, bias: 4, conv: 10, output: 11) == slice(try m.int8(11), image: image, of: images),
                    "conv2 + pool2 image \(image)")
        }
    }
}

extension ChapterInt8Model {
    /// CONV_2D (VALID, stride 1, fused RELU) and the 2×2 MAX_POOL_2D after it in one pass (`convPerChannelMaxPoolFast`).
    func convPool(_ x: [Int8], input: Int, filter: Int, bias: Int, conv: Int, output: Int) throws -> [Int8] {
        let i = try #require(t.tensors[input]), f = try #require(t.tensors[filter])
        let c = try #require(t.tensors[conv]), o = try #require(t.tensors[output])
        let inShape = Shape4(1, i.shape[1], i.shape[2], i.shape[3])
        let fShape = Shape4(f.shape[0], f.shape[1], f.shape[2], f.shape[3])
        let convShape = Shape4(1, c.shape[1], c.shape[2], c.shape[3]), outShape = Shape4(1, o.shape[1], o.shape[2], o.shape[3])
        let range = quantizedActivationRange(.relu, outputScale: c.scales[0], outputZeroPoint: c.zeroPoints[0])
        let rescale = OutputRescale(inputScale: i.scales[0], filterScales: f.scales, outputScale: c.scales[0],
                                    outputZeroPoint: c.zeroPoints[0], channels: fShape.batches,
                                    activationMin: range.min, activationMax: range.max)
        let params = ConvParams(inputOffset: -i.zeroPoints[0])
        let w = try constant8(filter), b = try constant32(bias)
        let packed = PackedConvFilter(filter: w, shape: fShape, inputOffset: params.inputOffset)
        try #require(packed.requantizationIsMonotone(rescale: rescale, bias: b))
        let pool = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)
        var scratch = [UInt8](repeating: 0xAB, count: packed.maxPoolScratchByteCount(pool: pool, convOutputShape: convShape,
                                                                                     outputShape: outShape))
        var y = [Int8](repeating: 0, count: outShape.flatSize)
        convPerChannelMaxPoolFast(params: params, rescale: rescale, inputShape: inShape, input: x, packedFilter: packed,
                                  bias: b, convOutputShape: convShape, pool: pool, outputShape: outShape, output: &y,
                                  scratch: &scratch)
        return y
    }
}
