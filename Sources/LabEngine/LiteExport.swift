import LiteFormat

/// Exports a trained `Sequential` as a float32 `.tflite` model with a static batch of 1:
/// CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED with fused ReLU or ReLU6, pools, one RESHAPE
/// with a constant shape for `flatten`, and SOFTMAX. BatchNormalization is folded into the
/// layer before it (which must have no activation); a ReLU layer after a layer without
/// activation is fused into it. QAT ranges (FakeQuant layers) become the tensors' min/max. Weights go from Keras layouts to TFLite's (OHWI, `[out, in]`).
public enum LiteExport {
    /// Why a model cannot be exported.
    public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func export(_ model: Sequential) throws(ExportError) -> LiteModel {
        var b = GraphBuilder(input: model.inputShape)
        var pending: PendingLayer?
        for (index, (layer, spec)) in zip(model.layers, model.specs).enumerated() {
            let arrays = slices(model, index)
            switch spec {
            case .batchNormalization:
                guard var p = pending, p.activation == .none else {
                    throw ExportError(description: "layer \(index + 1): batchnorm must follow a conv2d, depthwise_conv2d or dense layer without activation to be folded")
                }
                p.fold(gamma: arrays[0], beta: arrays[1], mean: arrays[2], variance: arrays[3], epsilon: BatchNormalization.epsilon)
                pending = p
            case .relu, .relu6:
                let act: ActivationFunction = spec == .relu ? .relu : .relu6
                if var p = pending, p.activation == .none {
                    p.activation = act
                    pending = p
                } else {
                    b.flush(&pending)
                    b.add(act == .relu ? .relu : .relu6, output: layer.outputShape)
                }
            case let .conv2d(_, kernel, stride, padding, activation):
                b.flush(&pending)
                let (out, inC) = (layer.outputShape.channels, layer.inputShape.channels)
                // Keras HWIO [k, k, in, out] → OHWI [out, k, k, in].
                var w = [Float](repeating: 0, count: arrays[0].count)
                for y in 0..<kernel { for x in 0..<kernel { for i in 0..<inC { for o in 0..<out {
                    w[((o * kernel + y) * kernel + x) * inC + i] = arrays[0][((y * kernel + x) * inC + i) * out + o]
                } } } }
                pending = PendingLayer(kind: .conv(Conv2DOptions(padding: padding.lite, strideW: Int32(stride), strideH: Int32(stride), activation: .none)),
                                       weights: w, weightShape: [out, kernel, kernel, inC], bias: arrays[1],
                                       activation: activation.lite, output: layer.outputShape, softmax: false)
            case let .depthwiseConv2d(kernel, stride, padding, activation):
                b.flush(&pending)
                // Keras [k, k, in, 1] is TFLite's [1, k, k, in] element for element.
                let c = layer.inputShape.channels
                pending = PendingLayer(kind: .depthwise(DepthwiseConv2DOptions(padding: padding.lite, strideW: Int32(stride), strideH: Int32(stride),
                                                                                depthMultiplier: 1, activation: .none)),
                                       weights: arrays[0], weightShape: [1, kernel, kernel, c], bias: arrays[1],
                                       activation: activation.lite, output: layer.outputShape, softmax: false)
            case let .dense(units, activation):
                b.flush(&pending)
                let n = layer.inputShape.count
                guard layer.inputShape.isVector else {
                    throw ExportError(description: "layer \(index + 1): dense on a \(layer.inputShape) input; add flatten first")
                }
                var w = [Float](repeating: 0, count: n * units)   // [in, out] → [out, in]
                for i in 0..<n { for o in 0..<units { w[o * n + i] = arrays[0][i * units + o] } }
                pending = PendingLayer(kind: .dense, weights: w, weightShape: [units, n], bias: arrays[1],
                                       activation: activation.lite, output: layer.outputShape, softmax: activation == .softmax)
            case let .maxPool2d(pool, stride, padding), let .averagePool2d(pool, stride, padding):
                b.flush(&pending)
                let s = Int32(stride ?? pool)
                let options = Pool2DOptions(padding: padding.lite, strideW: s, strideH: s, filterWidth: Int32(pool), filterHeight: Int32(pool))
                if case .maxPool2d = spec { b.add(.maxPool2D, options: .pool2D(options), output: layer.outputShape) }
                else { b.add(.averagePool2D, options: .pool2D(options), output: layer.outputShape) }
            case .flatten:
                b.flush(&pending)
                if !layer.inputShape.isVector { b.reshape(to: layer.outputShape.count) }
            case .fakeQuant:
                // QAT: the learned range travels as the output tensor's min/max.
                let (lo, hi) = (arrays[0][0], arrays[1][0])
                guard lo <= hi else { break }
                if var p = pending {
                    p.range = (lo, hi)
                    pending = p
                } else {
                    b.setRange(lo, hi)
                }
            }
        }
        b.flush(&pending)
        return b.finish()
    }

    /// The layer's parameter arrays, in `parameterArrays` order.
    static func slices(_ model: Sequential, _ index: Int) -> [[Float]] {
        var start = model.offsets[index]
        return model.layers[index].parameterArrays.map { p in
            defer { start += p.count }
            return Array(model.parameters[start..<(start + p.count)])
        }
    }
}

extension LayerSpec.Padding {
    var lite: LiteFormat.Padding { self == .valid ? .valid : .same }
}

extension LayerSpec.Activation {
    var lite: ActivationFunction {
        switch self {
        case .linear, .softmax: .none
        case .relu: .relu
        case .relu6: .relu6
        }
    }
}
