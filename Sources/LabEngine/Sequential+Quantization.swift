import EngineKernels

extension Sequential {
    /// This model prepared for quantization-aware training: a `FakeQuant` after every
    /// convolution and hidden dense layer (not after the logits), weights fake-quantized per
    /// output channel in every forward pass, and the trained parameters carried over.
    /// The activation ranges are uncalibrated until `calibrate` runs.
    public func withFakeQuantization() throws(ModelError) -> Sequential {
        guard !quantizesWeights else { return self }
        var specs: [LayerSpec] = []
        for (i, spec) in self.specs.enumerated() {
            specs.append(spec)
            switch spec {
            case .conv2d, .depthwiseConv2d, .relu, .relu6: specs.append(.fakeQuant)
            case .dense where i != self.specs.count - 1: specs.append(.fakeQuant)
            default: break
            }
        }
        var model = try Sequential(input: inputShape, specs: specs, quantizesWeights: true)
        model.initialize(seed: 0)
        var source = 0
        for (layer, offset) in zip(model.layers, model.offsets) where !(layer is FakeQuant) {
            let from = offsets[source], count = layers[source].parameterCount
            model.parameters.replaceSubrange(offset..<(offset + count), with: parameters[from..<(from + count)])
            source += 1
        }
        return model
    }

    /// Sets every `FakeQuant` range to the min/max its input takes on `data` (the first
    /// `limit` examples), running the model with the ranges open.
    public mutating func calibrate(_ data: LabeledImages, limit: Int = 1000) {
        let fakeQuants = layers.indices.filter { layers[$0] is FakeQuant }
        guard !fakeQuants.isEmpty else { return }
        for i in fakeQuants { parameters[offsets[i]] = .infinity; parameters[offsets[i] + 1] = -.infinity }
        let ws = Workspace(model: self, capacity: 64)
        let count = min(limit, data.count)
        let open = effectiveParameters()
        var ranges = fakeQuants.map { _ in (Float.infinity, -Float.infinity) }
        let order = Array(Int32(0)..<Int32(count))
        var start = 0
        while start < count {
            let n = min(ws.capacity, count - start)
            data.gather(order[start..<(start + n)], into: ws.activations[0], labels: ws.labels)
            open.withUnsafeBufferPointer { _ = forwardPass(ws, batch: n, params: $0.baseAddress!, training: false) }
            for (k, i) in fakeQuants.enumerated() {
                ranges[k] = (min(ranges[k].0, ws.saved[i][0]), max(ranges[k].1, ws.saved[i][1]))
            }
            start += n
        }
        for (k, i) in fakeQuants.enumerated() { parameters[offsets[i]] = ranges[k].0; parameters[offsets[i] + 1] = ranges[k].1 }
    }

    /// The activation ranges learned by quantization-aware training, by `FakeQuant` layer name.
    public var activationRanges: [(layer: String, min: Float, max: Float)] {
        layers.indices.compactMap { i in
            layers[i] is FakeQuant ? (layers[i].name, parameters[offsets[i]], parameters[offsets[i] + 1]) : nil
        }
    }

    /// The parameters a forward pass uses: as they are, or with every kernel fake-quantized
    /// per output channel (symmetric, [-127, 127]) when the model quantizes weights.
    public func effectiveParameters() -> [Float] {
        guard quantizesWeights else { return parameters }
        var out = parameters
        out.withUnsafeMutableBufferPointer { fakeQuantizeKernels($0.baseAddress!) }
        return out
    }

    /// Replaces each kernel in `params` (a copy of `parameters`) by its per-channel int8 rounding.
    func fakeQuantizeKernels(_ params: UnsafeMutablePointer<Float>) {
        for (layer, offset) in zip(layers, offsets) {
            guard let kernel = layer.kernelArray else { continue }
            // Output channels are the last axis; a depthwise kernel [k, k, c, 1] has one per input channel.
            let channels = layer is DepthwiseConv2D ? kernel.shape[2] : kernel.shape[kernel.shape.count - 1]
            fakeQuantizePerChannel(params + offset, count: kernel.count, channels: channels)
        }
    }
}

/// Symmetric per-channel fake quantization of `count` values whose channel is `index % channels`:
/// scale = max|w| / 127, w ← clamp(round(w / scale), -127, 127) · scale.
public func fakeQuantizePerChannel(_ w: UnsafeMutablePointer<Float>, count: Int, channels: Int) {
    var peak = [Float](repeating: 0, count: channels)
    for i in 0..<count { peak[i % channels] = max(peak[i % channels], abs(w[i])) }
    for i in 0..<count {
        let scale = peak[i % channels] / 127
        guard scale > 0 else { continue }
        w[i] = min(max((w[i] / scale).rounded(.toNearestOrEven), -127), 127) * scale
    }
}
