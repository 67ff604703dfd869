import LiteFormat
import LiteRuntime

/// Cleans a float model before conversion: a static batch of 1, one RESHAPE with a constant
/// shape in place of TensorFlow's SHAPE → STRIDED_SLICE → PACK chain, dead operators removed,
/// and a check that every remaining operator is one the quantizer converts (its registration has a
/// quantization rule; SHAPE, STRIDED_SLICE and PACK have none and must vanish here).
enum GraphSimplifier {
    static func simplify(_ editor: inout GraphEditor) throws {
        makeBatchStatic(&editor)
        try constantReshapeShapes(&editor)
        removeDeadOperators(&editor)
        try checkSupported(editor)
    }

    /// Dynamic dimensions (−1 in `shape_signature`) become the stored size, which is 1 for
    /// TensorFlow's batch dimension.
    static func makeBatchStatic(_ editor: inout GraphEditor) {
        for i in editor.graph.tensors.indices {
            editor.graph.tensors[i].shapeSignature = nil
        }
    }

    /// A RESHAPE whose shape is computed at run time gets a constant shape: its output's shape.
    static func constantReshapeShapes(_ editor: inout GraphEditor) throws {
        for index in editor.graph.operators.indices where editor.builtin(ofOperator: index) == .reshape {
            let op = editor.graph.operators[index]
            guard op.inputs.count >= 2, op.inputs[1] >= 0, editor.constant(op.inputs[1]) == nil else { continue }
            guard let output = op.outputs.first else {
                throw QuantizerError.missingConstant(operator: index, name: "RESHAPE", input: 1)
            }
            let shape = editor.tensor(output).shape
            let constant = editor.addConstant(shape: [Int32(shape.count)], type: .int32, data: Buffer(int32s: shape))
            editor.graph.operators[index].inputs[1] = constant
        }
    }

    /// Removes operators whose outputs nobody reads, until none is left.
    static func removeDeadOperators(_ editor: inout GraphEditor) {
        var changed = true
        while changed {
            var live = Set(editor.graph.outputs)
            for op in editor.graph.operators { live.formUnion(op.inputs) }
            let before = editor.graph.operators.count
            editor.graph.operators.removeAll { op in !op.outputs.contains(where: live.contains) }
            changed = editor.graph.operators.count != before
        }
    }

    /// Every operator is supported and every tensor an operator computes is float32.
    static func checkSupported(_ editor: GraphEditor) throws {
        for (index, op) in editor.graph.operators.enumerated() {
            let code = editor.builtin(op)
            guard let registration = OperatorRegistry.all[code], let rule = registration.quantization else {
                throw QuantizerError.unsupportedOperator(index: index, name: code.name)
            }
            let activations = op.inputs.enumerated().filter { !rule.nonFloatInputs.contains($0.offset) }.map(\.element)
            for t in activations + op.outputs where t >= 0 {
                let tensor = editor.tensor(t)
                guard tensor.type == .float32 else {
                    throw QuantizerError.notFloat(tensor: tensor.name ?? "#\(t)", type: tensor.type.description)
                }
            }
            if registration.weightsAxis != nil {
                guard op.inputs.count >= 2, editor.constant(op.inputs[1]) != nil else {
                    throw QuantizerError.missingConstant(operator: index, name: code.name, input: 1)
                }
            }
        }
    }
}
