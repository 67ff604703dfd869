import Foundation
import LabDocument
import Testing
@testable import LabRunner

@Suite struct ModelSizeStepTests {
    private func run(_ body: [(String, Value)]) throws -> StepResult {
        try ModelSizeStep.run(DataStepFixture.parameters(ModelSizeStep.self, body), DataStepFixture.context()).result
    }

    private func layer(_ kind: String, _ options: [(String, Value)] = []) -> Value {
        options.isEmpty && ["flatten", "global_avgpool", "batchnorm"].contains(kind)
            ? .string(kind) : .record(Record([(kind, .record(Record(options)))]))
    }

    /// By hand: conv2d 16@3×3 on 28×28×1 → 26×26×16, 3·3·1·16 + 16 = 160; maxpool → 13×13×16;
    /// flatten → 2704; dense 10 → 2704·10 + 10 = 27,050. Total 27,210.
    /// float32: 4 · 27,210 = 108,840 B; int8: weights 144 + 27,040 = 27,184 B, biases 4·(16 + 10) = 104 B.
    @Test func threeLayerModelByHand() throws {
        let result = try run([("layers", [layer("conv2d", [("filters", 16), ("kernel", 3)]), layer("maxpool2d", [("pool", 2)]),
                                          "flatten", layer("dense", [("units", 10)])])])
        let f = result.fields
        let perLayer = f["layers"]?.list?.compactMap { $0.record?.num("params") }
        #expect(perLayer == [160, 0, 0, 27_050])
        let shapes = f["layers"]?.list?.compactMap { $0.record?.nums("output") }
        #expect(shapes == [[26, 26, 16], [13, 13, 16], [2704], [10]])
        #expect(f.num("params") == 27_210)
        #expect(f.num("float32_bytes") == 108_840 && f.num("int8_bytes") == 27_288)
        #expect(f.num("float32_kb") == 108_840.0 / 1024)
        #expect(f.num("reduction") == 108_840.0 / 27_288)
        guard case .table(let table)? = result.outputs.first else { Issue.record("no table"); return }
        #expect(table.rows[1] == ["conv2d 16@3×3", "26×26×16", "160", "640", "208"])
        #expect(table.rows.last == ["total", "", "27,210", "108,840", "27,288"])
    }

    /// same/stride 2: ceil(28/2) = 14; depthwise 3×3 on 8 channels: 72 + 8 = 80;
    /// batchnorm: 4·8 = 32; global average → 8; dense 10: 80 + 10 = 90.
    @Test func mobileNetStyleLayers() throws {
        let f = try run([("layers", [
            layer("conv2d", [("filters", 8), ("kernel", 3), ("padding", "same"), ("stride", 2)]),
            layer("depthwise_conv2d", [("kernel", 3), ("padding", "same")]), "batchnorm",
            layer("avgpool2d", [("pool", 2)]), "global_avgpool", layer("dense", [("units", 10)]),
        ])]).fields
        #expect(f["layers"]?.list?.compactMap { $0.record?.num("params") } == [80, 80, 32, 0, 0, 90])
        #expect(f["layers"]?.list?.compactMap { $0.record?.nums("output") } == [[14, 14, 8], [14, 14, 8], [14, 14, 8], [7, 7, 8], [8], [10]])
        // weights 72 + 72 + 80 = 224; biases 8 + 8 + 32 + 10 = 58 → int8 224 + 232 = 456.
        #expect(f.num("params") == 282 && f.num("int8_bytes") == 456)
    }

    @Test func severalModelsAreComparedByName() throws {
        let models = Record([
            ("tiny", [layer("dense", [("units", 4)])]),
            ("wide", .record(Record([("input", [10]), ("layers", [layer("dense", [("units", 100)])])]))),
        ])
        let result = try run([("input", [3]), ("models", .record(models))])
        #expect(result.fields["tiny"]?.record?.num("params") == 16)  // 3·4 + 4
        #expect(result.fields["wide"]?.record?.num("params") == 1100)  // 10·100 + 100
        #expect(result.fields["models"]?.record?.keys == ["tiny", "wide"])
        #expect(result.fields["models"]?.record?["wide"]?.record?.num("params") == 1100)
        let charts = result.outputs.compactMap { if case .chart(let c) = $0 { return c } else { return nil } }
        #expect(charts.count == 1 && charts.first?.kind == .groupedBar && charts.first?.categories == ["tiny", "wide"])
    }

    /// The chapter's "Tiny KWS" counted layer by layer on 49×13×1: conv 16@3×3 → 47×11×16 (160),
    /// conv 32@3×3 → 45×9×32 (3·3·16·32 + 32 = 4,640), flatten → 12,960, dense 128 → 1,659,008,
    /// dense 10 → 1,290. Total 1,665,098.
    @Test func tinyKWSByHand() throws {
        let f = try run([("input", [49, 13, 1]), ("layers", [
            layer("conv2d", [("filters", 16), ("kernel", 3)]), layer("conv2d", [("filters", 32), ("kernel", 3)]),
            "flatten", layer("dense", [("units", 128)]), layer("dense", [("units", 10)]),
        ])]).fields
        #expect(f["layers"]?.list?.compactMap { $0.record?.num("params") } == [160, 4640, 0, 1_659_008, 1290])
        #expect(f.num("params") == 1_665_098)
    }

    @Test func kernelLargerThanInputFailsClearly() {
        do {
            _ = try run([("input", [3, 3, 1]), ("layers", [layer("conv2d", [("filters", 2), ("kernel", 5)])])])
            Issue.record("no error")
        } catch let failure as StepFailure {
            #expect(failure.message == "layer 1 (conv2d 2@5×5): kernel window 5 is larger than the input's 3 (input 3×3×1)")
        } catch { Issue.record("\(error)") }
    }

    @Test func unknownLayerKindIsADiagnosticWithASuggestion() {
        let params = DataStepFixture.parameters(ModelSizeStep.self, [("layers", [layer("conv2", [("filters", 2)])])])
        #expect(ModelSizeStep.validate(params).map(\.description) == [
            "lab.md:10:1: error: layer 1: unknown layer kind 'conv2'\n  hint: did you mean 'conv2d'? layer kinds: conv2d,"
                + " depthwise_conv2d, maxpool2d, avgpool2d, global_avgpool, flatten, dense, batchnorm, dropout, relu, softmax",
        ])
        let typo = DataStepFixture.parameters(ModelSizeStep.self, [("layers", [layer("dense", [("unit", 2)])])])
        #expect(ModelSizeStep.validate(typo).first?.message == "layer 1 (dense): unknown option 'unit'")
        #expect(ModelSizeStep.validate(typo).first?.hint == "did you mean 'units'? options: units, activation, use_bias")
    }

    @Test func missingLayersIsADiagnostic() {
        #expect(ModelSizeStep.validate(DataStepFixture.parameters(ModelSizeStep.self, [])).first?.message
            == "model_size needs 'layers' or 'models'")
    }
}

/// Multiply-adds per image follow the layers (issue 15: the chapter computes "0.66 million" instead of typing it).
@Suite struct ModelSizeMacsTests {
    /// conv 16@3×3 on 28×28×1: 26·26 positions × 144 weights = 97,344; dense 2704→10: 27,040. Pooling: none.
    @Test func convolutionWeightsCountOncePerOutputPosition() throws {
        func layer(_ kind: String, _ options: [(String, Value)]) -> Value { .record(Record([(kind, .record(Record(options)))])) }
        let result = try ModelSizeStep.run(DataStepFixture.parameters(ModelSizeStep.self, [("layers", [
            layer("conv2d", [("filters", 16), ("kernel", 3)]), layer("maxpool2d", [("pool", 2)]), "flatten", layer("dense", [("units", 10)]),
        ])]), DataStepFixture.context()).result
        #expect(result.fields.num("macs") == Double(97_344 + 27_040))
        #expect(result.fields["layers"]?.list?.compactMap { $0.record?.num("macs") } == [97_344.0, 0, 0, 27_040])
    }
}
