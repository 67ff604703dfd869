/// How many of a layer's kernel weights are exactly zero.
public struct LayerSparsity: Sendable, Equatable {
    public var layer: String
    public var zeros: Int
    public var count: Int
    /// zeros / count (0 for an empty kernel).
    public var sparsity: Double { count == 0 ? 0 : Double(zeros) / Double(count) }
}

extension Sequential {
    /// The sparsity of every layer that has a kernel (conv2d, depthwise_conv2d, dense), in layer order.
    public func kernelSparsity() -> [LayerSparsity] {
        zip(layers, offsets).compactMap { layer, offset in
            guard let kernel = layer.kernelArray else { return nil }
            let zeros = parameters[offset..<(offset + kernel.count)].reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
            return LayerSparsity(layer: layer.name, zeros: zeros, count: kernel.count)
        }
    }

    /// Zeros over all kernel weights of those layers.
    public func overallKernelSparsity() -> Double {
        let all = kernelSparsity()
        let count = all.reduce(0) { $0 + $1.count }
        return count == 0 ? 0 : Double(all.reduce(0) { $0 + $1.zeros }) / Double(count)
    }

    /// The kernel weights of the named layers, concatenated in layer order (layers without a kernel give none).
    public func kernelWeights(of layerNames: [String]) -> [Float] {
        zip(layers, offsets).flatMap { layer, offset -> ArraySlice<Float> in
            guard layerNames.contains(layer.name), let kernel = layer.kernelArray else { return [] }
            return parameters[offset..<(offset + kernel.count)]
        }
    }
}
