import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

/// Prepare must refuse every shape a kernel (built `-Ounchecked`) would index out of bounds with.
@Suite struct KernelBoundsTests {
    static let kernels: [InterpreterOptions.Kernels] = [.fast, .reference]

    @Test(arguments: [false, true], kernels)
    func fullyConnectedKeepNumDimsWithTheWrongRowLengthIsRefused(int8: Bool, kernels: InterpreterOptions.Kernels) throws {
        let model = try LiteModel.read(bytes: CraftedFullyConnected.model(int8: int8).serialized())
        let message = errorMessage { _ = try Interpreter(model: model, options: InterpreterOptions(kernels: kernels)) }
        #expect(message == "invalid model: operator 0 (FULLY_CONNECTED): input has 13 features per row but the weights expect 12")
    }

    @Test func fullyConnectedKeepNumDimsWithTheRightRowLengthRuns() throws {
        let model = CraftedFullyConnected.model(int8: false, features: 12)
        let interpreter = try Interpreter(model: model)
        try interpreter.setInput([Float](repeating: 1, count: 144))
        interpreter.invoke()
        #expect(interpreter.outputs[0].shape == [12, 10])
        #expect(interpreter.guardZonesAreIntact)
    }

    /// The harness can fail: a write one past a tensor's end breaks its guard zone.
    @Test(.enabled(if: GuardZone.bytes > 0)) func guardZonesSeeAWritePastTheEnd() throws {
        let model = CraftedFullyConnected.model(int8: false, features: 12)
        let interpreter = try Interpreter(model: model)
        #expect(interpreter.guardZonesAreIntact)
        let output = interpreter.tensors[3]
        output.pointer(Float.self)[output.count] = 1
        #expect(!interpreter.guardZonesAreIntact)
        output.pointer(Float.self)[output.count] = Float(bitPattern: 0xA5A5_A5A5)
    }

    /// Every tensor of every fixture, reshaped systematically (each dimension ± 1 and 0, each pair of
    /// dimensions swapped, one dimension more or less; constant data resized to match), and every
    /// FULLY_CONNECTED's keep_num_dims flipped: the interpreter either refuses the model or runs it
    /// writing only inside its buffers, with fast and reference kernels.
    @Test(.enabled(if: GuardZone.bytes > 0), arguments: ["f32", "int8_int8", "int8_uint8", "dynamic", "f16"])
    func mutatedShapesAreRefusedOrStayInBounds(name: String) throws {
        let original = try LiteModel.read(contentsOf: Fixtures.url("\(name).tflite"))
        var prepared = 0, refused = 0
        for (label, model) in Self.mutations(of: original) {
            for kernels in Self.kernels {
                let interpreter: Interpreter
                do { interpreter = try Interpreter(model: model, options: InterpreterOptions(kernels: kernels)) } catch {
                    refused += 1
                    #expect("\(error)".contains("operator") || "\(error)".contains("tensor") || "\(error)".contains("graph"),
                            "\(label): \(error)")
                    continue
                }
                prepared += 1
                for (i, input) in interpreter.inputs.enumerated() {
                    let count = input.shape.reduce(1, *)
                    switch input.type {
                    case .int8: try interpreter.setInput([Int8](repeating: 7, count: count), at: i)
                    case .uint8: try interpreter.setInput([UInt8](repeating: 200, count: count), at: i)
                    default: try interpreter.setInput((0..<count).map { Float($0 % 256) / 255 }, at: i)
                    }
                }
                interpreter.invoke()
                #expect(interpreter.guardZonesAreIntact, "\(label) with \(kernels) kernels wrote out of bounds")
            }
        }
        #expect(prepared > 0 && refused > 0)
    }

    /// (description, mutated model) pairs for `mutatedShapesAreRefusedOrStayInBounds`.
    static func mutations(of model: LiteModel) -> [(String, LiteModel)] {
        var out: [(String, LiteModel)] = []
        let graph = model.subgraphs[0]
        for (index, tensor) in graph.tensors.enumerated() {
            let shape = tensor.shape
            var shapes: [[Int32]] = [shape + [1], Array(shape.dropLast())]
            for d in shape.indices {
                for value in [shape[d] + 1, shape[d] - 1, 0] where value >= 0 && value != shape[d] {
                    var s = shape; s[d] = value; shapes.append(s)
                }
                for e in shape.indices where e > d && shape[e] != shape[d] {
                    var s = shape; s.swapAt(d, e); shapes.append(s)
                }
            }
            for s in shapes {
                var m = model
                m.subgraphs[0].tensors[index].shape = s
                let buffer = Int(tensor.buffer)
                if !m.buffers[buffer].data.isEmpty, let size = tensor.type.elementSize {
                    let bytes = s.reduce(1) { $0 * Int($1) } * size
                    var data = m.buffers[buffer].data
                    data = bytes <= data.count ? Array(data.prefix(bytes)) : data + [UInt8](repeating: 1, count: bytes - data.count)
                    m.buffers[buffer].data = data
                }
                out.append(("tensor \(index) \(shape) → \(s)", m))
            }
        }
        for (o, op) in graph.operators.enumerated() {
            guard case .fullyConnected(var options) = op.options else { continue }
            options.keepNumDims.toggle()
            var m = model
            m.subgraphs[0].operators[o].options = .fullyConnected(options)
            out.append(("operator \(o) keep_num_dims \(options.keepNumDims)", m))
        }
        return out
    }
}

/// Found by `make fuzz` (Fuzz/crashes/tflite/huge-input-before-prepare.tflite): an input of
/// 1×16777244×28×1 bytes was zero-filled (470 MB) before prepare refused the graph; the tensor
/// budget now refuses it before any allocation.
@Test func aHugeInputShapeIsRefusedBeforeAllocating() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/crashes/tflite/huge-input-before-prepare.tflite")
    let model = try LiteModel.read(Data(contentsOf: url))
    #expect(throws: (any Error).self) { try Interpreter(model: model) }
    do { _ = try Interpreter(model: model) } catch {
        #expect("\(error)" == "invalid model: graph input 0: tensor shape [1, 16777244, 28, 1] needs more than 256 MiB")
    }
}
