import Foundation
import Testing
import LiteFormat
@testable import LabEngine

/// Magnitude pruning: exact per-layer sparsity, masks that survive Adam, zeros in the export.
@Suite struct PruningTests {
    static let input = Shape(height: 4, width: 4, channels: 1)
    static let specs: [LayerSpec] = [.conv2d(filters: 6, kernel: 3, activation: .relu), .flatten,
                                     .dense(units: 8, activation: .relu), .dense(units: 3, activation: .softmax)]

    /// Three classes told apart by which third of the image is bright.
    static func data(_ count: Int) throws -> LabeledImages {
        var rng = RandomGenerator(seed: 7)
        var values: [Float] = [], labels: [Int32] = []
        for i in 0..<count {
            let label = i % 3
            for p in 0..<16 { values.append((p % 4) * 3 / 4 == label ? 0.8 + abs(rng.uniform(0.2)) : abs(rng.uniform(0.2))) }
            labels.append(Int32(label))
        }
        return try LabeledImages(shape: input, values: values, labels: labels)
    }

    static func trainedModel() throws -> Sequential {
        var model = try Sequential(input: input, specs: specs)
        model.initialize(seed: 3)
        _ = try Trainer(.init(epochs: 2, batchSize: 16, seed: 1, optimizer: .adam(learningRate: 0.01), parallel: false))
            .fit(&model, on: try data(240))
        return model
    }

    @Test func smallestMagnitudesAreChosenWithTiesByIndex() {
        let weights: [Float] = [0.5, -0.1, 0.1, 0.1, 0, -0.7]
        // k = round(0.6 × 6) = 4: the 0 and the three |0.1|. At k = 3 only two of the three
        // equal |0.1| go: the lower indices (1, 2), not 3.
        #expect(Pruner.smallest(weights, count: 6, sparsity: 0.6) == [1, 2, 3, 4])
        #expect(Pruner.smallest(weights, count: 6, sparsity: 0.5) == [1, 2, 4])
        #expect(Pruner.smallest(weights, count: 6, sparsity: 0) == [])
        // A NaN weight counts as the largest: it is pruned last.
        #expect(Pruner.smallest([Float.nan, 0.2, -0.1], count: 3, sparsity: 0.67) == [1, 2])
    }

    @Test func masksHoldThroughEveryAdamStep() throws {
        var model = try Self.trainedModel()
        var pruner = try Pruner(PruningPlan(schedule: .constant(sparsity: 0.5, frequency: 1000)), model: model)
        var optimizer = Optimizer(.adam(learningRate: 0.05), parameterCount: model.parameterCount)
        var rng = RandomGenerator(seed: 11)
        var maskedAtFirstStep: [Int]?
        for step in 0..<20 {
            // Gradients that would move every weight, masked or not.
            var grads = (0..<model.parameterCount).map { _ in rng.uniform(0.5) }
            model.parameters.withUnsafeMutableBufferPointer { params in
                grads.withUnsafeMutableBufferPointer { g in
                    pruner.beginStep(step, params: params.baseAddress!)
                    pruner.maskGradients(g.baseAddress!)
                    optimizer.step(params.baseAddress!, grads: g.baseAddress!, count: params.count)
                    pruner.applyMasks(to: params.baseAddress!)
                }
            }
            #expect(model.kernelSparsity().allSatisfy { $0.zeros == Int((Double($0.count) * 0.5).rounded()) }, "step \(step)")
            // The same weights stay masked: zero after every update, though their moments are not.
            let zeroIndices = model.parameters.indices.filter { model.parameters[$0] == 0 }
            if let first = maskedAtFirstStep { #expect(zeroIndices == first, "step \(step)") } else { maskedAtFirstStep = zeroIndices }
        }
        // Pruned weights are +0, not −0: the exported bytes are plain zeros.
        #expect(model.parameters.allSatisfy { $0 != 0 || $0.sign == .plus })
    }

    @Test func fineTuningEndsAtTheExactFinalSparsityPerLayer() throws {
        var model = try Self.trainedModel()
        let schedule = PruningSchedule.polynomialDecay(initial: 0.3, final: 0.8, begin: 2, end: 17, frequency: 4)
        let options = Trainer.Options(epochs: 3, batchSize: 16, seed: 2, optimizer: .adam(learningRate: 0.01),
                                      validationFraction: 0, parallel: false, pruning: PruningPlan(schedule: schedule))
        _ = try Trainer(options).fit(&model, on: try Self.data(240))   // 15 steps an epoch: 45 steps, last pruning at 17
        let layers = model.kernelSparsity()
        #expect(layers.map(\.layer) == ["conv2d", "dense", "dense_1"])
        for layer in layers {
            #expect(layer.zeros == Int((0.8 * Double(layer.count)).rounded()), "\(layer.layer): \(layer.zeros) of \(layer.count)")
        }
    }

    @Test func biasesAreNeverPrunedAndLayersCanBeChosenByName() throws {
        var model = try Self.trainedModel()
        // Tiny biases would be the first to go if biases were pruned.
        let biasRange = model.offsets[2] + 24 * 8 ..< model.offsets[2] + 24 * 8 + 8
        for i in biasRange { model.parameters[i] = 1e-9 }
        let before = model.kernelSparsity()
        try Pruner.prune(&model, PruningPlan(schedule: .constant(sparsity: 0.5), targets: [.name("dense")]), sparsity: 0.9)
        #expect(model.parameters[biasRange].allSatisfy { $0 == 1e-9 })
        let after = model.kernelSparsity()
        #expect(after[0] == before[0] && after[2] == before[2])
        #expect(after[1].zeros == Int((0.9 * 192).rounded()))
    }

    @Test func badTargetsSayWhatTheModelHas() throws {
        let model = try Self.trainedModel()
        #expect(throws: ModelError(index: nil, "pruning names layer 'dense_7', which the model does not have (its layers: conv2d, flatten, dense, dense_1)")) {
            try Pruner(PruningPlan(schedule: .constant(sparsity: 0.5), targets: [.name("dense_7")]), model: model)
        }
        #expect(throws: ModelError(index: 1, "flatten has no kernel to prune (only conv2d, depthwise_conv2d and dense layers can be pruned)")) {
            try Pruner(PruningPlan(schedule: .constant(sparsity: 0.5), targets: [.name("flatten")]), model: model)
        }
        #expect(throws: ModelError(index: nil, "pruning selects no layer: the model has no depthwise_conv2d layer")) {
            try Pruner(PruningPlan(schedule: .constant(sparsity: 0.5), targets: [.kind(.depthwiseConv2d)]), model: model)
        }
        #expect(throws: ModelError(index: nil, "pruning: sparsity must be at least 0 and below 1, got 1.5")) {
            try Pruner(PruningPlan(schedule: .constant(sparsity: 1.5)), model: model)
        }
    }

    @Test func exportedTfliteHoldsExactlyThePrunedZeros() throws {
        var model = try Self.trainedModel()
        try Pruner.prune(&model, PruningPlan(schedule: .constant(sparsity: 0.75)), sparsity: 0.75)
        let read = try LiteModel.read(bytes: try LiteExport.export(model).serialized())
        // Weight tensors (rank > 1 constants) in layer order: conv2d, dense, dense_1.
        let graph = read.subgraphs[0]
        let kernels = graph.tensors.indices.filter { graph.tensors[$0].shape.count > 1 }.compactMap { read.constantData(tensor: $0) }
        let zeros = kernels.map { $0.floats.filter { $0 == 0 }.count }
        #expect(zeros == model.kernelSparsity().map(\.zeros))
        #expect(zeros == model.kernelSparsity().map { Int((0.75 * Double($0.count)).rounded()) })
    }
}
