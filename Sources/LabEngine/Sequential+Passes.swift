import EngineKernels

extension Sequential {
    /// Runs every layer on the `batch` examples already in `ws.activations[0]`; returns the
    /// last layer's output (logits when the model ends in softmax).
    func forwardPass(_ ws: Workspace, batch: Int, params: UnsafePointer<Float>, training: Bool) -> UnsafeMutablePointer<Float> {
        for (i, layer) in layers.enumerated() where !layer.isReshape {
            layer.forward(ws.activations[i], ws.activations[i + 1], batch: batch, params: params + offsets[i],
                          saved: ws.saved[i], training: training)
        }
        return ws.activations[layers.count]
    }

    /// Back-propagates the output gradient in `ws.gradientA` through every layer, writing the
    /// parameter gradients into `ws.parameterGradients` (no gradient for the input).
    func backwardPass(_ ws: Workspace, batch: Int, params: UnsafePointer<Float>) {
        var dy = ws.gradientA, dx = ws.gradientB
        for i in layers.indices.reversed() where !layers[i].isReshape {  // a reshape passes dy on as dx
            layers[i].backward(ws.activations[i], ws.activations[i + 1], dy, i > 0 ? dx : nil, batch: batch,
                               params: params + offsets[i], grads: ws.parameterGradients + offsets[i], saved: ws.saved[i])
            swap(&dy, &dx)
        }
    }

    /// The model's outputs for `count` examples of `input` (`[count, inputShape]`): probabilities
    /// when the last layer is softmax, raw outputs otherwise. `[count, outputShape]`.
    public func predict(_ input: [Float], count: Int) throws(ModelError) -> [Float] {
        guard count >= 0, input.count == count * inputShape.count else {
            throw ModelError(index: nil, "predict: \(input.count) values are not \(count) examples of \(inputShape)")
        }
        let chunk = 64, width = outputShape.count
        let ws = Workspace(model: self, capacity: min(chunk, max(count, 1)))
        var out = [Float](repeating: 0, count: count * width)
        effectiveParameters().withUnsafeBufferPointer { params in
            input.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    var start = 0
                    while start < count {
                        let n = min(ws.capacity, count - start)
                        ws.activations[0].update(from: x.baseAddress! + start * inputShape.count, count: n * inputShape.count)
                        let logits = forwardPass(ws, batch: n, params: params.baseAddress!, training: false)
                        if endsWithSoftmax { softmaxRows(logits, rows: n, classes: width) }
                        (y.baseAddress! + start * width).update(from: logits, count: n * width)
                        start += n
                    }
                }
            }
        }
        return out
    }
}
