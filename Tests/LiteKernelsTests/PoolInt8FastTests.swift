import Testing
import LiteKernels

/// A random pool: shape, filter, stride, padding (SAME, VALID, or more than SAME would add, so that
/// some windows fall entirely outside the image) and activation range, depths on both sides of 16.
private func randomPool(_ rng: inout SplitMix64) -> (params: PoolParams, input: Shape4, output: Shape4) {
    let input = Shape4(Int.random(in: 1...2, using: &rng), Int.random(in: 1...13, using: &rng),
                       Int.random(in: 1...13, using: &rng), [1, 3, 16, 17, 32, 40][Int.random(in: 0..<6, using: &rng)])
    let (fh, fw) = (Int.random(in: 1...4, using: &rng), Int.random(in: 1...4, using: &rng))
    let (sh, sw) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
    var padding = PaddingValues()
    var (outH, outW) = (0, 0)
    switch Int.random(in: 0..<3, using: &rng) {
    case 0:
        let g = computePadding(.same, strideHeight: sh, strideWidth: sw, inputHeight: input.height,
                               inputWidth: input.width, filterHeight: fh, filterWidth: fw)
        (padding, outH, outW) = (g.values, g.outputHeight, g.outputWidth)
    case 1:
        let g = computePadding(.valid, strideHeight: sh, strideWidth: sw, inputHeight: input.height,
                               inputWidth: input.width, filterHeight: fh, filterWidth: fw)
        (padding, outH, outW) = (g.values, g.outputHeight, g.outputWidth)
    default:
        padding = PaddingValues(width: Int.random(in: 0...5, using: &rng), height: Int.random(in: 0...5, using: &rng))
        (outH, outW) = (Int.random(in: 1...8, using: &rng), Int.random(in: 1...8, using: &rng))
    }
    var low = Int32.random(in: -128...20, using: &rng)
    var high = Int32.random(in: low...127, using: &rng)
    if Int.random(in: 0..<8, using: &rng) == 0 {  // now and then a range no activation gives: beyond int8, or empty
        (low, high) = (Int32.random(in: -300...300, using: &rng), Int32.random(in: -300...300, using: &rng))
    }
    let params = PoolParams(padding: padding, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw,
                            quantizedActivationMin: low, quantizedActivationMax: high)
    return (params, input, Shape4(input.batches, outH, outW, input.depth))
}

/// An int8 pool kernel's signature (`maxPool`, `maxPoolFast`, `averagePool`, `averagePoolFast`).
private typealias PoolKernel = (PoolParams, Shape4, UnsafePointer<Int8>, Shape4, UnsafeMutablePointer<Int8>) -> Void

/// 400 random pools through `fast` and `reference`; every output must agree.
private func expectFastPoolMatchesReference(seed: UInt64, fast fastPool: PoolKernel, reference referencePool: PoolKernel) {
    var rng = SplitMix64(state: seed)
    for trial in 0..<400 {
        let (params, inShape, outShape) = randomPool(&rng)
        let x = randomInt8s(inShape.flatSize, &rng)
        var fast = [Int8](repeating: 99, count: outShape.flatSize), reference = fast
        fastPool(params, inShape, x, outShape, &fast)
        referencePool(params, inShape, x, outShape, &reference)
        #expect(fast == reference, "trial \(trial): \(params) \(inShape) → \(outShape)")
    }
}

@Test func fastMaxPoolMatchesReferenceOnRandomPools() {
    expectFastPoolMatchesReference(seed: 41, fast: { maxPoolFast(params: $0, inputShape: $1, input: $2, outputShape: $3, output: $4) },
                                   reference: { maxPool(params: $0, inputShape: $1, input: $2, outputShape: $3, output: $4) })
}

@Test func fastAveragePoolMatchesReferenceOnRandomPools() {
    expectFastPoolMatchesReference(seed: 43, fast: { averagePoolFast(params: $0, inputShape: $1, input: $2, outputShape: $3, output: $4) },
                                   reference: { averagePool(params: $0, inputShape: $1, input: $2, outputShape: $3, output: $4) })
}

@Test func fastPoolsHandleTheChapterShapesAndActivationEdges() {
    // The chapter's pools (2×2, stride 2, VALID) on extreme values, with a relu-like range.
    var rng = SplitMix64(state: 47)
    for (h, w, c) in [(26, 26, 16), (11, 11, 32)] {
        let inShape = Shape4(1, h, w, c), outShape = Shape4(1, h / 2, w / 2, c)
        let x = randomInt8s(inShape.flatSize, &rng, range: -128...(-120))
        for (low, high) in [(Int32(-128), Int32(127)), (-125, 127), (-128, -124), (5, 5)] {
            let params = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2,
                                    quantizedActivationMin: low, quantizedActivationMax: high)
            var fast = [Int8](repeating: 0, count: outShape.flatSize), reference = fast
            maxPoolFast(params: params, inputShape: inShape, input: x, outputShape: outShape, output: &fast)
            maxPool(params: params, inputShape: inShape, input: x, outputShape: outShape, output: &reference)
            #expect(fast == reference, "max \(inShape) [\(low), \(high)]")
            averagePoolFast(params: params, inputShape: inShape, input: x, outputShape: outShape, output: &fast)
            averagePool(params: params, inputShape: inShape, input: x, outputShape: outShape, output: &reference)
            #expect(fast == reference, "average \(inShape) [\(low), \(high)]")
        }
    }
    // A hand-checked window: max of {−100, −50, −20, −30} is −20; average −50 rounds from −50.
    var y: Int8 = 0
    maxPoolFast(params: PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2),
                inputShape: Shape4(1, 2, 2, 1), input: [-100, -50, -20, -30], outputShape: Shape4(1, 1, 1, 1), output: &y)
    #expect(y == -20)
    averagePoolFast(params: PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2),
                    inputShape: Shape4(1, 2, 2, 1), input: [-100, -50, -20, -31], outputShape: Shape4(1, 1, 1, 1), output: &y)
    #expect(y == -50)  // −201 / 4 = −50.25
}
