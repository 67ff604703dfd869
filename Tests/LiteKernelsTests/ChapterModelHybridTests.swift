import Testing
import LiteKernels

/// Runs the dynamic-range model (`Tests/Fixtures/dynamic.tflite`: float conv1, hybrid conv2 and dense)
/// layer by layer and compares with the tensors LiteRT BUILTIN_REF produced.
@Test func dynamicRangeChapterModelMatchesLiteRTReference() throws {
    let t = try Intermediates(model: "dynamic")
    func floats(_ i: Int) throws -> [Float] { try t.load(i).array(of: Float.self) }
    func shape4(_ i: Int) throws -> Shape4 {
        let s = try #require(t.tensors[i]).shape
        return Shape4(s[0], s[1], s[2], s[3])
    }
    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { ($0 - $1).magnitude }.max() ?? .infinity
    }
    let relu = ConvParams(floatActivationMin: 0)
    let pool = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)

    // conv1 is float (144 weights stay float32).
    let x = try floats(0)
    var c1 = [Float](repeating: 0, count: try shape4(8).flatSize)
    convFloat(params: relu, inputShape: try shape4(0), input: x, filterShape: try shape4(2), filter: try floats(2),
              bias: try floats(1), outputShape: try shape4(8), output: &c1)
    #expect(maxDifference(c1, try floats(8)) <= 1e-6)
    var p1 = [Float](repeating: 0, count: try shape4(9).flatSize)
    maxPoolFloat(params: pool, inputShape: try shape4(8), input: try floats(8), outputShape: try shape4(9), output: &p1)
    #expect(p1 == (try floats(9)))

    // conv2 is hybrid: per-image asymmetric input quantization, int8 accumulate, float rescale.
    let w2 = try #require(t.tensors[6])
    var q = [Int8](repeating: 0, count: try shape4(9).flatSize)
    var c2 = [Float](repeating: 0, count: try shape4(10).flatSize)
    hybridConvPerChannel(params: relu, inputShape: try shape4(9), input: try floats(9), filterShape: try shape4(6),
                         filter: try t.load(6).array(of: Int8.self), filterScales: w2.scales, bias: try floats(4),
                         outputShape: try shape4(10), output: &c2, quantizedInput: &q)
    #expect(q == (try t.load(16).array(of: Int8.self)))  // LiteRT's quantized-input scratch tensor
    #expect(c2 == (try floats(10)))
    let filterShape2 = try shape4(6)
    let packed2 = try t.load(6).array(of: Int8.self).withUnsafeBufferPointer {
        PackedHybridConvFilter(filter: $0.baseAddress!, shape: filterShape2)
    }
    let work = UnsafeMutableRawPointer.allocate(
        byteCount: hybridConvScratchByteCount(outputShape: try shape4(10), filter: packed2), alignment: 16)
    defer { work.deallocate() }
    var c2Fast = [Float](repeating: 0, count: c2.count)
    hybridConvPerChannelFast(params: relu, inputShape: try shape4(9), input: try floats(9),
                             filter: packed2, filterScales: w2.scales, bias: try floats(4), outputShape: try shape4(10),
                             output: &c2Fast, quantizedInput: &q, scratch: work)
    #expect(c2Fast == (try floats(10)))

    // dense is hybrid with per-channel weights.
    let wd = try #require(t.tensors[7])
    var qd = [Int8](repeating: 0, count: 800)
    var logits = [Float](repeating: 0, count: 10)
    hybridFullyConnected(batches: 1, accumDepth: 800, outputDepth: 10, input: try floats(12),
                         weights: try t.load(7).array(of: Int8.self), filterScales: wd.scales, filterScaleCount: 10,
                         bias: try floats(5), output: &logits, quantizedInput: &qd)
    #expect(qd == (try t.load(21).array(of: Int8.self)))
    #expect(logits == (try floats(13)))
    let packedDense = try t.load(7).array(of: Int8.self).withUnsafeBufferPointer {
        PackedHybridWeights(weights: $0.baseAddress!, rows: 10, depth: 800)
    }
    let denseWork = UnsafeMutableRawPointer.allocate(
        byteCount: hybridFullyConnectedScratchByteCount(batches: 1, weights: packedDense), alignment: 16)
    defer { denseWork.deallocate() }
    var logitsFast = [Float](repeating: 0, count: 10)
    hybridFullyConnectedFast(batches: 1, input: try floats(12), weights: packedDense, filterScales: wd.scales,
                             filterScaleCount: 10, bias: try floats(5), output: &logitsFast, quantizedInput: &qd,
                             scratch: denseWork)
    #expect(logitsFast == (try floats(13)))

    var probabilities = [Float](repeating: 0, count: 10)
    softmaxFloat(beta: 1, rows: 1, depth: 10, input: try floats(13), output: &probabilities)
    #expect(maxDifference(probabilities, try floats(14)) <= 1e-6)
}

@Test func asymmetricQuantizeFloatsRangesIncludeZero() {
    var q = [Int8](repeating: 0, count: 4)
    // Range [0, 2.55]: scale 0.01, zero point −128.
    let r = asymmetricQuantizeFloats([0, 1.0, 2.55, 0.02], count: 4, output: &q)
    #expect(r.scale == Float(0.01) && r.offset == -128)
    #expect(q == [-128, -28, 127, -126])
    // Range [−1, 0]: zero point 127 (from the max side). The float32 inverse scale is 254.99998, so
    // −0.5 maps to 127 − 127.49999 = −0.49999 → 0 (checked with numpy float32).
    let n = asymmetricQuantizeFloats([-1, 0, -0.5, -0.25], count: 4, output: &q)
    #expect(n.offset == 127 && n.scale == Float(1.0 / 255.0))
    #expect(q == [-128, 127, 0, 63])
    let zero = asymmetricQuantizeFloats([0, 0, 0, 0], count: 4, output: &q)
    #expect(zero.scale == 1 && zero.offset == 0 && q == [0, 0, 0, 0])
}

@Test func exponentialMatchesKnownValues() {
    #expect(exponential(0) == 1)
    #expect(exponential(1) == Float(2.7182817))
    #expect(exponential(-1) == Float(0.36787945))
    #expect(exponential(10) == Float(22026.465))
    #expect(exponential(-20) == Float(2.0611537e-09))
    #expect(exponential(100) == .infinity && exponential(-200) == 0)
    // Monotone and within 1e-6 relative of the Double series on a grid.
    var previous: Float = 0
    for i in -8000...8000 {
        let x = Float(i) / 100
        let e = exponential(x)
        #expect(e >= previous)
        previous = e
    }
}
