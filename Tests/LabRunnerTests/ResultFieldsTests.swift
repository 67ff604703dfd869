import Foundation
import LabDocument
import Testing
@testable import LabRunner

/// Each step's declared result fields (`Step.results`) are the fields its real result has:
/// lint and the reference read the declarations, so they must not drift from the code.
@Suite struct ResultFieldsTests {
    /// Every key of `fields` is declared (top level, or per entry for `entries`), and every
    /// declared field is there.
    func expectDeclared<S: Step>(_ step: S.Type, _ fields: Record, entries: [String] = [],
                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let declared = S.results.fields.map(\.name)
        let top = fields.keys.filter { !entries.contains($0) }
        if S.results.open == nil {
            #expect(Set(top) == Set(declared), "\(S.name): result \(top.sorted()) vs declared \(declared.sorted())",
                    sourceLocation: sourceLocation)
        } else {
            #expect(Set(declared).isSubset(of: Set(top)), "\(S.name): declared \(declared.sorted()) missing from \(top.sorted())",
                    sourceLocation: sourceLocation)
        }
        for id in entries {
            let perEntry = S.results.perEntry?.fields.map(\.name) ?? []
            #expect(Set(fields[id]?.record?.keys ?? []) == Set(perEntry), "\(S.name): fields of '\(id)'", sourceLocation: sourceLocation)
        }
    }

    @Test func quantizeModelSizeTableAndDiagram() throws {
        let context = DataStepFixture.context()
        expectDeclared(QuantizeStep.self, try QuantizeStep.run(DataStepFixture.parameters(QuantizeStep.self, [("values", [0.5, -1])]), context).result.fields)
        let layers: Value = .list(["flatten", .record(Record([("dense", .record(Record([("units", 10)])))]))])
        let one = try ModelSizeStep.run(DataStepFixture.parameters(ModelSizeStep.self, [("layers", layers)]), context).result.fields
        #expect(Set(one.keys + ["models"]) == Set(ModelSizeStep.results.fields.map(\.name)))
        let named = try ModelSizeStep.run(DataStepFixture.parameters(ModelSizeStep.self, [("models", .record(Record([("tiny", layers)])))]), context)
        #expect(Set(named.result.fields["tiny"]?.record?.keys ?? []) == Set(ModelSize.fieldList.map(\.name)))
        let table = DataStepFixture.parameters(TableStep.self, [("columns", ["a"]), ("rows", .list([["1"]]))])
        expectDeclared(TableStep.self, try TableStep.run(table, context).result.fields)
        let diagram = DataStepFixture.parameters(DiagramStep.self, [("nodes", .list([.record(Record([("id", "a"), ("text", "A")]))]))])
        expectDeclared(DiagramStep.self, try DiagramStep.run(diagram, context).result.fields)
    }

    @Test func assertClaimAndQuiz() throws {
        let context = DataStepFixture.context(evaluator: { _ in .number(1) })
        let truth = DataStepFixture.context(evaluator: { _ in .bool(true) })
        expectDeclared(AssertStep.self, try AssertStep.run(DataStepFixture.parameters(AssertStep.self, [("items", ["1 == 1"])]), truth).result.fields)
        let claim = Record([("text", "x"), ("measured", 1), ("claimed", 1)])
        expectDeclared(ClaimStep.self, try ClaimStep.run(DataStepFixture.parameters(ClaimStep.self, [("items", .list([.record(claim)]))]), context).result.fields)
        let question = Record([("id", "q"), ("question", "How many?"), ("answer", 3)])
        expectDeclared(QuizStep.self, try QuizStep.run(DataStepFixture.parameters(QuizStep.self, [("items", .list([.record(question)]))]), context).result.fields)
    }

    @Test func inspectMemoryBenchmarkAndEvaluate() throws {
        let root = try ModelStepFixture.temporaryDirectory("fields")
        defer { try? FileManager.default.removeItem(at: root) }
        try ModelStepFixture.writeMNIST(under: root)
        let context = try ModelStepFixture.context(models: ["int8_uint8", "f32"], root: root)
        let inspect = DataStepFixture.parameters(InspectStep.self, [("model", "int8_uint8"), ("compare", "f32")])
        expectDeclared(InspectStep.self, try InspectStep.run(inspect, context).result.fields, entries: ["f32"])
        let models: Value = ["f32", "int8_uint8"]
        let memory = try MemoryStep.run(DataStepFixture.parameters(MemoryStep.self, [("models", models)]), context).result.fields
        let devices = memory["devices"]?.list?.compactMap(\.string) ?? []
        #expect(!devices.isEmpty && devices.allSatisfy { memory[$0]?.record != nil })  // the open keys
        expectDeclared(MemoryStep.self, memory, entries: ["f32", "int8_uint8"])
        let bench = DataStepFixture.parameters(BenchmarkStep.self, [("models", models), ("runs", 2), ("warmup", 0)])
        expectDeclared(BenchmarkStep.self, try BenchmarkStep.run(bench, context).result.fields, entries: ["f32", "int8_uint8"])
        let evaluate = DataStepFixture.parameters(EvaluateStep.self, [("models", models), ("limit", 20)])
        expectDeclared(EvaluateStep.self, try EvaluateStep.run(evaluate, context).result.fields, entries: ["f32", "int8_uint8"])
        let fixed = try FixedPointStep.run(DataStepFixture.parameters(FixedPointStep.self, [("model", "int8_uint8")]), context)
        expectDeclared(FixedPointStep.self, fixed.result.fields)
        let explore = try ExploreStep.run(DataStepFixture.parameters(ExploreStep.self, [("model", "f32"), ("bits", [4, 8])]), context)
        expectDeclared(ExploreStep.self, explore.result.fields)
        let export = try ExportStep.run(DataStepFixture.parameters(ExportStep.self, [("model", "int8_uint8")]), context)
        expectDeclared(ExportStep.self, export.result.fields)
    }

    @Test func trainConvertAndDatasetOnTheFixtureImages() throws {
        let f = try StepCacheFixture()
        let lab = StepCacheFixture.lab() + "\n\n```lab dataset #data\nsamples: 4\n```\n"
        let (report, _) = f.run(lab, cached: false)
        let seconds = { (r: StepResult?) -> Record in var x = r?.fields ?? Record(); x["seconds_to_run"] = nil; return x }
        expectDeclared(TrainStep.self, seconds(report.results["net"]))
        var converted = seconds(report.results["small"])
        #expect(converted["calibration"] != nil)  // int8 only: declared, and present here
        converted["weight_bits"] = converted["weight_bits"] ?? .null
        expectDeclared(ConvertStep.self, converted)
        expectDeclared(DatasetStep.self, seconds(report.results["data"]))
    }

    /// Every step declares at least one field, except those whose result is only what they show.
    @Test func everyStepDeclaresItsResult() {
        for name in StepRegistry.standard.names where name != "plot" {
            let step = StepRegistry.standard.step(named: name)!
            #expect(!step.results.fields.isEmpty || step.results.perEntry != nil, "\(name) declares no result fields")
        }
    }
}
