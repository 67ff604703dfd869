import LiteFormat
import LiteRuntime

/// The dynamic-range variant: weights of operators whose registration has a dynamic-range rule
/// (CONV_2D and FULLY_CONNECTED) with at least
/// `minimumElements` values become int8 (symmetric, per channel unless asked otherwise);
/// everything else stays float32, and the hybrid kernels quantize activations on the fly.
/// TensorFlow's threshold is 1024, which keeps the chapter's 144-weight first conv in float.
enum DynamicRangeQuantization {
    static func apply(_ editor: inout GraphEditor, perChannel: Bool, minimumElements: Int) {
        for i in editor.graph.operators.indices {
            let registration = OperatorRegistry.all[editor.builtin(ofOperator: i)]
            guard let rule = registration?.quantization?.dynamicRange, let axis = registration?.weightsAxis else { continue }
            let weightsIndex = editor.graph.operators[i].inputs[1]
            guard let values = editor.floats(weightsIndex), values.count >= minimumElements else { continue }
            let shape = editor.tensor(weightsIndex).shape
            let q = WeightQuantization.weights(values, shape: shape.map(Int.init), axis: axis, perChannel: perChannel)
            editor.graph.operators[i].inputs[1] = editor.addConstant(
                shape: shape, type: .int8, data: Buffer(int8s: q.values),
                quantization: QuantizationParameters(scale: q.scales, zeroPoint: Array(repeating: 0, count: q.scales.count),
                                                     quantizedDimension: Int32(q.axis)))
            rule.adjustOptions?(&editor.graph.operators[i])
            editor.setVersion(ofOperator: i, perChannel ? rule.perChannelVersion : rule.perTensorVersion)
        }
    }
}
