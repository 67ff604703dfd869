/// The buffers one half-batch needs for a forward and backward pass: every layer's output,
/// its saved scratch, two gradient buffers used in turn, and a parameter-gradient buffer.
/// Allocated once for a maximum batch; not shared between threads.
final class Workspace: @unchecked Sendable {
    let capacity: Int
    /// `activations[0]` is the input; `activations[i + 1]` is layer i's output.
    let activations: [UnsafeMutablePointer<Float>]
    let saved: [UnsafeMutablePointer<Float>]
    let gradientA: UnsafeMutablePointer<Float>
    let gradientB: UnsafeMutablePointer<Float>
    let parameterGradients: UnsafeMutablePointer<Float>
    let labels: UnsafeMutablePointer<Int32>
    private let allocations: [UnsafeMutablePointer<Float>]

    init(model: Sequential, capacity: Int) {
        self.capacity = capacity
        var sizes = [model.inputShape.count] + model.layers.map(\.outputShape.count)
        let widest = sizes.max() ?? 1
        // A reshape's output is its input's buffer (no copy either way).
        var buffers: [UnsafeMutablePointer<Float>] = [.allocate(capacity: max(sizes[0] * capacity, 1))]
        var owned = buffers
        for (layer, size) in zip(model.layers, sizes.dropFirst()) {
            if layer.isReshape, let input = buffers.last {
                buffers.append(input)
            } else {
                buffers.append(.allocate(capacity: max(size * capacity, 1)))
                owned.append(buffers[buffers.count - 1])
            }
        }
        activations = buffers
        saved = model.layers.map { .allocate(capacity: max($0.savedPerExample * capacity, 1)) }
        gradientA = .allocate(capacity: widest * capacity)
        gradientB = .allocate(capacity: widest * capacity)
        parameterGradients = .allocate(capacity: max(model.parameterCount, 1))
        parameterGradients.initialize(repeating: 0, count: max(model.parameterCount, 1))
        labels = .allocate(capacity: capacity)
        sizes.removeAll()
        allocations = owned + saved + [gradientA, gradientB, parameterGradients]
    }

    deinit {
        for p in allocations { p.deallocate() }
        labels.deallocate()
    }
}
