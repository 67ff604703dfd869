/// What to prune while fine-tuning: a schedule and the layers whose kernels it applies to.
/// Biases (and BatchNormalization's arrays) are never pruned.
public struct PruningPlan: Sendable, Equatable {
    /// A layer kind whose kernel can be pruned, by its lab keyword.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case conv2d, depthwiseConv2d = "depthwise_conv2d", dense
    }

    /// Selects layers by kind (every `dense`) or by name (`conv2d_1`, as in the model summary).
    public enum Target: Sendable, Equatable {
        case kind(Kind)
        case name(String)
    }

    public var schedule: PruningSchedule
    public var targets: [Target]

    /// By default the kernels of every conv2d and dense layer (as TFMOT's `prune_low_magnitude` on a whole model).
    public init(schedule: PruningSchedule, targets: [Target] = [.kind(.conv2d), .kind(.dense)]) {
        self.schedule = schedule
        self.targets = targets
    }

    /// The kernel arrays `targets` select in `model`, in layer order.
    func prunedKernels(in model: Sequential) throws(ModelError) -> [PrunedKernel] {
        let names = model.layers.map(\.name)
        for case let .name(name) in targets where !names.contains(name) {
            throw ModelError(index: nil, "pruning names layer '\(name)', which the model does not have (its layers: \(names.joined(separator: ", ")))")
        }
        var kernels: [PrunedKernel] = []
        for (index, (layer, spec)) in zip(model.layers, model.specs).enumerated() {
            let kind = Self.kind(of: spec)
            let selected = targets.contains { target in
                switch target {
                case .kind(let k): return k == kind
                case .name(let n): return n == layer.name
                }
            }
            guard selected else { continue }
            guard kind != nil, let kernel = layer.kernelArray else {
                throw ModelError(index: index, "\(layer.name) has no kernel to prune (only conv2d, depthwise_conv2d and dense layers can be pruned)")
            }
            let start = model.offsets[index]
            kernels.append(PrunedKernel(layer: layer.name, range: start..<(start + kernel.count)))
        }
        guard !kernels.isEmpty else {
            throw ModelError(index: nil, "pruning selects no layer: the model has no \(targets.map(\.label).joined(separator: " or ")) layer")
        }
        return kernels
    }

    static func kind(of spec: LayerSpec) -> Kind? {
        switch spec {
        case .conv2d: return .conv2d
        case .depthwiseConv2d: return .depthwiseConv2d
        case .dense: return .dense
        default: return nil
        }
    }
}

extension PruningPlan.Target {
    var label: String {
        switch self {
        case .kind(let kind): return kind.rawValue
        case .name(let name): return "'\(name)'"
        }
    }
}

/// One kernel under pruning: its layer's name and where it lies in the flat parameter buffer.
struct PrunedKernel: Sendable, Equatable {
    var layer: String
    var range: Range<Int>
}
