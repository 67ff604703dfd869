import LabDocument
import LiteRuntime

/// `memory`: does each model fit each device? The tensor arena (activations planned like TFLite
/// Micro's greedy planner, plus its bookkeeping estimate and a runtime overhead) against SRAM,
/// the `.tflite` file against flash.
///
/// ```yaml
/// models: [f32, int8]
/// devices:
///   - {name: Arduino Nano 33 BLE, sram_kb: 256, flash_kb: 1024}
/// ```
///
/// Fields: per model id `{arena_bytes, activation_bytes, flash_bytes, fits: {DEVICE: bool}}`
/// (`mem.int8.fits.arduino_nano_33_ble`), per device key `{name, sram_kb, flash_kb,
/// fits: {MODEL: bool}, sram_margin_kb: {MODEL: KB}}`, `devices` (the keys in order).
/// A device's key is its name in lower case with runs of other characters as `_`.
public enum MemoryStep: Step {
    public static let name = "memory"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("devices", "list of text", "the device keys, in order"),
    ], perEntry: ("models", [
        ResultField("arena_bytes", "number", "tensor arena: planned activations plus overhead, in bytes", aliases: ["arena", "ram"]),
        ResultField("activation_bytes", "number", "planned activations alone, in bytes"),
        ResultField("flash_bytes", "number", "flash needed, in bytes", aliases: ["flash"]),
        ResultField("fits", "mapping", "per device key: true when both arena and flash fit"),
    ]), open: "per device key (its name in lower case, words joined by _): name, sram_kb, flash_kb, fits (per model id), sram_margin_kb (per model id)")
    public static let summary = "tensor-arena and flash estimate of models against device budgets (SRAM and flash)"

    /// Arduino Nano 33 BLE (nRF52840: 256 KB SRAM, 1 MB flash), ESP32 (520 KB SRAM, 4 MB flash),
    /// Raspberry Pi Zero (512 MB of DRAM, a 16 GB SD card where a microcontroller has flash).
    /// `ram` and `storage` name what a device's working memory and model storage are, so a table
    /// never calls a Pi's DRAM "SRAM".
    public static let defaultDevices: Value = .list([
        .record(Record([("name", "Arduino Nano 33 BLE"), ("sram_kb", 256), ("flash_kb", 1024)])),
        .record(Record([("name", "ESP32"), ("sram_kb", 520), ("flash_kb", 4096)])),
        .record(Record([("name", "Raspberry Pi Zero"), ("sram_kb", 524_288), ("flash_kb", 16_777_216),
                        ("ram", "DRAM"), ("storage", "SD card")])),
    ])

    /// Runtime memory outside the planned tensors: the interpreter and allocator objects,
    /// alignment slack and kernel scratch. TFLM's `memory_arena_threshold_test` records a
    /// few hundred bytes to a few KB of such bookkeeping for small models beyond their
    /// activations (the keyword model: 672 B of activations, ~10 KB of tensor/node structs);
    /// `MemoryPlanner` already estimates the per-tensor and per-operator part, so 2 KB covers
    /// the rest with a margin.
    public static let defaultOverheadKB = 2.0

    public static let parameters = [
        ParameterSpec("models", .references(["convert"]), help: "the convert steps whose models to place"),
        ParameterSpec("devices", .any, default: defaultDevices,
                      help: "a list of {name, sram_kb, flash_kb, ram, storage}: ram and storage name the memories (default SRAM and flash) (default: Arduino Nano 33 BLE, ESP32, Raspberry Pi Zero)",
                      shape: .list(.record([
                          .init("name", .text, required: true, help: "the device's name"),
                          .init("sram_kb", .number(min: 0, max: nil), required: true, help: "its RAM in KB"),
                          .init("flash_kb", .number(min: 0, max: nil), required: true, help: "its flash in KB"),
                          .init("ram", .text, help: "what its RAM is called (default SRAM)"),
                          .init("storage", .text, help: "what its storage is called (default flash)"),
                      ]), what: "a list of devices")),
        ParameterSpec("overhead_kb", .number(min: 0, max: 1_048_576), default: .number(defaultOverheadKB),
                      help: "runtime memory added to the planned arena, in KB"),
    ]

    /// A device budget.
    struct Device {
        var name: String
        var key: String
        var sramKB: Double
        var flashKB: Double
        /// What the working memory and the model storage are called: SRAM and flash on a microcontroller.
        var ram = "SRAM"
        var storage = "flash"
    }

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var out = p.modelListProblems()
        do {
            let devices = try parseDevices(p.value("devices") ?? defaultDevices)
            let models = (p.list("models") ?? []).compactMap(\.string)
            for d in devices where models.contains(d.key) || d.key == "devices" {
                out.append(Diagnostic(p.location(of: "devices"), "device '\(d.name)' has the key '\(d.key)', which is also a model id or field"))
            }
            if Set(devices.map(\.key)).count != devices.count {
                out.append(Diagnostic(p.location(of: "devices"), "two devices have the same name"))
            }
        } catch let failure as StepFailure {
            out.append(Diagnostic(p.location(of: "devices"), failure.message))
        } catch {}
        return out
    }

    static func parseDevices(_ v: Value) throws -> [Device] {
        guard let items = v.list, !items.isEmpty else {
            throw StepFailure("'devices' must be a list of {name, sram_kb, flash_kb}")
        }
        return try items.enumerated().map { i, item in
            guard let r = item.record, let name = r["name"]?.string, !name.isEmpty,
                  let sram = r["sram_kb"]?.number, let flash = r["flash_kb"]?.number, sram > 0, flash > 0,
                  r.keys.allSatisfy(["name", "sram_kb", "flash_kb", "ram", "storage"].contains)
            else { throw StepFailure("device \(i + 1) must be {name, sram_kb, flash_kb, ram, storage} with positive sizes (ram and storage are optional names)") }
            return Device(name: name, key: key(name), sramKB: sram, flashKB: flash,
                          ram: r["ram"]?.string ?? "SRAM", storage: r["storage"]?.string ?? "flash")
        }
    }

    /// `Arduino Nano 33 BLE` → `arduino_nano_33_ble`.
    static func key(_ name: String) -> String {
        var out = ""
        for c in name.lowercased() {
            if c.isLetter || c.isNumber { out.append(c) } else if !out.isEmpty, out.last != "_" { out.append("_") }
        }
        while out.last == "_" { out.removeLast() }
        return out.isEmpty ? "device" : out
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let models = try ConvertedModel.loadAll(p, context)
        let devices = try parseDevices(p.value("devices") ?? defaultDevices)
        let overhead = Int((p.number("overhead_kb") ?? defaultOverheadKB) * 1024)
        var fields = Record()
        var needs: [(id: String, arena: Int, flash: Int)] = []
        for m in models {
            let plan: MemoryPlan
            do { plan = try MemoryPlanner.plan(m.model, fileSize: m.sizeBytes) } catch {
                throw StepFailure("cannot plan the memory of '\(m.id)': \(error)")
            }
            let arena = plan.totalArenaEstimate + overhead
            needs.append((m.id, arena, plan.flashBytes))
            var fits = Record()
            for d in devices { fits[d.key] = .bool(fitsDevice(arena: arena, flash: plan.flashBytes, d)) }
            fields[m.id] = .record(Record([
                ("arena_bytes", .number(Double(arena))), ("activation_bytes", .number(Double(plan.arenaBytes))),
                ("flash_bytes", .number(Double(plan.flashBytes))), ("fits", .record(fits)),
            ]))
        }
        for d in devices {
            var fits = Record(), margins = Record()
            for n in needs {
                fits[n.id] = .bool(fitsDevice(arena: n.arena, flash: n.flash, d))
                margins[n.id] = .number(d.sramKB - Double(n.arena) / 1024)
            }
            fields[d.key] = .record(Record([("name", .string(d.name)), ("sram_kb", .number(d.sramKB)), ("flash_kb", .number(d.flashKB)),
                                            ("ram", .string(d.ram)), ("storage", .string(d.storage)),
                                            ("fits", .record(fits)), ("sram_margin_kb", .record(margins))]))
        }
        fields["devices"] = .list(devices.map { .string($0.key) })
        return StepOutcome(StepResult(fields: fields, outputs: [
            .table(table(needs, devices, caption: p.string("caption") ?? "Tensor arena = planned activations + bookkeeping estimate"
                + " + \(Filters.fixed(Double(overhead) / 1024, 1)) KB runtime overhead; flash = the .tflite file")),
            .chart(chart(needs, devices)),
        ]))
    }

    static func fitsDevice(arena: Int, flash: Int, _ d: Device) -> Bool {
        Double(arena) <= d.sramKB * 1024 && Double(flash) <= d.flashKB * 1024
    }

    /// Model × device: ✓/✗ with the SRAM and flash left (negative: short by).
    static func table(_ needs: [(id: String, arena: Int, flash: Int)], _ devices: [Device], caption: String) -> ResultTable {
        let rows = needs.map { n in
            [n.id, Filters.fixed(Double(n.arena) / 1024, 1), Filters.fixed(Double(n.flash) / 1024, 1)] + devices.map { d in
                let ok = fitsDevice(arena: n.arena, flash: n.flash, d)
                return (ok ? "✓ " : "✗ ") + d.ram + " " + kb(d.sramKB - Double(n.arena) / 1024) + " · " + d.storage + " "
                    + kb(d.flashKB - Double(n.flash) / 1024)
            }
        }
        return ResultTable(columns: ["model", "arena (KB)", "flash (KB)"] + devices.map(\.name), rows: rows,
                           alignments: [.left, .right, .right] + devices.map { _ in .left }, caption: caption)
    }

    /// A signed margin in KB, MB or GB: `+213.4 KB`, `−12.0 KB`, `+512.0 MB`.
    static func kb(_ x: Double) -> String {
        let sign = x < 0 ? "−" : "+"
        let a = abs(x)
        if a >= 1024 * 1024 { return sign + Filters.fixed(a / 1024 / 1024, 1) + " GB" }
        if a >= 1024 { return sign + Filters.fixed(a / 1024, 1) + " MB" }
        return sign + Filters.fixed(a, 1) + " KB"
    }

    /// Arena per model next to each microcontroller's SRAM (devices with over 16 MB left out:
    /// their bar would flatten the rest).
    static func chart(_ needs: [(id: String, arena: Int, flash: Int)], _ devices: [Device]) -> Chart {
        let small = devices.filter { $0.sramKB <= 16 * 1024 }
        return Chart(kind: .groupedBar, title: "Tensor arena vs SRAM", xLabel: "model", yLabel: "KB",
                     categories: needs.map(\.id),
                     series: [.init(name: "arena", y: needs.map { Double($0.arena) / 1024 })],
                     referenceLines: small.map { (label: "\($0.name) \($0.ram)", value: $0.sramKB) })
    }
}
