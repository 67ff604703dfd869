import Testing
import LiteKernels

/// The fused conv + max pool against the reference conv followed by the reference max pool, on random
/// convolutions (paddings, strides, dilations, 1–20 input channels so both GEMM paths run) and random
/// pools (SAME, VALID, overlapping windows, windows entirely in the padding), conv and pool
/// activation ranges included.
@Test(arguments: [Int8GemmBackend.swift, .native])
func fusedConvMaxPoolEqualsConvThenPool(backend: Int8GemmBackend) {
    var rng = SplitMix64(state: 77)
    var fusedCases = 0
    for trial in 0..<200 {
        let inShape = Shape4(Int.random(in: 1...2, using: &rng), Int.random(in: 2...12, using: &rng),
                             Int.random(in: 2...12, using: &rng), Int.random(in: 1...20, using: &rng))
        let outC = Int.random(in: 1...18, using: &rng)
        let (kh, kw) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
        let stride = Int.random(in: 1...2, using: &rng), dilation = Int.random(in: 1...2, using: &rng)
        let conv = computePadding(Bool.random(using: &rng) ? .same : .valid, strideHeight: stride, strideWidth: stride,
                                  dilationHeight: dilation, dilationWidth: dilation, inputHeight: inShape.height,
                                  inputWidth: inShape.width, filterHeight: kh, filterWidth: kw)
        guard conv.outputHeight > 0, conv.outputWidth > 0 else { continue }
        let convShape = Shape4(inShape.batches, conv.outputHeight, conv.outputWidth, outC)
        let (ph, pw) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
        let (psh, psw) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
        var poolPadding = PaddingValues(), (outH, outW) = (0, 0)
        switch Int.random(in: 0..<4, using: &rng) {
        case 0, 1:
            let g = computePadding(Bool.random(using: &rng) ? .same : .valid, strideHeight: psh, strideWidth: psw,
                                   inputHeight: convShape.height, inputWidth: convShape.width, filterHeight: ph, filterWidth: pw)
            (poolPadding, outH, outW) = (g.values, g.outputHeight, g.outputWidth)
        default:  // more padding than SAME: some windows lie entirely outside the conv output
            poolPadding = PaddingValues(width: Int.random(in: 0...4, using: &rng), height: Int.random(in: 0...4, using: &rng))
            (outH, outW) = (Int.random(in: 1...6, using: &rng), Int.random(in: 1...6, using: &rng))
        }
        guard outH > 0, outW > 0 else { continue }
        let poolLow = Int32.random(in: -128...0, using: &rng), poolHigh = Int32.random(in: poolLow...127, using: &rng)
        let pool = PoolParams(padding: poolPadding, strideHeight: psh, strideWidth: psw, filterHeight: ph, filterWidth: pw,
                              quantizedActivationMin: poolLow, quantizedActivationMax: poolHigh)
        let outShape = Shape4(inShape.batches, outH, outW, outC)

        let filterShape = Shape4(outC, kh, kw, inShape.depth)
        let input = randomInt8s(inShape.flatSize, &rng), filter = randomInt8s(filterShape.flatSize, &rng, range: -127...127)
        let bias = (0..<outC).map { _ in Int32.random(in: -20000...20000, using: &rng) }
        let zIn = Int32.random(in: -128...127, using: &rng), zOut = Int32.random(in: -128...127, using: &rng)
        let scales = (0..<outC).map { _ in Float.random(in: 0.0005...0.01, using: &rng) }
        let range = quantizedActivationRange(Bool.random(using: &rng) ? .relu : .none, outputScale: 0.05, outputZeroPoint: zOut)
        let rescale = OutputRescale(inputScale: Float.random(in: 0.01...0.5, using: &rng), filterScales: scales,
                                    outputScale: 0.05, outputZeroPoint: zOut, channels: outC,
                                    activationMin: range.min, activationMax: range.max)
        let params = ConvParams(padding: conv.values, strideWidth: stride, strideHeight: stride,
                                dilationWidthFactor: dilation, dilationHeightFactor: dilation, inputOffset: -zIn)

        var convOutput = [Int8](repeating: 0, count: convShape.flatSize)
        convPerChannel(params: params, rescale: rescale, inputShape: inShape, input: input, filterShape: filterShape,
                       filter: filter, bias: bias, outputShape: convShape, output: &convOutput)
        var expected = [Int8](repeating: 0, count: outShape.flatSize)
        maxPool(params: pool, inputShape: convShape, input: convOutput, outputShape: outShape, output: &expected)

        let packed = PackedConvFilter(filter: filter, shape: filterShape, inputOffset: params.inputOffset)
        guard packed.requantizationIsMonotone(rescale: rescale, bias: bias) else { continue }
        fusedCases += 1
        var scratch = [UInt8](repeating: 0xAB, count: packed.maxPoolScratchByteCount(pool: pool, convOutputShape: convShape,
                                                                                      outputShape: outShape))
        var fused = [Int8](repeating: 99, count: outShape.flatSize)
        convPerChannelMaxPoolFast(params: params, rescale: rescale, inputShape: inShape, input: input, packedFilter: packed,
                                  bias: bias, convOutputShape: convShape, pool: pool, outputShape: outShape,
                                  output: &fused, scratch: &scratch, backend: backend)
        #expect(fused == expected, "trial \(trial): in \(inShape) filter \(filterShape) conv \(convShape) pool \(pool) → \(outShape)")
    }
    #expect(fusedCases > 100)  // the monotonicity guard lets realistic filters through
}

/// The guard refuses what would wrap: a bias or a left shift that pushes the bound past 2³¹, or a negative
/// multiplier. Filter: one channel of 9 taps of 127, so `128 · Σ|w| = 146,304`.
@Test func monotonicityGuardRefusesWhatCouldWrap() {
    let filter = [Int8](repeating: 127, count: 9)
    let packed = PackedConvFilter(filter: filter, shape: Shape4(1, 3, 3, 1), inputOffset: 0)
    var rescale = OutputRescale(inputScale: 0.01, filterScales: [0.01], outputScale: 0.1, outputZeroPoint: 0, channels: 1)
    #expect(packed.requantizationIsMonotone(rescale: rescale, bias: nil))
    let hugeBias: [Int32] = [Int32.max - 100_000]
    #expect(!packed.requantizationIsMonotone(rescale: rescale, bias: hugeBias))
    let fittingBias: [Int32] = [Int32.max - 146_304]
    #expect(packed.requantizationIsMonotone(rescale: rescale, bias: fittingBias))
    rescale.shifts = [14]  // 146,304 · 2¹⁴ ≈ 2.4e9 > 2³¹
    #expect(!packed.requantizationIsMonotone(rescale: rescale, bias: nil))
    rescale.shifts = [13]  // ≈ 1.2e9 fits
    #expect(packed.requantizationIsMonotone(rescale: rescale, bias: nil))
    rescale.multipliers = [-(1 << 30)]
    #expect(!packed.requantizationIsMonotone(rescale: rescale, bias: nil))
}
