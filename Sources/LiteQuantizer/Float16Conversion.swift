import LiteFormat

/// The float16 variant: every float32 constant an operator reads (weights, biases) is stored
/// as float16 and expanded at load time by a DEQUANTIZE (version 3), as TensorFlow does.
/// Activations and kernels stay float32.
enum Float16Conversion {
    static func apply(_ editor: inout GraphEditor) {
        var expanded: [Int32: Int32] = [:]
        var dequantizeOps: [Operator] = []
        let dequantize = editor.opcode(.dequantize, version: 3)
        for i in editor.graph.operators.indices {
            for (k, t) in editor.graph.operators[i].inputs.enumerated() where k > 0 && t >= 0 {
                guard let values = editor.floats(t) else { continue }
                if expanded[t] == nil {
                    let shape = editor.tensor(t).shape
                    let bits = values.map { Float16($0).bitPattern }
                    let half = editor.addConstant(shape: shape, type: .float16, data: Buffer(float16Bits: bits))
                    let full = editor.addTensor(Tensor(shape: shape, type: .float32))
                    dequantizeOps.append(Operator(opcodeIndex: dequantize, inputs: [half], outputs: [full]))
                    expanded[t] = full
                }
                editor.graph.operators[i].inputs[k] = expanded[t]!
            }
        }
        editor.graph.operators.insert(contentsOf: dequantizeOps, at: 0)
    }
}
