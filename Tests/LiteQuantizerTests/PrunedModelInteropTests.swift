import Foundation
import Testing
import LabEngine
import LiteFormat
import LiteRuntime
import LiteQuantizer

/// A pruned model's `.tflite` runs in LiteRT like in labrun: float outputs within 1e-5, and
/// after int8 conversion with our quantizer, identical outputs with LiteRT's reference kernels.
@Suite(.enabled(if: LiteRT.available, Comment(rawValue: LiteRT.skipMessage)))
struct PrunedModelInteropTests {
    /// The chapter CNN with TensorFlow's trained weights, 75% of each kernel pruned.
    static func prunedChapterModel() throws -> Sequential {
        var model = try Sequential(input: Shape(height: 28, width: 28, channels: 1), specs: LayerSpec.chapterModel)
        try model.loadWeights(from: Fixtures.url("chapter_weights.npz"))
        try Pruner.prune(&model, PruningPlan(schedule: .constant(sparsity: 0.75)), sparsity: 0.75)
        return model
    }

    @Test func prunedFloatModelMatchesLiteRT() throws {
        let model = try Self.prunedChapterModel()
        #expect(model.kernelSparsity().allSatisfy { $0.zeros == Int((0.75 * Double($0.count)).rounded()) })
        let images = Array(try Fixtures.testImages().prefix(50))
        let litert = try LiteRT.run(try LiteExport.export(model), samples: images, inputShape: [28, 28, 1])
        let ours = try model.predict(images.flatMap { $0 }, count: images.count)
        var worst = 0.0
        for (i, row) in litert.enumerated() {
            for (j, value) in row.enumerated() { worst = max(worst, abs(value - Double(ours[i * 10 + j]))) }
        }
        #expect(worst <= 1e-5, "largest difference between LiteRT and labrun on the pruned model: \(worst)")
    }

    @Test func prunedInt8ModelIsIdenticalInLiteRTReference() throws {
        let float = try LiteExport.export(try Self.prunedChapterModel())
        let images = try Fixtures.testImages()
        let quantized = try Quantizer.convert(float, options: .init(variant: .int8, io: .int8, perChannel: true),
                                              samples: Array(images.prefix(100))).model
        let litert = try LiteRT.run(quantized, samples: images, inputShape: [28, 28, 1])
        let interpreter = try Interpreter(model: quantized)
        var differing = 0
        for (i, image) in images.enumerated() {
            try interpreter.setInput(realValues: image)
            interpreter.invoke()
            if try interpreter.output(as: Int8.self).map(Double.init) != litert[i] { differing += 1 }
        }
        #expect(differing == 0, "\(differing) of \(images.count) images differ between LiteRT and labrun")
    }
}
