import Foundation
import LabDocument
import LabEngine
import Testing
@testable import LabRunner

@Suite struct PruneStepTests {
    static let weights = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/chapter_weights.npz")

    /// A context whose step `t` is a trained chapter CNN (TensorFlow's fixture weights), plus `extra` outcomes.
    static func context(_ extra: [String: StepOutcome] = [:], artifacts: URL = FileManager.default.temporaryDirectory) throws -> RunContext {
        var model = try Sequential(input: Shape(height: 28, width: 28, channels: 1), specs: LayerSpec.chapterModel)
        try model.loadWeights(from: weights)
        return RunContext(artifactsDirectory: artifacts, dataDirectory: DataStepFixture.packageData.url, labParams: Record(),
                          progress: DataStepFixture.SilentProgress(),
                          outcomes: extra.merging(["t": StepOutcome(StepResult(), payload: model)]) { a, _ in a },
                          evaluator: { _ in throw StepFailure("none") })
    }

    @Test func layersMustBeKindsOrNames() throws {
        let bad = DataStepFixture.parameters(PruneStep.self, [("from", "t"), ("layers", 5)])
        #expect(PruneStep.validate(bad).map(\.description) == ["lab.md:11:1: error: 'layers' must be a list of layer kinds or names, e.g. [conv2d, dense_1]"])
        let good = DataStepFixture.parameters(PruneStep.self, [("from", "t"), ("layers", ["conv2d_1", "dense"])])
        #expect(PruneStep.validate(good).isEmpty)
        #expect(try PruneStep.targets(good) == [.name("conv2d_1"), .kind(.dense)])
    }

    @Test func scheduleDefaultsToPolynomialDecayOverAllSteps() {
        let p = DataStepFixture.parameters(PruneStep.self, [("from", "t"), ("sparsity", 0.75)])
        #expect(PruneStep.schedule(p, steps: 1688) == .polynomialDecay(initial: 0, final: 0.75, begin: 0, end: 1687, power: 3, frequency: 100))
        let constant = DataStepFixture.parameters(PruneStep.self, [("from", "t"), ("schedule", "constant"), ("frequency", 10)])
        #expect(PruneStep.schedule(constant, steps: 50) == .constant(sparsity: 0.5, begin: 0, end: nil, frequency: 10))
    }

    @Test(.enabled(if: DataStepFixture.packageData.isPresent(.mnist), "no MNIST in Data/ (run 'labrun data fetch mnist')"))
    func prunesExactlyAndConvertDeflatesTheZeros() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prune-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let params = DataStepFixture.parameters(PruneStep.self, [("from", "t"), ("sparsity", 0.75), ("limit", 2000), ("frequency", 10)])
        let outcome = try PruneStep.run(params, try Self.context())
        let f = outcome.result.fields
        ResultFieldsTests().expectDeclared(PruneStep.self, f)
        let layers = f["layers"]?.list?.compactMap(\.record) ?? []
        #expect(layers.map { $0["layer"] } == ["conv2d", "conv2d_1", "dense"])
        for layer in layers {
            #expect(layer.num("zeros") == ((layer.num("count") ?? 0) * 0.75).rounded())
        }
        #expect(f.num("sparsity") == 0.75 && f.num("steps") == 57)
        // Masks recomputed every 10 steps and at the last (56), at the schedule's sparsity.
        let steps = f["schedule_steps"]?.list?.compactMap(\.number) ?? []
        #expect(steps == [0, 10, 20, 30, 40, 50, 56])
        let schedule = PruningSchedule.polynomialDecay(initial: 0, final: 0.75, begin: 0, end: 56, frequency: 10)
        #expect(f["schedule_sparsity"]?.list?.compactMap(\.number) == steps.map { schedule.sparsity(at: Int($0)) })
        #expect(f["schedule_sparsity"]?.list?.last?.number == 0.75)
        // The histogram: every kernel weight before, only the non-zero ones after, the zeros counted.
        let charts = outcome.result.outputs.compactMap { output -> Chart? in
            if case .chart(let chart) = output { return chart } else { return nil }
        }
        let chart = try #require(charts.first)
        #expect(chart.series.map { $0.y.reduce(0, +) } == [12752, 12752 - 9564])
        #expect(chart.caption == "9564 of 12752 weights are exactly 0 after pruning and are not drawn.")
        #expect((f.num("test_accuracy") ?? 0) > 0.9)

        let context = try Self.context(["p": outcome], artifacts: directory)
        let pruned = try ConvertStep.run(DataStepFixture.parameters(ConvertStep.self, [("model", "p")], id: "pruned"), context).result.fields
        let dense = try ConvertStep.run(DataStepFixture.parameters(ConvertStep.self, [("model", "t")], id: "dense"), context).result.fields
        #expect(ConvertStep.results.fields.map(\.name).contains("deflated_bytes"))
        #expect(pruned.num("size_bytes") == dense.num("size_bytes"))
        // 75% zeros: the float32 file deflates to well under half of the unpruned one.
        #expect((pruned.num("deflated_bytes") ?? .infinity) < 0.5 * (dense.num("deflated_bytes") ?? 0))
        #expect(pruned.num("deflated_kb") == (pruned.num("deflated_bytes") ?? 0) / 1024)
    }

    @Test(.enabled(if: DataStepFixture.packageData.isPresent(.mnist), "no MNIST in Data/ (run 'labrun data fetch mnist')"))
    func epochsZeroPrunesOnceWithoutTraining() throws {
        let params = DataStepFixture.parameters(PruneStep.self, [("from", "t"), ("sparsity", 0.9), ("epochs", 0), ("layers", ["dense"])])
        let context = try Self.context()
        let outcome = try PruneStep.run(params, context)
        let f = outcome.result.fields
        #expect(f.num("steps") == 0 && f.num("epochs") == 0 && f.num("sparsity") == 0.9)
        #expect(f["schedule_steps"]?.list?.compactMap(\.number) == [0])
        #expect(f["schedule_sparsity"]?.list?.compactMap(\.number) == [0.9])
        // Untrained after the cut: every weight the mask kept is the trained model's own.
        let before = try context.payload(of: "t", as: Sequential.self)
        let after = try #require(outcome.payload as? Sequential)
        let kept = zip(before.parameters, after.parameters).filter { $0.1 != 0 }
        #expect(!kept.isEmpty && kept.allSatisfy { $0.0 == $0.1 })
        #expect(zip(before.parameters, after.parameters).filter { $0.0 != $0.1 }.allSatisfy { $0.1 == 0 })
        let caption = outcome.result.outputs.compactMap { output -> String? in
            if case .table(let table) = output { return table.caption } else { return nil }
        }
        #expect(caption.count == 1 && caption[0].hasSuffix("after one-shot pruning (no fine-tuning)"))
    }

    @Test func unknownLayerNamesFailWithTheModelsLayers() throws {
        let params = DataStepFixture.parameters(PruneStep.self, [("from", "t"), ("layers", ["dense_3"])])
        #expect(throws: StepFailure.self) { try PruneStep.run(params, try Self.context()) }
    }
}
