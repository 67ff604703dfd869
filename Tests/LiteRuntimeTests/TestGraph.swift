import LiteFormat
@testable import LiteRuntime

/// Builds small models tensor by tensor for operator tests.
struct TestGraph {
    var tensors: [Tensor] = []
    var buffers: [Buffer] = [Buffer()]
    var codes: [OperatorCode] = []
    var operators: [Operator] = []

    static func quant(_ scale: Float, _ zeroPoint: Int64) -> QuantizationParameters {
        QuantizationParameters(scale: [scale], zeroPoint: [zeroPoint])
    }

    /// A tensor without data (activation or graph input).
    mutating func tensor(_ shape: [Int32], _ type: TensorType = .float32, _ q: QuantizationParameters? = nil) -> Int32 {
        tensors.append(Tensor(shape: shape, type: type, name: "t\(tensors.count)", quantization: q))
        return Int32(tensors.count - 1)
    }

    /// A constant tensor.
    mutating func constant(_ shape: [Int32], _ type: TensorType, _ data: Buffer, _ q: QuantizationParameters? = nil) -> Int32 {
        buffers.append(data)
        tensors.append(Tensor(shape: shape, type: type, buffer: UInt32(buffers.count - 1), name: "c\(tensors.count)", quantization: q))
        return Int32(tensors.count - 1)
    }

    mutating func op(_ code: BuiltinOperator, _ inputs: [Int32], _ outputs: [Int32], _ options: BuiltinOptions = .none,
                     version: Int32 = 1) {
        let index = codes.firstIndex { $0.builtin == code && $0.version == version } ?? {
            codes.append(OperatorCode(builtin: code, version: version)); return codes.count - 1
        }()
        operators.append(Operator(opcodeIndex: UInt32(index), inputs: inputs, outputs: outputs, options: options))
    }

    func model(inputs: [Int32], outputs: [Int32]) -> LiteModel {
        LiteModel(operatorCodes: codes, subgraphs: [SubGraph(tensors: tensors, inputs: inputs, outputs: outputs,
                                                             operators: operators)], buffers: buffers)
    }

    /// Prepares the model (serialized and read back, so the file format is exercised too), feeds
    /// `input` and returns the interpreter after one invoke.
    func run<T: LiteElement>(_ input: [T], inputs: [Int32], outputs: [Int32],
                             options: InterpreterOptions = InterpreterOptions()) throws -> Interpreter {
        let model = try LiteModel.read(bytes: model(inputs: inputs, outputs: outputs).serialized())
        let interpreter = try Interpreter(model: model, options: options)
        try interpreter.setInput(input)
        interpreter.invoke()
        return interpreter
    }
}

/// The message of the error `body` throws, or nil.
func errorMessage(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch { return "\(error)" }
}
