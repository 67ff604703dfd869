/// Magnitude pruning during training: on the schedule's pruning steps, each selected kernel's
/// k = round(sparsity × count) smallest |w| are masked (ties: lower index first, so the result
/// is deterministic); after every optimizer step the masked weights are set back to exactly 0,
/// and their gradients are zeroed before it, so neither Adam's moments nor momentum revive them.
/// The masks live only here: a model's pruned weights are plain zeros (nothing to strip on export).
public struct Pruner: Sendable {
    public let plan: PruningPlan
    let kernels: [PrunedKernel]
    /// Per kernel: indices (relative to its range) of the masked weights, ascending.
    private(set) var masked: [[Int]]

    public init(_ plan: PruningPlan, model: Sequential) throws(ModelError) {
        do { try plan.schedule.validate() } catch { throw ModelError(index: nil, "pruning: \(error.description)") }
        self.plan = plan
        self.kernels = try plan.prunedKernels(in: model)
        self.masked = kernels.map { _ in [] }
    }

    /// The names of the layers whose kernels are pruned.
    public var layerNames: [String] { kernels.map(\.layer) }

    /// Before training step `step`: recomputes the masks if the schedule prunes then, and applies them.
    public mutating func beginStep(_ step: Int, params: UnsafeMutablePointer<Float>) {
        if let sparsity = plan.schedule.target(at: step) {
            for (i, kernel) in kernels.enumerated() {
                masked[i] = Self.smallest(params + kernel.range.lowerBound, count: kernel.range.count, sparsity: sparsity)
            }
        }
        applyMasks(to: params)
    }

    /// Zeroes the gradients of masked weights (before the optimizer step).
    public func maskGradients(_ grads: UnsafeMutablePointer<Float>) {
        applyMasks(to: grads)
    }

    /// Sets masked weights (or gradients) to exactly +0.
    public func applyMasks(to values: UnsafeMutablePointer<Float>) {
        for (kernel, indices) in zip(kernels, masked) {
            let base = values + kernel.range.lowerBound
            for i in indices { base[i] = 0 }
        }
    }

    /// Prunes `model` once to `sparsity` (no training): the same selection as a pruning step.
    public static func prune(_ model: inout Sequential, _ plan: PruningPlan, sparsity: Double) throws(ModelError) {
        var pruner = try Pruner(PruningPlan(schedule: .constant(sparsity: sparsity, frequency: 1), targets: plan.targets), model: model)
        model.parameters.withUnsafeMutableBufferPointer { pruner.beginStep(0, params: $0.baseAddress!) }
    }

    /// Indices of the round(sparsity × count) smallest magnitudes, ascending.
    static func smallest(_ weights: UnsafePointer<Float>, count: Int, sparsity: Double) -> [Int] {
        let k = min(count, max(0, Int((sparsity * Double(count)).rounded())))
        guard k > 0 else { return [] }
        // NaN counts as the largest magnitude, so the order stays a strict total order.
        func magnitude(_ i: Int) -> Float { weights[i].isNaN ? .infinity : abs(weights[i]) }
        let order = (0..<count).sorted { a, b in
            let (x, y) = (magnitude(a), magnitude(b))
            return x != y ? x < y : a < b
        }
        return order.prefix(k).sorted()
    }
}
