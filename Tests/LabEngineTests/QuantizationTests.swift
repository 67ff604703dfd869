import Testing
@testable import LabEngine

@Test func fakeQuantRoundsToTheNudgedInt8Grid() {
    // Range [-1, 3]: scale 4/255, zero point round(-128 + 255/4) = -64, so 0 is exact and the
    // grid spans [(-128+64)·s, (127+64)·s] = [-1.0039, 2.9961].
    let g = FakeQuant.grid(min: -1, max: 3)
    #expect(g.scale == 4 / 255 && g.zeroPoint == -64)
    let layer = FakeQuant(name: "fq", input: .vector(4))
    let x: [Float] = [0, 0.5, 5, -2]
    var y = [Float](repeating: 9, count: 4), saved: [Float] = [0, 0, 0, 0, 0, 0, 0, 0]
    layer.forward(x, &y, batch: 1, params: [-1, 3], saved: &saved, training: true)
    let s = Float(4) / 255
    #expect(y[0] == 0)
    #expect(y[1] == (0.5 / s).rounded() * s)          // 32 steps
    #expect(y[2] == 191 * s && y[3] == -64 * s)       // clamped to the grid's ends
    #expect(saved[0] == -2 && saved[1] == 5)          // the batch range, for the moving average
    // Straight-through: gradients pass inside the grid, not outside.
    var dy: [Float] = [1, 2, 3, 4], dx = [Float](repeating: 9, count: 4), grads: [Float] = [7, 7]
    layer.backward(x, y, &dy, &dx, batch: 1, params: [-1, 3], grads: &grads, saved: &saved)
    #expect(dx == [1, 2, 0, 0] && grads == [0, 0])
}

@Test func movingRangeFollowsBatchesSlowly() {
    let layer = FakeQuant(name: "fq", input: .vector(2))
    var params: [Float] = [-1, 1]
    let a: [Float] = [-3, 0], b: [Float] = [0, 5]
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            layer.updateState(&params, saved: [pa.baseAddress!, pb.baseAddress!], batches: [1, 1])
        }
    }
    // Pooled batch range [-3, 5]; decay 0.999.
    #expect(abs(params[0] - (-1 * 0.999 - 3 * 0.001)) < 1e-6)
    #expect(abs(params[1] - (1 * 0.999 + 5 * 0.001)) < 1e-6)
}

@Test func weightsArePerChannelSymmetric() {
    // Two channels interleaved (index % 2): channel 0 peaks at 1.27, channel 1 at 0.254.
    var w: [Float] = [1.27, 0.254, -0.5, -0.1, 0.013, 0.003]
    fakeQuantizePerChannel(&w, count: 6, channels: 2)
    let s0: Float = 1.27 / 127, s1: Float = 0.254 / 127
    #expect(w[0] == 127 * s0 && w[2] == -50 * s0 && w[4] == 1 * s0)
    #expect(w[1] == 127 * s1 && w[3] == -50 * s1 && w[5] == 2 * s1)
}

@Test func qatModelKeepsWeightsAndCalibratesRanges() throws {
    var model = try Sequential(input: Shape(height: 4, width: 4, channels: 1),
                               specs: [.conv2d(filters: 2, kernel: 3, activation: .relu), .flatten, .dense(units: 3, activation: .softmax)])
    model.initialize(seed: 4)
    var qat = try model.withFakeQuantization()
    #expect(qat.layers.map(\.kindName) == ["Conv2D", "FakeQuant", "Flatten", "Dense"])
    #expect(qat.weightArrays().filter { !$0.name.hasPrefix("fake_quant") }.map(\.array) == model.weightArrays().map(\.array))
    let values = randomValues(10 * 16, seed: 2)
    let data = try LabeledImages(shape: model.inputShape, values: values, labels: (0..<10).map { Int32($0 % 3) })
    qat.calibrate(data)
    // The conv's ReLU output range over the data, computed with the float model.
    let conv = try Sequential(input: model.inputShape, specs: [.conv2d(filters: 2, kernel: 3, activation: .relu)])
    var probe = conv
    probe.parameters = Array(model.parameters[0..<conv.parameterCount])
    var quantizedKernel = probe.parameters
    fakeQuantizePerChannel(&quantizedKernel, count: 18, channels: 2)
    probe.parameters = quantizedKernel
    let outputs = try probe.predict(values, count: 10)
    let range = qat.activationRanges
    #expect(range.count == 1 && range[0].layer == "fake_quant")
    #expect(range[0].min == outputs.min()! && range[0].max == outputs.max()!)
}
