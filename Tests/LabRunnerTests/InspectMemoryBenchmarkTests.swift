import Foundation
import LabDocument
import LiteFormat
import LiteRuntime
import Testing
@testable import LabRunner

@Suite struct InspectStepTests {
    @Test func operatorsTensorsAndSizesOfTheInt8Fixture() throws {
        let root = try ModelStepFixture.temporaryDirectory("inspect")
        defer { try? FileManager.default.removeItem(at: root) }
        let context = try ModelStepFixture.context(models: ["int8_uint8", "f32"], root: root)
        let params = DataStepFixture.parameters(InspectStep.self, [("model", "int8_uint8"), ("compare", "f32")], id: "graph")
        let outcome = try InspectStep.run(params, context)
        let f = outcome.result.fields
        // Operators and tensor count as LiteRT lists them (_get_ops_details, get_tensor_details).
        #expect(f["op_list"] == ["QUANTIZE", "CONV_2D", "MAX_POOL_2D", "CONV_2D", "MAX_POOL_2D", "RESHAPE",
                                 "FULLY_CONNECTED", "SOFTMAX", "QUANTIZE"])
        #expect(f.num("ops") == 9 && f.num("tensors") == 17)
        #expect(f["f32"]?.record?.num("ops") == 7 && f["f32"]?.record?.num("tensors") == 15)
        let bytes = try Data(contentsOf: ModelStepFixture.fixtures.appendingPathComponent("int8_uint8.tflite"))
        #expect(f.num("flash_bytes") == Double(bytes.count))
        let plan = try MemoryPlanner.plan(try LiteModel.read(bytes))
        #expect(f.num("arena_bytes") == Double(plan.arenaBytes))
        // By hand: conv1 16×3×3×1 int8 + 16 int32 biases, conv2 32×3×3×16 + 32 biases,
        // dense 800×10 + 10 biases, RESHAPE's 2 int32.
        #expect(f.num("weights_bytes") == Double(144 + 64 + 4608 + 128 + 8000 + 40 + 8))
        // By hand: the peak is during the first MAX_POOL_2D, whose 26×26×16 input and 13×13×16
        // output (int8) are alive together.
        #expect(f.num("arena_bytes") == Double(26 * 26 * 16 + 13 * 13 * 16))

        guard case .diagram(let diagram) = outcome.result.outputs.first else { Issue.record("no diagram"); return }
        #expect(diagram.columns.count == 2)
        #expect(diagram.columns[0].count == 11 && diagram.columns[1].count == 9)   // input, operators, output
        // The input node names the uint8 input with LiteRT's scale 1/255 and zero point 0.
        #expect(diagram.columns[0][1].lines.contains("in uint8 1×28×28×1 s=0.003922 z=0"))
        #expect(diagram.columns[0][1].lines[0] == "QUANTIZE")
        #expect(diagram.edges.count == 10 + 8)
        guard outcome.result.outputs.count == 3, case .table(let table) = outcome.result.outputs[1] else {
            Issue.record("no tensor tables"); return
        }
        #expect(table.columns == ["#", "name", "type", "shape", "scale", "zero point", "bytes"])
        #expect(table.rows[0][1...] == ["serving_default_image:0", "uint8", "1×28×28×1", "0.003922", "0", "784"])
    }

    @Test func sameModelTwiceIsRefused() {
        let p = DataStepFixture.parameters(InspectStep.self, [("model", "a"), ("compare", "a")])
        #expect(InspectStep.validate(p).map(\.message) == ["'compare' names the same model as 'model' ('a')"])
    }
}

@Suite struct MemoryStepTests {
    @Test func fitsAgainstDeviceBudgets() throws {
        let root = try ModelStepFixture.temporaryDirectory("memory")
        defer { try? FileManager.default.removeItem(at: root) }
        let context = try ModelStepFixture.context(models: ["f32", "int8_uint8"], root: root)
        let f32 = try MemoryPlanner.plan(try context.payload(of: "f32", as: LiteModel.self), fileSize: 54228)
        let int8 = try MemoryPlanner.plan(try context.payload(of: "int8_uint8", as: LiteModel.self), fileSize: 18104)
        // A device whose SRAM holds the int8 arena + 1 KB overhead but not the float one.
        let sramKB = (Double(int8.totalArenaEstimate) / 1024 + 1 + Double(f32.totalArenaEstimate) / 1024 + 1) / 2
        let params = DataStepFixture.parameters(MemoryStep.self, [
            ("models", ["f32", "int8_uint8"]), ("overhead_kb", 1),
            ("devices", .list([.record(Record([("name", "Tiny M0+"), ("sram_kb", .number(sramKB)), ("flash_kb", 64)]))])),
        ], id: "mem")
        let outcome = try MemoryStep.run(params, context)
        let f = outcome.result.fields
        #expect(f["devices"] == ["tiny_m0"])
        #expect(f["int8_uint8"]?.record?.num("arena_bytes") == Double(int8.totalArenaEstimate + 1024))
        #expect(f["int8_uint8"]?.record?.num("activation_bytes") == Double(int8.arenaBytes))
        #expect(f["int8_uint8"]?.record?.num("flash_bytes") == 18104)
        #expect(f["int8_uint8"]?.record?["fits"]?.record?["tiny_m0"] == true)
        #expect(f["f32"]?.record?["fits"]?.record?["tiny_m0"] == false)
        #expect(f["tiny_m0"]?.record?["fits"]?.record?["int8_uint8"] == true)
        #expect(f["tiny_m0"]?.record?["name"] == "Tiny M0+")
        guard case .table(let table) = outcome.result.outputs.first else { Issue.record("no table"); return }
        #expect(table.columns == ["model", "arena (KB)", "flash (KB)", "Tiny M0+"])
        #expect(table.rows[0][3].hasPrefix("✗ SRAM −") && table.rows[0][3].hasSuffix(" · flash +11.0 KB"))
        #expect(table.rows[1][3].hasPrefix("✓ SRAM +") && table.rows[1][3].hasSuffix(" · flash +46.3 KB"))
    }

    @Test func defaultDevicesAndTheirKeys() throws {
        let devices = try MemoryStep.parseDevices(MemoryStep.defaultDevices)
        #expect(devices.map(\.key) == ["arduino_nano_33_ble", "esp32", "raspberry_pi_zero"])
        #expect(devices.map(\.sramKB) == [256, 520, 524_288])
    }

    @Test func badDevicesAreReportedAtTheKey() {
        let p = DataStepFixture.parameters(MemoryStep.self, [("models", ["a"]), ("devices", .list([.record(Record([("name", "X"), ("sram_kb", 0)]))]))])
        #expect(MemoryStep.validate(p).map(\.message) == ["device 1 must be {name, sram_kb, flash_kb, ram, storage} with positive sizes (ram and storage are optional names)"])
        #expect(MemoryStep.validate(p).first?.location.line == 11)
    }
}

@Suite struct BenchmarkStepTests {
    @Test func timesEveryModelAndComparesToTheFirst() throws {
        let root = try ModelStepFixture.temporaryDirectory("bench")
        defer { try? FileManager.default.removeItem(at: root) }
        let context = try ModelStepFixture.context(models: ["f32", "int8_int8"], root: root)
        let params = DataStepFixture.parameters(BenchmarkStep.self, [("models", ["f32", "int8_int8"]), ("runs", 5), ("warmup", 1)])
        let f = try BenchmarkStep.run(params, context).result.fields
        let f32 = try #require(f["f32"]?.record), int8 = try #require(f["int8_int8"]?.record)
        #expect(f32.num("speedup") == 1)
        #expect((f32.num("mean_us") ?? 0) > 0 && f32.num("mean_ms") == (f32.num("mean_us") ?? 0) / 1000)
        #expect(int8.num("speedup") == (f32.num("median_us") ?? 0) / (int8.num("median_us") ?? 1))
        #expect(abs((int8.num("median_us") ?? 0) - (int8.num("median_ms") ?? 0) * 1000) < 1e-9)
        // Comparisons go by the median, which a few preempted runs cannot move.
        let faster = (f32.num("median_us") ?? 0) <= (int8.num("median_us") ?? 0) ? "f32" : "int8_int8"
        #expect(f["fastest"]?.string == faster)
        #expect((int8.num("std_ms") ?? -1) >= 0 && (int8.num("median_ms") ?? 0) > 0)
        #expect(f.num("runs") == 5 && f.num("warmup") == 1)
    }

    @Test func reservedIDsAreRefused() {
        let p = DataStepFixture.parameters(BenchmarkStep.self, [("models", ["fastest"])], id: "lat")
        #expect(BenchmarkStep.validate(p).map(\.message) == [
            "a model listed in 'models' cannot be called 'fastest': 'lat.fastest' is a field of the step",
        ])
    }
}
