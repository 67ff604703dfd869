import LiteFormat

/// The file the adversarial pass crafted: one FULLY_CONNECTED with `keep_num_dims`, input `[rows, features]`
/// and weights `[10, depth]` with `features ≠ depth`. The old prepare sized the output `[rows, 10]` while the
/// kernel wrote `rows·features / depth` rows: a heap overflow when `features > depth`.
enum CraftedFullyConnected {
    static func model(int8: Bool, rows: Int32 = 12, features: Int32 = 13, depth: Int32 = 12) -> LiteModel {
        let outputs: Int32 = 10
        let q = { (s: Float, z: Int64) in int8 ? QuantizationParameters(scale: [s], zeroPoint: [z]) : nil }
        let type: TensorType = int8 ? .int8 : .float32
        let weightBytes = Int(outputs * depth) * (int8 ? 1 : 4)
        let weights = Buffer(data: (0..<weightBytes).map { UInt8(truncatingIfNeeded: $0 % 7) })
        let bias = Buffer(data: [UInt8](repeating: 0, count: Int(outputs) * 4))
        let tensors = [
            Tensor(shape: [rows, features], type: type, name: "input", quantization: q(0.02, -3)),
            Tensor(shape: [outputs, depth], type: type, buffer: 1, name: "weights", quantization: q(0.01, 0)),
            Tensor(shape: [outputs], type: int8 ? .int32 : .float32, buffer: 2, name: "bias", quantization: q(0.0002, 0)),
            Tensor(shape: [rows, outputs], type: type, name: "output", quantization: q(0.05, 1)),
        ]
        let fc = Operator(opcodeIndex: 0, inputs: [0, 1, 2], outputs: [3],
                          options: .fullyConnected(FullyConnectedOptions(keepNumDims: true)))
        return LiteModel(operatorCodes: [OperatorCode(builtin: .fullyConnected, version: int8 ? 4 : 1)],
                         subgraphs: [SubGraph(tensors: tensors, inputs: [0], outputs: [3], operators: [fc])],
                         buffers: [Buffer(), weights, bias])
    }
}
