import Testing
import LiteKernels
import CLiteKernels

/// Deterministic generator for property tests (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomInt8s(_ count: Int, _ rng: inout SplitMix64, range: ClosedRange<Int8> = -128...127) -> [Int8] {
    (0..<count).map { _ in Int8.random(in: range, using: &rng) }
}

@Test func broadcastGemmMatchesReference() {
    var rng = SplitMix64(state: 7)
    for (m, n, k) in [(1, 8, 1), (676, 16, 9), (5, 24, 17), (3, 32, 31), (2, 40, 5)] {
        let a = randomInt8s(m * k, &rng), b = randomInt8s(n * k, &rng)
        var transposed = [Int32](repeating: 0, count: k * n)
        for j in 0..<n { for p in 0..<k { transposed[p * n + j] = Int32(b[j * k + p]) } }
        var reference = [Int32](repeating: 0, count: m * n)
        int8GemmNTReference(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &reference, ldc: n)
        for isa in [CLK_ISA_SCALAR, CLK_ISA_AVX2] {
            let previous = clk_active_isa()
            clk_force_isa(isa)
            for backend in [Int8GemmBackend.swift, .native] {
                var broadcast = [Int32](repeating: 7, count: m * n)
                backend.gemmBroadcast(m: m, n: n, k: k, a: a, lda: k, bT: transposed, ldb: n, c: &broadcast, ldc: n)
                #expect(broadcast == reference, "m \(m) n \(n) k \(k) \(backend) isa \(isa.rawValue)")
            }
            clk_force_isa(previous)
        }
    }
}

@Test func int8GemmMatchesReferenceOnOddShapes() {
    var rng = SplitMix64(state: 1)
    for (m, n, k) in [(1, 4, 1), (3, 8, 9), (5, 12, 17), (2, 4, 800), (7, 16, 144)] {
        let a = randomInt8s(m * k, &rng), b = randomInt8s(n * k, &rng)
        var fast = [Int32](repeating: 0, count: m * n), reference = fast
        int8GemmNT(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &fast, ldc: n)
        int8GemmNTReference(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &reference, ldc: n)
        #expect(fast == reference, "m \(m) n \(n) k \(k)")
    }
}

/// Every instruction set of the C GEMM (forced one after the other; exact results make the global
/// switch harmless for tests running concurrently) against the readable reference.
@Test func nativeGemmMatchesReferenceForEveryInstructionSet() {
    var rng = SplitMix64(state: 5)
    let best = clk_active_isa()
    defer { _ = clk_force_isa(best) }
    for isa in [CLK_ISA_SCALAR, CLK_ISA_AVX2, CLK_ISA_AVX512_VNNI] {
        let active = clk_force_isa(isa)
        for (m, n, k) in [(1, 4, 1), (3, 8, 9), (5, 12, 16), (2, 4, 47), (7, 16, 144), (4, 32, 160), (1, 12, 800), (9, 4, 33)] {
            let a = randomInt8s(m * k, &rng), b = randomInt8s(n * k, &rng)
            var native = [Int32](repeating: 0, count: m * n), reference = native
            Int8GemmBackend.native.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &native, ldc: n)
            int8GemmNTReference(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &reference, ldc: n)
            #expect(native == reference, "isa \(active.rawValue) m \(m) n \(n) k \(k)")
        }
        // Extremes: −128 · −128 everywhere must not saturate anywhere.
        let k = 144, a = [Int8](repeating: -128, count: 2 * k), b = [Int8](repeating: -128, count: 4 * k)
        var c = [Int32](repeating: 0, count: 8)
        Int8GemmBackend.native.gemm(m: 2, n: 4, k: k, a: a, lda: k, b: b, ldb: k, c: &c, ldc: 4)
        #expect(c == [Int32](repeating: Int32(k * 16384), count: 8), "isa \(active.rawValue)")
    }
}

/// One int8 conv through `convPerChannel` and through `convPerChannelFast` (with the filter packed
/// and dirty scratch), for the tests to compare; also the packed filter, whose path some tests check.
private func convReferenceAndFast(params: ConvParams, rescale: OutputRescale, inShape: Shape4, input: [Int8],
                                  filterShape: Shape4, filter: [Int8], bias: [Int32], outShape: Shape4,
                                  backend: Int8GemmBackend) -> (reference: [Int8], fast: [Int8], packed: PackedConvFilter) {
    var reference = [Int8](repeating: 0, count: outShape.flatSize), fast = reference
    convPerChannel(params: params, rescale: rescale, inputShape: inShape, input: input, filterShape: filterShape,
                   filter: filter, bias: bias, outputShape: outShape, output: &reference)
    let packed = PackedConvFilter(filter: filter, shape: filterShape, inputOffset: params.inputOffset)
    var scratch = [UInt8](repeating: 0xAB, count: packed.scratchByteCount(outputHeight: outShape.height,
                                                                           outputWidth: outShape.width))
    convPerChannelFast(params: params, rescale: rescale, inputShape: inShape, input: input, packedFilter: packed,
                       bias: bias, outputShape: outShape, output: &fast, scratch: &scratch, backend: backend)
    return (reference, fast, packed)
}

@Test(arguments: [Int8GemmBackend.swift, .native])
func fastConvEqualsReferenceOnRandomShapes(backend: Int8GemmBackend) {
    var rng = SplitMix64(state: 2)
    for trial in 0..<150 {
        let batches = Int.random(in: 1...2, using: &rng)
        let inH = Int.random(in: 1...9, using: &rng), inW = Int.random(in: 1...9, using: &rng)
        let inC = Int.random(in: 1...20, using: &rng), outC = Int.random(in: 1...13, using: &rng)
        let kh = Int.random(in: 1...3, using: &rng), kw = Int.random(in: 1...3, using: &rng)
        let stride = Int.random(in: 1...2, using: &rng), dilation = Int.random(in: 1...2, using: &rng)
        let padding: Padding = Bool.random(using: &rng) ? .same : .valid
        let geometry = computePadding(padding, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                                      dilationWidth: dilation, inputHeight: inH, inputWidth: inW,
                                      filterHeight: kh, filterWidth: kw)
        guard geometry.outputHeight > 0, geometry.outputWidth > 0 else { continue }
        let inShape = Shape4(batches, inH, inW, inC), filterShape = Shape4(outC, kh, kw, inC)
        let outShape = Shape4(batches, geometry.outputHeight, geometry.outputWidth, outC)
        let input = randomInt8s(inShape.flatSize, &rng)
        let filter = randomInt8s(filterShape.flatSize, &rng, range: -127...127)
        let bias = (0..<outC).map { _ in Int32.random(in: -20000...20000, using: &rng) }
        let zIn = Int32.random(in: -128...127, using: &rng), zOut = Int32.random(in: -128...127, using: &rng)
        let scales = (0..<outC).map { _ in Float.random(in: 0.0005...0.01, using: &rng) }
        let range = quantizedActivationRange(Bool.random(using: &rng) ? .relu : .none, outputScale: 0.05, outputZeroPoint: zOut)
        let rescale = OutputRescale(inputScale: 0.02, filterScales: scales, outputScale: 0.05, outputZeroPoint: zOut,
                                    channels: outC, activationMin: range.min, activationMax: range.max)
        let params = ConvParams(padding: geometry.values, strideWidth: stride, strideHeight: stride,
                                dilationWidthFactor: dilation, dilationHeightFactor: dilation, inputOffset: -zIn)
        let (reference, fast, _) = convReferenceAndFast(params: params, rescale: rescale, inShape: inShape, input: input,
                                                        filterShape: filterShape, filter: filter, bias: bias,
                                                        outShape: outShape, backend: backend)
        #expect(fast == reference, "trial \(trial): in \(inShape) filter \(filterShape) stride \(stride) dilation \(dilation) \(padding)")
    }
}

@Test(arguments: [RescaleMode.reference, .micro], [Int8GemmBackend.swift, .native])
func fastFullyConnectedEqualsReference(mode: RescaleMode, backend: Int8GemmBackend) {
    var rng = SplitMix64(state: 3)
    for trial in 0..<40 {
        let batches = Int.random(in: 1...5, using: &rng), depth = Int.random(in: 1...100, using: &rng)
        let units = Int.random(in: 1...11, using: &rng)
        let input = randomInt8s(batches * depth, &rng), weights = randomInt8s(units * depth, &rng, range: -127...127)
        let bias = (0..<units).map { _ in Int32.random(in: -5000...5000, using: &rng) }
        let zIn = Int32.random(in: -128...127, using: &rng)
        let scales = (0..<units).map { _ in Float.random(in: 0.001...0.02, using: &rng) }
        let rescale = OutputRescale(inputScale: 0.03, filterScales: scales, outputScale: 0.1,
                                    outputZeroPoint: Int32.random(in: -20...20, using: &rng), channels: units)
        let params = FullyConnectedParams(inputOffset: -zIn, rescaleMode: mode)
        var reference = [Int8](repeating: 0, count: batches * units), fast = reference
        fullyConnected(params: params, rescale: rescale, batches: batches, accumDepth: depth, outputDepth: units,
                       input: input, weights: weights, bias: bias, output: &reference)
        let packed = PackedFullyConnectedWeights(weights: weights, outputDepth: units, accumDepth: depth,
                                                 inputOffset: params.inputOffset)
        fullyConnectedFast(params: params, rescale: rescale, batches: batches, input: input, packedWeights: packed,
                           bias: bias, output: &fast, backend: backend)
        #expect(fast == reference, "trial \(trial)")
    }
}

/// Short filters on VALID windows take the native product that reads taps in place (no im2col), on both
/// instruction sets: held equal to the reference conv on random strides, dilations and odd widths.
@Test func shortFilterValidConvReadsTapsInPlace() {
    var rng = SplitMix64(state: 21)
    let previous = clk_active_isa()
    defer { clk_force_isa(previous) }
    for isa in [CLK_ISA_SCALAR, CLK_ISA_AVX2] {
        clk_force_isa(isa)
        for trial in 0..<40 {
            let inC = trial % 2 == 0 ? 1 : Int.random(in: 1...3, using: &rng), outC = [8, 16, 24][Int.random(in: 0..<3, using: &rng)]
            let (kh, kw) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
            let stride = Int.random(in: 1...2, using: &rng), dilation = Int.random(in: 1...2, using: &rng)
            // Widths up to 28 give one-channel stride-1 rows of 8 or more positions (whole and overlapping blocks).
            let inShape = Shape4(Int.random(in: 1...2, using: &rng), Int.random(in: 5...12, using: &rng),
                                 Int.random(in: 5...28, using: &rng), inC)
            let g = computePadding(.valid, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                                   dilationWidth: dilation, inputHeight: inShape.height, inputWidth: inShape.width,
                                   filterHeight: kh, filterWidth: kw)
            let filterShape = Shape4(outC, kh, kw, inC), outShape = Shape4(inShape.batches, g.outputHeight, g.outputWidth, outC)
            let input = randomInt8s(inShape.flatSize, &rng), filter = randomInt8s(filterShape.flatSize, &rng, range: -127...127)
            let bias = (0..<outC).map { _ in Int32.random(in: -2000...2000, using: &rng) }
            let zIn = Int32.random(in: -128...127, using: &rng)
            let rescale = OutputRescale(inputScale: 0.02, filterScales: [0.004], outputScale: 0.05, outputZeroPoint: -5,
                                        channels: outC)
            let params = ConvParams(padding: g.values, strideWidth: stride, strideHeight: stride,
                                    dilationWidthFactor: dilation, dilationHeightFactor: dilation, inputOffset: -zIn)
            let (reference, fast, packed) = convReferenceAndFast(params: params, rescale: rescale, inShape: inShape,
                                                                 input: input, filterShape: filterShape, filter: filter,
                                                                 bias: bias, outShape: outShape, backend: .native)
            #expect(packed.usesBroadcast)
            #expect(fast == reference, "isa \(isa.rawValue) trial \(trial): in \(inShape) filter \(filterShape) stride \(stride) dilation \(dilation)")
        }
    }
}

/// Filters whose rows hold a multiple of 16 taps (here 16 or 32 input channels) on windows inside the input
/// go through `clk_int8_conv_lanes`, which widens the window rows straight from the input instead of an
/// im2col copy; with AVX2 off they go through im2col and the C loops. Both must equal the reference, for
/// the chapter's conv2 (13×13×16 → 11×11×32) and random valid geometries (strides 1–2, position counts that
/// are not a multiple of 4, two batches).
@Test func wideFilterValidConvReadsWindowRowsInPlace() {
    var rng = SplitMix64(state: 33)
    let previous = clk_active_isa()
    defer { clk_force_isa(previous) }
    for isa in [CLK_ISA_SCALAR, CLK_ISA_AVX2] {
        clk_force_isa(isa)
        for trial in 0..<24 {
            let chapter = trial == 0
            let inC = chapter ? 16 : [16, 32][Int.random(in: 0..<2, using: &rng)]
            let outC = chapter ? 32 : [8, 16, 24, 40][Int.random(in: 0..<4, using: &rng)]
            let (kh, kw) = chapter ? (3, 3) : (Int.random(in: 1...3, using: &rng), Int.random(in: 2...3, using: &rng))  // ≥ 32 taps
            let stride = chapter ? 1 : Int.random(in: 1...2, using: &rng)
            let inShape = chapter ? Shape4(1, 13, 13, 16)
                : Shape4(Int.random(in: 1...2, using: &rng), Int.random(in: 3...9, using: &rng), Int.random(in: 3...9, using: &rng), inC)
            let g = computePadding(.valid, strideHeight: stride, strideWidth: stride, inputHeight: inShape.height,
                                   inputWidth: inShape.width, filterHeight: kh, filterWidth: kw)
            let filterShape = Shape4(outC, kh, kw, inC), outShape = Shape4(inShape.batches, g.outputHeight, g.outputWidth, outC)
            let input = randomInt8s(inShape.flatSize, &rng), filter = randomInt8s(filterShape.flatSize, &rng, range: -127...127)
            let bias = (0..<outC).map { _ in Int32.random(in: -20000...20000, using: &rng) }
            let zIn = Int32.random(in: -128...127, using: &rng)
            let scales = (0..<outC).map { _ in Float.random(in: 0.0005...0.01, using: &rng) }
            let rescale = OutputRescale(inputScale: 0.02, filterScales: scales, outputScale: 0.05, outputZeroPoint: 3,
                                        channels: outC)
            let params = ConvParams(padding: g.values, strideWidth: stride, strideHeight: stride, inputOffset: -zIn)
            let (reference, fast, packed) = convReferenceAndFast(params: params, rescale: rescale, inShape: inShape,
                                                                 input: input, filterShape: filterShape, filter: filter,
                                                                 bias: bias, outShape: outShape, backend: .native)
            #expect(packed.usesLanes)
            #expect(fast == reference, "isa \(isa.rawValue) trial \(trial): in \(inShape) filter \(filterShape) stride \(stride)")
        }
    }
}
