import Testing
import LiteKernels

/// The fast hybrid (dynamic-range) kernels against the readable reference kernels, bit for bit:
/// padded borders (where the reference skips taps and the fast kernel fills the input offset),
/// strides, dilations, several images, channel counts that are not multiples of 4, both GEMM backends.
@Suite struct HybridFastKernelTests {
    @Test(arguments: [(13, 16, 32, 3, 1, 1, Padding.valid, Float(0)), (9, 3, 10, 3, 2, 1, .same, 1.5),
                      (11, 2, 7, 3, 1, 2, .same, -1), (5, 40, 5, 1, 1, 1, .valid, 0.2)],
          [Int8GemmBackend.swift, .native])
    func convEqualsReference(geometry: (Int, Int, Int, Int, Int, Int, Padding, Float), backend: Int8GemmBackend) {
        let (size, inC, outC, k, stride, dilation, padding, shift) = geometry
        var rng = TestLCG(state: UInt64(size * 13 + inC * 7 + outC))
        let inShape = Shape4(2, size, size, inC), fShape = Shape4(outC, k, k, inC)
        // Shifted inputs move the asymmetric zero point away from −128, so padded taps matter.
        let input = rng.floats(inShape.flatSize, shift: shift), filter = rng.int8s(fShape.flatSize)
        let scales = (0..<outC).map { Float($0 + 1) * 0.003 }, bias = rng.floats(outC, shift: 0)
        let g = computePadding(padding, strideHeight: stride, strideWidth: stride, dilationHeight: dilation,
                               dilationWidth: dilation, inputHeight: size, inputWidth: size, filterHeight: k, filterWidth: k)
        var p = ConvParams(floatActivationMin: 0)
        (p.strideWidth, p.strideHeight, p.dilationWidthFactor, p.dilationHeightFactor) = (stride, stride, dilation, dilation)
        p.padding = g.values
        let outShape = Shape4(2, g.outputHeight, g.outputWidth, outC)
        var reference = [Float](repeating: 0, count: outShape.flatSize), fast = reference
        var qReference = [Int8](repeating: 0, count: inShape.flatSize), qFast = qReference
        hybridConvPerChannel(params: p, inputShape: inShape, input: input, filterShape: fShape, filter: filter,
                             filterScales: scales, bias: bias, outputShape: outShape, output: &reference,
                             quantizedInput: &qReference)
        let packed = filter.withUnsafeBufferPointer { PackedHybridConvFilter(filter: $0.baseAddress!, shape: fShape) }
        let bytes = hybridConvScratchByteCount(outputShape: outShape, filter: packed)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        defer { scratch.deallocate() }
        hybridConvPerChannelFast(params: p, inputShape: inShape, input: input, filter: packed,
                                 filterScales: scales, bias: bias, outputShape: outShape, output: &fast,
                                 quantizedInput: &qFast, scratch: scratch, backend: backend)
        #expect(qFast == qReference)
        #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
        #expect(reference.contains { $0 > 0 } && reference.contains { $0 == 0 })  // the clamp was exercised
    }

    @Test(arguments: [(1, 800, 10, 10), (3, 37, 6, 1), (2, 5, 33, 33)], [Int8GemmBackend.swift, .native])
    func fullyConnectedEqualsReference(sizes: (Int, Int, Int, Int), backend: Int8GemmBackend) {
        let (batches, accumDepth, outputDepth, scaleCount) = sizes
        var rng = TestLCG(state: UInt64(accumDepth * 5 + outputDepth))
        let input = rng.floats(batches * accumDepth, shift: 0.7), weights = rng.int8s(outputDepth * accumDepth)
        let scales = (0..<scaleCount).map { Float($0 + 2) * 0.001 }, bias = rng.floats(outputDepth, shift: 0)
        let packed = weights.withUnsafeBufferPointer {
            PackedHybridWeights(weights: $0.baseAddress!, rows: outputDepth, depth: accumDepth)
        }
        let bytes = hybridFullyConnectedScratchByteCount(batches: batches, weights: packed)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        defer { scratch.deallocate() }
        for withBias in [true, false] {
            var reference = [Float](repeating: 0, count: batches * outputDepth), fast = reference
            var qReference = [Int8](repeating: 0, count: accumDepth), qFast = qReference
            bias.withUnsafeBufferPointer { b in
                let b = withBias ? b.baseAddress : nil
                hybridFullyConnected(batches: batches, accumDepth: accumDepth, outputDepth: outputDepth, input: input,
                                     weights: weights, filterScales: scales, filterScaleCount: scaleCount, bias: b,
                                     activationMin: -1, output: &reference, quantizedInput: &qReference)
                hybridFullyConnectedFast(batches: batches, input: input, weights: packed, filterScales: scales,
                                         filterScaleCount: scaleCount, bias: b, activationMin: -1, output: &fast,
                                         quantizedInput: &qFast, scratch: scratch, backend: backend)
            }
            #expect(qFast == qReference)
            #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
        }
    }

    @Test(arguments: [0, 5, 16, 37, 800, 2704])
    func quantizeFloatsFastEqualsReference(count: Int) {
        var rng = TestLCG(state: UInt64(count + 1))
        let cases: [[Float]] = [
            rng.floats(count, shift: 0), rng.floats(count, shift: 5), rng.floats(count, shift: -5),
            [Float](repeating: 0, count: count), (0..<count).map { $0 % 3 == 0 ? -0.0 : 0 },
            rng.floats(count, shift: 0).enumerated().map { $0 % 7 == 3 ? .nan : $1 },
        ]
        for values in cases {
            var reference = [Int8](repeating: 1, count: count), fast = reference
            let r = asymmetricQuantizeFloats(values, count: count, output: &reference)
            let f = asymmetricQuantizeFloatsFast(values, count: count, output: &fast)
            #expect(f.scale.bitPattern == r.scale.bitPattern && f.offset == r.offset && fast == reference)
        }
    }

    @Test func packedWeightsPadAndSum() {
        let packed = [Int8](arrayLiteral: 1, -2, 3, 4, 5, -6).withUnsafeBufferPointer {
            PackedHybridWeights(weights: $0.baseAddress!, rows: 2, depth: 3)
        }
        let step = packed.paddedDepth
        #expect(packed.paddedRows == 4 && (step == 16 || step == 32))
        #expect(packed.rowSums == [2, 3])
        #expect(Array(packed.values[0..<3]) == [1, -2, 3] && Array(packed.values[step..<step + 3]) == [4, 5, -6])
        #expect(packed.values.count == 4 * step)
        #expect(packed.values.enumerated().allSatisfy { i, v in (i % step < 3 && i < 2 * step) || v == 0 })
    }
}

extension TestLCG {
    mutating func floats(_ count: Int, shift: Float) -> [Float] {
        (0..<count).map { _ in nextFloat(dividedBy: 300) + shift }
    }
    mutating func int8s(_ count: Int) -> [Int8] { (0..<count).map { _ in Int8(nextInt() % 255 - 127) } }
}
