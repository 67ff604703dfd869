import Testing
import LiteKernels

/// The fast float pooling and FULLY_CONNECTED kernels against the readable reference kernels,
/// bit for bit, including channel counts that are not multiples of the vector width, padded
/// windows, ties between +0 and −0, NaN inputs and a missing bias.
@Suite struct FloatFastKernelTests {
    /// Bit patterns, so that NaN equals NaN and −0 differs from +0.
    func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test(arguments: [(26, 16, 2, 2, Padding.valid), (11, 32, 2, 2, .valid), (9, 20, 3, 2, .same), (7, 5, 2, 1, .same),
                      (6, 33, 3, 3, .valid)])
    func poolingEqualsReference(size: Int, depth: Int, window: Int, stride: Int, padding: Padding) {
        var rng = TestLCG(state: UInt64(size * 7 + depth))
        let inShape = Shape4(2, size, size, depth)
        let g = computePadding(padding, strideHeight: stride, strideWidth: stride, inputHeight: size, inputWidth: size,
                               filterHeight: window, filterWidth: window)
        let outShape = Shape4(2, g.outputHeight, g.outputWidth, depth)
        for (nan, lo, hi) in [(false, Float(0), Float(6)), (true, -Float.greatestFiniteMagnitude, .greatestFiniteMagnitude)] {
            let input = rng.values(inShape.flatSize, nan: nan)
            let params = PoolParams(padding: g.values, strideHeight: stride, strideWidth: stride, filterHeight: window,
                                    filterWidth: window, floatActivationMin: lo, floatActivationMax: hi)
            var reference = [Float](repeating: 1, count: outShape.flatSize), fast = reference
            maxPoolFloat(params: params, inputShape: inShape, input: input, outputShape: outShape, output: &reference)
            maxPoolFloatFast(params: params, inputShape: inShape, input: input, outputShape: outShape, output: &fast)
            #expect(bits(fast) == bits(reference))
            averagePoolFloat(params: params, inputShape: inShape, input: input, outputShape: outShape, output: &reference)
            averagePoolFloatFast(params: params, inputShape: inShape, input: input, outputShape: outShape, output: &fast)
            #expect(bits(fast) == bits(reference))
        }
    }

    @Test func maxPoolHandComputed() {
        // One 2×2 window of 18 channels. Channel 0 holds −0, +0, −0, −2: Swift.max keeps the later of equal
        // values, so the max is the last −0. Channel 1 holds 3, −1, 7, 2: 7, clamped to 6. The other 16 are 1.
        var input = [Float](repeating: 1, count: 4 * 18)
        for (tap, pair) in [(-0.0, 3.0), (0.0, -1.0), (-0.0, 7.0), (-2.0, 2.0)].enumerated() {
            input[tap * 18] = Float(pair.0); input[tap * 18 + 1] = Float(pair.1)
        }
        let params = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2, floatActivationMax: 6)
        var output = [Float](repeating: 9, count: 18)
        maxPoolFloatFast(params: params, inputShape: Shape4(1, 2, 2, 18), input: input, outputShape: Shape4(1, 1, 1, 18),
                         output: &output)
        #expect(output[0] == 0 && output[0].sign == .minus)
        #expect(output[1] == 6)
        #expect(output[2...].allSatisfy { $0 == 1 })
    }

    @Test(arguments: [(1, 800, 10), (3, 37, 16), (2, 5, 33), (1, 1, 1)])
    func fullyConnectedEqualsReference(batches: Int, accumDepth: Int, outputDepth: Int) {
        var rng = TestLCG(state: UInt64(accumDepth * 31 + outputDepth))
        let input = rng.values(batches * accumDepth), weights = rng.values(outputDepth * accumDepth)
        let bias = rng.values(outputDepth)
        let packed = weights.withUnsafeBufferPointer {
            PackedFloatFullyConnectedWeights(weights: $0.baseAddress!, outputDepth: outputDepth, accumDepth: accumDepth)
        }
        for (withBias, lo, hi) in [(true, Float(0), Float.greatestFiniteMagnitude), (false, Float(-1), Float(1))] {
            var reference = [Float](repeating: 7, count: batches * outputDepth), fast = reference
            bias.withUnsafeBufferPointer { b in
                let b = withBias ? b.baseAddress : nil
                fullyConnectedFloat(batches: batches, accumDepth: accumDepth, outputDepth: outputDepth, input: input,
                                    weights: weights, bias: b, activationMin: lo, activationMax: hi, output: &reference)
                fullyConnectedFloatFast(batches: batches, input: input, weights: packed, bias: b, activationMin: lo,
                                        activationMax: hi, output: &fast)
            }
            #expect(bits(fast) == bits(reference))
        }
    }

    @Test func fullyConnectedHandComputed() {
        // y0 = 1·2 + 2·3 + 0.5 = 8.5, y1 = 1·(−1) + 2·(−4) + 0 = −9 → clamped to −5.
        let packed = [Float](arrayLiteral: 2, 3, -1, -4).withUnsafeBufferPointer {
            PackedFloatFullyConnectedWeights(weights: $0.baseAddress!, outputDepth: 2, accumDepth: 2)
        }
        var y = [Float](repeating: 0, count: 2)
        fullyConnectedFloatFast(batches: 1, input: [1, 2], weights: packed, bias: [0.5, 0], activationMin: -5,
                                activationMax: 100, output: &y)
        #expect(y == [8.5, -5])
    }
}

extension TestLCG {
    /// Mostly random values, with exact zeros of both signs and (when `nan`) a NaN now and then.
    mutating func values(_ count: Int, nan: Bool = false) -> [Float] {
        (0..<count).map { i in
            switch i % 23 { case 5: return 0; case 11: return -0.0; case 17 where nan: return .nan; default: return nextFloat(dividedBy: 250) }
        }
    }
}
