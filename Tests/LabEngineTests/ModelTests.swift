import Foundation
import Testing
@testable import LabEngine

private let mnist = Shape(height: 28, width: 28, channels: 1)

@Test func chapterModelShapesAndParameterCount() throws {
    let model = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    #expect(model.layers.map(\.outputShape.description) == ["26×26×16", "13×13×16", "11×11×32", "5×5×32", "800", "10"])
    // 3·3·1·16+16 + 3·3·16·32+32 + 800·10+10
    #expect(model.parameterCount == 160 + 4640 + 8010)
    #expect(model.parameterCount == 12_810)
    #expect(model.layers.map(\.name) == ["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dense"])
}

@Test func badLayerListsAreRejectedWithReasons() {
    #expect(throws: ModelError(index: 1, "dense needs a flat input but gets 26×26×16; add flatten before it")) {
        try Sequential(input: mnist, specs: [.conv2d(filters: 16, kernel: 3), .dense(units: 10)])
    }
    #expect(throws: ModelError(index: 0, "softmax is only allowed on the last layer (the loss is computed from its logits)")) {
        try Sequential(input: mnist, specs: [.dense(units: 10, activation: .softmax), .dense(units: 10)])
    }
    #expect(throws: ModelError(index: 0, "a 30×30 window does not fit the 28×28×1 input")) {
        try Sequential(input: mnist, specs: [.conv2d(filters: 4, kernel: 30)])
    }
    #expect(throws: ModelError(index: 0, "filters must be at least 1, got 0")) {
        try Sequential(input: mnist, specs: [.conv2d(filters: 0, kernel: 3)])
    }
}

@Test func glorotUniformStaysWithinItsLimitAndBiasesAreZero() throws {
    var model = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    model.initialize(seed: 42)
    let conv1 = model.parameters[0..<144], bias1 = model.parameters[144..<160]
    let limit = (6.0 / Double(9 + 9 * 16)).squareRoot()  // fan_in 3·3·1, fan_out 3·3·16
    #expect(conv1.allSatisfy { abs(Double($0)) <= limit })
    #expect(conv1.map { abs(Double($0)) }.max()! > 0.8 * limit)
    #expect(bias1.allSatisfy { $0 == 0 })
}

@Test func adamMatchesHandComputedSteps() {
    // Two steps on one parameter with gradients 0.5 then -0.25, lr 0.001.
    var optimizer = Optimizer(.adam(learningRate: 0.001), parameterCount: 1)
    var p: [Float] = [1.0]
    optimizer.step(&p, grads: [0.5], count: 1)
    // t=1: m = 0.05, v = 0.00025, α = 0.001·√0.001/0.1; p = 1 − α·m/(√v + 1e-7) ≈ 1 − 0.001
    let m1 = 0.1 * 0.5, v1 = 0.001 * 0.25
    let a1 = 0.001 * (1 - 0.999).squareRoot() / (1 - 0.9)
    let p1 = 1 - a1 * m1 / (v1.squareRoot() + 1e-7)
    #expect(abs(Double(p[0]) - p1) < 1e-7)
    optimizer.step(&p, grads: [-0.25], count: 1)
    let m2 = 0.9 * m1 + 0.1 * -0.25, v2 = 0.999 * v1 + 0.001 * 0.0625
    let a2 = 0.001 * (1 - 0.999 * 0.999).squareRoot() / (1 - 0.81)
    let p2 = p1 - a2 * m2 / (v2.squareRoot() + 1e-7)
    #expect(abs(Double(p[0]) - p2) < 1e-7)
}

@Test func sgdMomentumMatchesHandComputedSteps() {
    var optimizer = Optimizer(.sgd(learningRate: 0.1, momentum: 0.9), parameterCount: 1)
    var p: [Float] = [1.0]
    optimizer.step(&p, grads: [1], count: 1)   // v = -0.1, p = 0.9
    optimizer.step(&p, grads: [1], count: 1)   // v = -0.09 - 0.1 = -0.19, p = 0.71
    #expect(abs(p[0] - 0.71) < 1e-6)
}

/// Two interleaved classes no line separates: the XOR pattern on 2×2 "images".
private func xorData(_ count: Int) throws -> LabeledImages {
    var rng = RandomGenerator(seed: 3)
    var values: [Float] = [], labels: [Int32] = []
    for _ in 0..<count {
        let a = rng.uniform(1), b = rng.uniform(1)
        values += [a, b, a * 0.5, -b * 0.5]
        labels.append((a > 0) != (b > 0) ? 1 : 0)
    }
    return try LabeledImages(shape: Shape(height: 2, width: 2, channels: 1), values: values, labels: labels)
}

@Test func tinyModelLearnsXOR() throws {
    let specs: [LayerSpec] = [.flatten, .dense(units: 16, activation: .relu), .dense(units: 2, activation: .softmax)]
    var model = try Sequential(input: Shape(height: 2, width: 2, channels: 1), specs: specs)
    model.initialize(seed: 1)
    let data = try xorData(2000)
    let before = try model.evaluate(data).accuracy
    let report = try Trainer(.init(epochs: 30, batchSize: 32, seed: 1, optimizer: .adam(learningRate: 0.01)))
        .fit(&model, on: data)
    // An untrained net already gets some quadrants right by chance; training must solve the rest.
    #expect(report.history.last!.valAccuracy! > 0.95)
    #expect(report.history.last!.valAccuracy! > before + 0.1)
    #expect(report.history.last!.loss < report.history.first!.loss)
}

@Test func aSeedGivesTheSameBitsWithOneOrTwoThreads() throws {
    let specs: [LayerSpec] = [.conv2d(filters: 4, kernel: 2, activation: .relu), .batchNormalization, .flatten,
                              .dense(units: 2, activation: .softmax)]
    func run(parallel: Bool, seed: UInt64) throws -> [Float] {
        var model = try Sequential(input: Shape(height: 2, width: 2, channels: 1), specs: specs)
        model.initialize(seed: seed)
        _ = try Trainer(.init(epochs: 2, batchSize: 7, seed: seed, parallel: parallel)).fit(&model, on: try xorData(300))
        return model.parameters
    }
    let a = try run(parallel: true, seed: 5), b = try run(parallel: false, seed: 5), c = try run(parallel: true, seed: 6)
    #expect(a == b)
    #expect(a != c)
}

@Test func weightsRoundTripThroughNpz() throws {
    var model = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    model.initialize(seed: 9)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("labengine-\(UUID().uuidString).npz")
    defer { try? FileManager.default.removeItem(at: url) }
    try model.saveWeights(to: url)
    let arrays = try Npz.read(Data(contentsOf: url))
    #expect(arrays.map(\.name) == ["conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias", "dense/kernel", "dense/bias"])
    #expect(arrays[2].array.shape == [3, 3, 16, 32])
    var other = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    try other.loadWeights(from: url)
    #expect(other.parameters == model.parameters)
}

@Test func npzErrorsExplainThemselves() throws {
    #expect(throws: NpzError("not a zip archive (no end of central directory)")) {
        try Npz.read(Data(repeating: 7, count: 100))
    }
    var model = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    let wrong = [("conv2d/kernel", NpyArray(shape: [3, 3, 1, 8], values: [Float](repeating: 0, count: 72)))]
    #expect(throws: NpzError("the weights have no conv2d/bias, conv2d_1/kernel, conv2d_1/bias, dense/kernel, dense/bias (they hold conv2d/kernel)")) {
        try model.loadWeights(wrong)
    }
}

/// The chapter CNN trained by TensorFlow (Tests/Fixtures, written by Benchmarks/make_fixtures.py):
/// our forward pass on its weights gives LiteRT's float32 reference outputs.
@Test func kerasWeightsGiveTensorFlowsOutputs() throws {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    var model = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    try model.loadWeights(from: fixtures.appendingPathComponent("chapter_weights.npz"))
    let images = try Npy.read(ArraySlice(Data(contentsOf: fixtures.appendingPathComponent("mnist_test_200_images.npy"))))
    let expected = try Npy.read(ArraySlice(Data(contentsOf: fixtures.appendingPathComponent("expected_f32.npy"))))
    #expect(images.shape == [200, 28, 28] && expected.shape == [200, 10])
    let outputs = try model.predict(images.values.map { $0 / 255 }, count: 200)
    let worst = zip(outputs, expected.values).map { abs($0 - $1) }.max() ?? .infinity
    #expect(worst < 1e-5)
}
