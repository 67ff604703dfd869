import LiteFormat

/// The dynamic-range variant: CONV_2D and FULLY_CONNECTED weights with at least
/// `minimumElements` values become int8 (symmetric, per channel unless asked otherwise);
/// everything else stays float32, and the hybrid kernels quantize activations on the fly.
/// TensorFlow's threshold is 1024, which keeps the chapter's 144-weight first conv in float.
enum DynamicRangeQuantization {
    static func apply(_ editor: inout GraphEditor, perChannel: Bool, minimumElements: Int) {
        for i in editor.graph.operators.indices {
            let code = editor.builtin(ofOperator: i)
            guard code == .conv2D || code == .fullyConnected else { continue }
            let weightsIndex = editor.graph.operators[i].inputs[1]
            guard let values = editor.floats(weightsIndex), values.count >= minimumElements else { continue }
            let shape = editor.tensor(weightsIndex).shape
            let q = WeightQuantization.weights(values, shape: shape.map(Int.init), axis: 0, perChannel: perChannel)
            editor.graph.operators[i].inputs[1] = editor.addConstant(
                shape: shape, type: .int8, data: Buffer(int8s: q.values),
                quantization: QuantizationParameters(scale: q.scales, zeroPoint: Array(repeating: 0, count: q.scales.count),
                                                     quantizedDimension: Int32(q.axis)))
            if code == .conv2D {
                editor.setVersion(ofOperator: i, perChannel ? 5 : 2)
            } else {
                // Hybrid FC: per-row asymmetric input quantization, as TensorFlow 2.21 writes it.
                if case .fullyConnected(var options) = editor.graph.operators[i].options {
                    options.asymmetricQuantizeInputs = true
                    editor.graph.operators[i].options = .fullyConnected(options)
                } else {
                    editor.graph.operators[i].options = .fullyConnected(FullyConnectedOptions(asymmetricQuantizeInputs: true))
                }
                editor.setVersion(ofOperator: i, perChannel ? 12 : 9)
            }
        }
    }
}
