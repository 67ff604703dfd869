import ArgumentParser
import LabRunner
import LiteFormat
import LiteRuntime

/// `labrun inspect MODEL.tflite`: operators, tensors, quantization, arena and flash size.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a .tflite model's operators, tensors, types, shapes, quantization parameters, arena and flash size.",
        discussion: """
            The arena is planned like TensorFlow Lite Micro's greedy memory planner (activations that are
            alive at the same time never share bytes); flash is the file itself.

            Examples:
              labrun inspect Output/03-quantization_files/int8.tflite
              labrun inspect model.tflite --no-tensors
            """)

    @Argument(help: "The .tflite model.")
    var model: String

    @Flag(inversion: .prefixedNo, help: "List every tensor.")
    var tensors = true

    func run() throws {
        let (liteModel, fileSize) = try ModelFile.readWithSize(model)
        let plan: MemoryPlan
        do { plan = try MemoryPlanner.plan(liteModel, fileSize: fileSize) } catch {
            throw ModelFile.fail(model, error)
        }
        let d = ModelDescription(liteModel)
        print("\(model): \(d.operators.count) operators, \(d.tensors.count) tensors")
        print("")
        for op in d.operators {
            print(String(format: "%3d  ", op.index) + op.title)
            for line in op.details { print("       " + line) }
        }
        if tensors {
            print("")
            let rows = [["#", "name", "type", "shape", "scale", "zero point", "bytes"]] + d.tensors.map {
                ["\($0.index)", $0.name + ($0.isConstant ? " (const)" : ""), $0.type, $0.shape, $0.scale, $0.zeroPoint, "\($0.bytes)"]
            }
            let widths = (0..<7).map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                print(row.enumerated().map { c, cell in
                    let pad = String(repeating: " ", count: widths[c] - cell.count)
                    return [0, 6].contains(c) ? pad + cell : cell + pad
                }.joined(separator: "  ").trimmingTrailingSpaces())
            }
        }
        print("")
        print("flash    \(Filters.fixed(Double(plan.flashBytes), 0)) bytes (the file; \(Filters.fixed(Double(d.weightsBytes), 0)) bytes of constant data)")
        print("arena    \(Filters.fixed(Double(plan.arenaBytes), 0)) bytes of activations"
            + " (\(Filters.fixed(Double(plan.unsharedBytes), 0)) without reuse)"
            + " + ~\(Filters.fixed(Double(plan.persistentBytesEstimate), 0)) bytes of runtime bookkeeping")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
