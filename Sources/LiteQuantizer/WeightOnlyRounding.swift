import LiteFormat
import LiteRuntime

/// Weight-only low-bit quantization, simulated: the filter of every operator with weights (registration
/// `weightsAxis`: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED) of a float model is rounded per output channel to the symmetric
/// grid of `bits` bits (2^(bits-1) - 1 levels each side of 0) and stored back as float32.
/// The model stays float, so any runtime can measure what the rounding alone costs.
public enum WeightOnlyRounding {
    public static func apply(_ model: LiteModel, bits: Int) throws -> LiteModel {
        guard (2...8).contains(bits) else { throw QuantizerError.weightBits(bits) }
        var out = model
        let qmax = Float((1 << (bits - 1)) - 1)
        let graph = model.subgraphs[0]
        for op in graph.operators {
            let name = model.operatorCodes[Int(op.opcodeIndex)].builtin
            guard let axis = OperatorRegistry.registration(name)?.weightsAxis, op.inputs.count > 1 else { continue }
            let t = Int(op.inputs[1])
            let tensor = graph.tensors[t]
            guard tensor.type == .float32, let buffer = model.constantData(tensor: t) else { continue }
            let shape = tensor.shape.map(Int.init)
            guard shape.indices.contains(axis) else { continue }
            out.buffers[Int(tensor.buffer)] = Buffer(floats: rounded(buffer.floats, shape: shape, axis: axis, qmax: qmax))
        }
        return out
    }

    /// Per-channel symmetric rounding along `axis`: scale = max|w| / qmax for each channel.
    static func rounded(_ w: [Float], shape: [Int], axis: Int, qmax: Float) -> [Float] {
        let channels = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var maxAbs = [Float](repeating: 0, count: channels)
        for (i, x) in w.enumerated() { let c = (i / inner) % channels; maxAbs[c] = max(maxAbs[c], abs(x)) }
        return w.enumerated().map { i, x in
            let scale = maxAbs[(i / inner) % channels] / qmax
            return scale > 0 ? (x / scale).rounded(.toNearestOrAwayFromZero) * scale : 0
        }
    }
}
