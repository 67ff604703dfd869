import LiteFormat
import LiteRuntime

/// The integer-only variant: int8 activations from calibrated ranges (TensorFlow's rule),
/// int8 symmetric weights, int32 biases with scale `s_in · s_w`, fused activations kept,
/// softmax output fixed at (1/256, −128), and QUANTIZE/DEQUANTIZE at the boundary for the
/// requested input/output type. Operator versions are the ones TensorFlow 2.21 writes.
enum Int8Quantization {
    typealias Range = (min: Float, max: Float)

    /// `ranges` maps tensor indices of the editor's graph to observed ranges; returns what
    /// was decided per activation tensor, keyed by those indices.
    static func apply(_ editor: inout GraphEditor, ranges: [Int32: Range], io: IOType,
                      perChannel: Bool) throws -> [Int32: ActivationRange] {
        let decided = try chooseParameters(editor, ranges: ranges)
        for (t, record) in decided {
            editor.graph.tensors[Int(t)].type = .int8
            editor.graph.tensors[Int(t)].quantization = QuantizationParameters(
                scale: [record.parameters.scale], zeroPoint: [Int64(record.parameters.zeroPoint)])
        }
        for i in editor.graph.operators.indices {
            try quantizeConstants(&editor, operator: i, decided: decided, perChannel: perChannel)
            editor.setVersion(ofOperator: i, OperatorRegistry.all[editor.builtin(ofOperator: i)]?.quantization?.int8Version ?? 1)
        }
        addBoundary(&editor, io: io)
        return decided
    }

    /// Parameters of every float activation in execution order: graph inputs from their ranges, each
    /// operator's output by its registration's int8 rule (own range, input 0's, or fixed).
    static func chooseParameters(_ editor: GraphEditor, ranges: [Int32: Range]) throws -> [Int32: ActivationRange] {
        var decided: [Int32: ActivationRange] = [:]
        func fromRange(_ t: Int32) throws -> ActivationRange {
            let tensor = editor.tensor(t)
            let name = tensor.name ?? "#\(t)"
            if let q = tensor.quantization, let lo = q.min.first, let hi = q.max.first {
                return ActivationRange(tensor: name, min: lo, max: hi,
                                       parameters: .activation(min: lo, max: hi), source: .recorded)
            }
            guard let r = ranges[t] else { throw QuantizerError.missingRange(tensor: name) }
            return ActivationRange(tensor: name, min: r.min, max: r.max,
                                   parameters: .activation(min: r.min, max: r.max), source: .calibrated)
        }
        for t in editor.graph.inputs { decided[t] = try fromRange(t) }
        for op in editor.graph.operators {
            guard let out = op.outputs.first else { continue }
            switch OperatorRegistry.all[editor.builtin(op)]?.quantization?.int8Output ?? .calibrated {
            case let .fixed(min, max, scale, zeroPoint):
                decided[out] = ActivationRange(tensor: editor.tensor(out).name ?? "#\(out)", min: min, max: max,
                                               parameters: AffineParameters(scale: scale, zeroPoint: zeroPoint),
                                               source: .fixed)
            case .sameAsInput:
                guard let input = op.inputs.first, var inherited = decided[input] else {
                    throw QuantizerError.missingRange(tensor: editor.tensor(out).name ?? "#\(out)")
                }
                inherited.tensor = editor.tensor(out).name ?? "#\(out)"
                inherited.source = .inherited
                decided[out] = inherited
            case .calibrated:
                decided[out] = try fromRange(out)
            }
        }
        return decided
    }

    /// int8 weights and int32 bias of an operator whose registration names a weights axis (CONV_2D,
    /// DEPTHWISE_CONV_2D, FULLY_CONNECTED; a missing bias becomes zeros: LiteRT's int8 CONV_2D requires one).
    static func quantizeConstants(_ editor: inout GraphEditor, operator i: Int,
                                  decided: [Int32: ActivationRange], perChannel: Bool) throws {
        let code = editor.builtin(ofOperator: i)
        guard let axis = OperatorRegistry.all[code]?.weightsAxis else { return }
        let op = editor.graph.operators[i]
        guard let values = editor.floats(op.inputs[1]) else {
            throw QuantizerError.missingConstant(operator: i, name: code.name, input: 1)
        }
        let shape = editor.tensor(op.inputs[1]).shape
        let w = WeightQuantization.weights(values, shape: shape.map(Int.init), axis: axis, perChannel: perChannel)
        let zeros = Array(repeating: Int64(0), count: w.scales.count)
        let weights = editor.addConstant(
            shape: shape, type: .int8, data: Buffer(int8s: w.values),
            quantization: QuantizationParameters(scale: w.scales, zeroPoint: zeros, quantizedDimension: Int32(w.axis)))
        let channels = Int(shape[axis])
        let biasValues: [Float]
        if op.inputs.count > 2, op.inputs[2] >= 0 {
            guard let b = editor.floats(op.inputs[2]) else {
                throw QuantizerError.missingConstant(operator: i, name: code.name, input: 2)
            }
            biasValues = b
        } else {
            biasValues = Array(repeating: 0, count: channels)
        }
        guard let inputScale = decided[op.inputs[0]]?.parameters.scale else {
            throw QuantizerError.missingRange(tensor: editor.tensor(op.inputs[0]).name ?? "#\(op.inputs[0])")
        }
        let b = WeightQuantization.bias(biasValues, inputScale: inputScale, weightScales: w.scales)
        let bias = editor.addConstant(
            shape: [Int32(biasValues.count)], type: .int32, data: Buffer(int32s: b.values),
            quantization: QuantizationParameters(scale: b.scales, zeroPoint: Array(repeating: 0, count: b.scales.count)))
        editor.graph.operators[i].inputs = [op.inputs[0], weights, bias]
    }

    /// Boundary conversions: float → QUANTIZE in, DEQUANTIZE out; uint8 → QUANTIZE both ends
    /// with the zero point shifted by 128 (the runtime then just adds or subtracts 128).
    static func addBoundary(_ editor: inout GraphEditor, io: IOType) {
        guard io != .int8 else { return }
        let quantize = editor.opcode(.quantize, version: 1)
        let dequantize = editor.opcode(.dequantize, version: 2)
        func outer(_ t: Int32) -> Tensor {
            var tensor = editor.tensor(t)
            if io == .float {
                tensor.type = .float32
                tensor.quantization = nil
            } else {
                tensor.type = .uint8
                if var q = tensor.quantization {
                    q.zeroPoint = q.zeroPoint.map { $0 + 128 }
                    tensor.quantization = q
                }
            }
            return tensor
        }
        var front: [Operator] = []
        for (k, t) in editor.graph.inputs.enumerated() {
            let outside = editor.addTensor(outer(t))
            front.append(Operator(opcodeIndex: quantize, inputs: [outside], outputs: [t]))
            editor.graph.inputs[k] = outside
        }
        editor.graph.operators.insert(contentsOf: front, at: 0)
        for (k, t) in editor.graph.outputs.enumerated() {
            let outside = editor.addTensor(outer(t))
            let code = io == .float ? dequantize : quantize
            editor.graph.operators.append(Operator(opcodeIndex: code, inputs: [t], outputs: [outside]))
            editor.graph.outputs[k] = outside
        }
    }
}
