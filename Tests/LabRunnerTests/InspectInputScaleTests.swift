import Foundation
import LabDocument
import Testing
@testable import LabRunner

/// The quiz computes a uint8 input from the file's own scale (issue 15): float32(1/255) is not
/// 1/255, so 0.5/s is 127.49999…, and the answer is 127, not 128.
@Suite struct InspectInputScaleTests {
    @Test func inputAndOutputQuantizationComeFromTheFile() throws {
        let root = try ModelStepFixture.temporaryDirectory("inspect-io")
        defer { try? FileManager.default.removeItem(at: root) }
        let context = try ModelStepFixture.context(models: ["int8_uint8", "f32"], root: root)
        let params = DataStepFixture.parameters(InspectStep.self, [("model", "int8_uint8"), ("compare", "f32")], id: "graph")
        let f = try InspectStep.run(params, context).result.fields
        #expect(f["input_type"] == "uint8")
        #expect(f.num("input_scale") == Double(Float(1.0 / 255.0)))
        #expect(f.num("input_zero_point") == 0)
        #expect(f.num("output_scale") == Double(Float(1.0 / 256.0)))
        #expect(((0.5 / (f.num("input_scale") ?? 1)).rounded()) == 127)
        #expect(f["f32"]?.record?["input_scale"] == .null)
    }
}
