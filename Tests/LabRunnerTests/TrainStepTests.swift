import Foundation
import LabDocument
import LabEngine
import Testing
@testable import LabRunner

@Suite struct TrainStepTests {
    let chapter: Value = [
        .record(Record([("conv2d", .record(Record([("filters", 16), ("kernel", 3), ("activation", "relu")])))])),
        .record(Record([("maxpool2d", .record(Record([("pool", 2)])))])),
        .record(Record([("conv2d", .record(Record([("filters", 32), ("kernel", 3), ("activation", "relu")])))])),
        .record(Record([("maxpool2d", .record(Record([("pool", 2)])))])),
        "flatten",
        .record(Record([("dense", .record(Record([("units", 10), ("activation", "softmax")])))])),
    ]

    @Test func readsTheChaptersLayerList() throws {
        #expect(try TrainLayers.parse(chapter.list!) == LayerSpec.chapterModel)
        #expect(TrainStep.validate(DataStepFixture.parameters(TrainStep.self, [("model", chapter)])).isEmpty)
    }

    @Test func explainsBadLayerLists() {
        func problem(_ model: Value) -> String {
            TrainStep.validate(DataStepFixture.parameters(TrainStep.self, [("model", model)])).map(\.description).joined()
        }
        #expect(problem(["flaten"]) == "lab.md:10:1: error: layer 1: unknown layer kind 'flaten'\n  hint: did you mean 'flatten'? layer kinds: conv2d, depthwise_conv2d, maxpool2d, avgpool2d, flatten, dense, relu, relu6, batchnorm")
        #expect(problem([.record(Record([("conv2d", .record(Record([("filter", 8), ("kernel", 3)])))]))])
            == "lab.md:10:1: error: layer 1 (conv2d): unknown option 'filter'\n  hint: did you mean 'filters'? options: filters, kernel, stride, padding, activation")
        #expect(problem([.record(Record([("dense", .record(Record([("units", 10)])))]))])
            == "lab.md:10:1: error: layer 1: dense needs a flat input but gets 28×28×1; add flatten before it")
        #expect(problem(5) == "lab.md:10:1: error: 'model' must be a list of layers, got a number")
        let none = TrainStep.validate(DataStepFixture.parameters(TrainStep.self, []))
        #expect(none.map(\.message) == ["a train step needs a 'model' layer list (or 'from: <train id>')"])
    }

    @Test(.enabled(if: DataStepFixture.packageData.isPresent(.mnist), "no MNIST in Data/ (run 'labrun data fetch mnist')"))
    func trainsOnAFewMNISTImages() throws {
        let params = DataStepFixture.parameters(TrainStep.self, [("model", chapter), ("epochs", 1), ("limit", 2000), ("seed", 1)])
        let outcome = try TrainStep.run(params, DataStepFixture.context(dataDirectory: DataStepFixture.packageData.url))
        let f = outcome.result.fields
        #expect(f.num("params") == 12_810)
        #expect(f.num("train_count") == 1800 && f.num("validation_count") == 200)
        // One epoch on 1,800 images already beats chance (10%) by far.
        #expect((f.num("test_accuracy") ?? 0) > 0.6)
        #expect(f["history"]?.list?.count == 1)
        #expect(outcome.payload is Sequential)
    }
}

extension TrainStepTests {
    @Test(.enabled(if: DataStepFixture.packageData.isPresent(.mnist), "no MNIST in Data/ (run 'labrun data fetch mnist')"))
    func quantizationAwareTrainingReportsActivationRanges() throws {
        let params = DataStepFixture.parameters(TrainStep.self, [("model", chapter), ("epochs", 1), ("limit", 1000), ("qat", true)])
        let outcome = try TrainStep.run(params, DataStepFixture.context(dataDirectory: DataStepFixture.packageData.url))
        let f = outcome.result.fields
        #expect(f["qat"] == true)
        // One range per convolution output: ReLU outputs start at 0.
        let ranges = f["activation_ranges"]?.list?.compactMap(\.record) ?? []
        #expect(ranges.map { $0["layer"] } == ["fake_quant", "fake_quant_1"])
        #expect(ranges.allSatisfy { ($0.num("min") ?? -1) == 0 && ($0.num("max") ?? 0) > 0 })
        #expect((f.num("test_accuracy") ?? 0) > 0.5)
        #expect(f.num("params").map { Int($0) } == 12_814)  // plus min and max of two FakeQuants
    }
}
