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
        activations = sizes.map { .allocate(capacity: max($0 * capacity, 1)) }
        saved = model.layers.map { .allocate(capacity: max($0.savedPerExample * capacity, 1)) }
        gradientA = .allocate(capacity: widest * capacity)
        gradientB = .allocate(capacity: widest * capacity)
        parameterGradients = .allocate(capacity: max(model.parameterCount, 1))
        parameterGradients.initialize(repeating: 0, count: max(model.parameterCount, 1))
        labels = .allocate(capacity: capacity)
        sizes.removeAll()
        allocations = activations + saved + [gradientA, gradientB, parameterGradients]
    }

    deinit {
        for p in allocations { p.deallocate() }
        labels.deallocate()
    }
}
