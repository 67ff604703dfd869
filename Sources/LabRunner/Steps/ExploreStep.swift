import Foundation
import LabDocument
import LiteFormat

/// `lab explore`: the bit-width explorer over a float32 model's real weights. For each width it
/// quantizes the chosen weights with the `quantize` step's arithmetic (`AffineQuantizer`) and shows
/// the errors, the SQNR and the histogram before and after, behind a slider.
public enum ExploreStep: Step {
    public static let name = "explore"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("tensor", "text", "which weights were chosen"),
        ResultField("count", "number", "how many weights"),
        ResultField("mean", "number", "their mean"),
        ResultField("std", "number", "their standard deviation"),
        ResultField("min", "number", "the smallest weight"),
        ResultField("max", "number", "the largest weight"),
        ResultField("within_0_1", "number", "fraction of weights with |w| < 0.1"),
        ResultField("within_0_5", "number", "fraction of weights with |w| < 0.5"),
        ResultField("p1", "number", "1st percentile"),
        ResultField("p99", "number", "99th percentile"),
        ResultField("bits", "list of numbers", "the bit widths compared"),
        ResultField("widths", "mapping", "per width bN (b8, b4, …): scale, max_error, mean_error, rms_error, sqnr_db, levels_used"),
    ])
    public static let summary = "quantizes a model's real weights at several bit widths: errors, SQNR and histograms behind a slider"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("model", .reference(["convert"]), help: "the convert step of a float32 model"),
        ParameterSpec("tensor", .any, default: .null,
                      help: "a weight tensor's name (or a unique part of it), or the number of a CONV_2D / DEPTHWISE_CONV_2D / "
                          + "FULLY_CONNECTED op counted from 0; default: all weights of the model together",
                      shape: .oneOf([.text, .integer(min: 0, max: 1_000_000)])),
        ParameterSpec("bits", .any, default: .list([2, 3, 4, 5, 6, 7, 8].map { .number(Double($0)) }),
                      help: "the bit widths to compare, each 2…16",
                      shape: .list(.integer(min: 2, max: 16), what: "a list of bit widths")),
        ParameterSpec("scheme", .choice(["symmetric", "asymmetric"]), default: "symmetric",
                      help: "symmetric (Z = 0, S = max|w| / qmax, as TFLite does for weights) or asymmetric (S and Z from min and max)"),
        ParameterSpec("per_channel", .bool, default: false,
                      help: "one scale per output channel of each tensor (default: one scale over all the chosen weights)"),
        ParameterSpec("initial", .integer(min: 2, max: 16), default: 8, help: "the width the slider starts at (one of 'bits')"),
        ParameterSpec("bins", .integer(min: 10, max: 80), default: 60, help: "histogram bins (10…80)"),
    ]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let bits = widths(p)
        if bits == nil {
            out.append(Diagnostic(p.location(of: "bits"), "'bits' must be a list of whole numbers from 2 to 16, e.g. [2, 4, 8]"))
        }
        if let bits, let initial = p.int("initial"), !bits.contains(initial) {
            out.append(Diagnostic(p.location(of: "initial"),
                                  "'initial' is \(initial), which is not one of the bits \(bits.map(String.init).joined(separator: ", "))"))
        }
        if let t = p.value("tensor"), t.string == nil, !(t.number.map { $0 >= 0 && $0 == $0.rounded() } ?? false) {
            out.append(Diagnostic(p.location(of: "tensor"), "'tensor' must be a weight tensor's name or an op number, got \(t.kindName)"))
        }
        return out
    }

    /// The `bits` list, sorted and without repeats; nil when it is not a list of 2…16.
    static func widths(_ p: Parameters) -> [Int]? {
        guard let list = p.list("bits"), !list.isEmpty else { return nil }
        let widths = list.compactMap { LabInteger.exact($0, in: 2...16) }
        guard widths.count == list.count else { return nil }
        return Array(Set(widths)).sorted()
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let modelID = p.string("model") ?? ""
        let model = try WeightedOp.model(of: modelID, context)
        let ops = try select(p.value("tensor"), in: WeightedOp.all(in: model), modelID: modelID)
        let perChannel = p.bool("per_channel") ?? false
        let groups = try ops.flatMap { try weights(of: $0, in: model, perChannel: perChannel) }
        let scheme = AffineQuantizer.Scheme(rawValue: p.string("scheme") ?? "") ?? .symmetric
        let bits = widths(p) ?? [8]
        let summaries = bits.map { WidthSummary(groups: groups, bits: $0, scheme: scheme) }
        let selection = ops.count == 1 ? ops[0].title : "all \(ops.count) weight tensors"
        let report = ExploreReport(values: groups.flatMap { $0 }, summaries: summaries, selection: selection,
                                   scheme: scheme, perChannel: perChannel, bins: p.int("bins") ?? 60)
        let initial = bits.firstIndex(of: p.int("initial") ?? 8) ?? bits.count - 1
        return StepOutcome(StepResult(fields: report.fields(),
                                      outputs: [.chart(report.weightHistogram()), .explorer(report.explorer(initial: initial)),
                                                .table(report.table())]))
    }

    /// The ops whose filters to quantize: all, one by number, or one by (part of) its filter's name.
    static func select(_ choice: Value?, in ops: [WeightedOp], modelID: String) throws -> [WeightedOp] {
        let listing = "weight tensors: " + ops.map(\.title).joined(separator: "; ")
        guard !ops.isEmpty else {
            throw StepFailure("'\(modelID)' has no CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED op, so no weights to explore")
        }
        switch choice {
        case nil:
            return ops
        case .number(let n)?:
            guard let i = LabInteger.exact(n, in: ops.indices) else {
                throw StepFailure("'tensor' is \(Filters.display(.number(n))), but '\(modelID)' has \(ops.count) weighted ops (0…\(ops.count - 1))",
                                  hint: listing)
            }
            return [ops[i]]
        case .string(let name)?:
            if let exact = ops.first(where: { $0.filterTensor.name == name }) { return [exact] }
            let partial = ops.filter { $0.filterTensor.name?.contains(name) == true }
            if partial.count == 1 { return partial }
            if partial.count > 1 {
                throw StepFailure("'tensor' \"\(name)\" matches \(partial.count) weight tensors; give more of the name",
                                  hint: "weight tensors: " + partial.map(\.title).joined(separator: "; "))
            }
            throw StepFailure("'tensor' \"\(name)\" matches no weight tensor of '\(modelID)'", hint: listing)
        case let other?:
            throw StepFailure("'tensor' must be a weight tensor's name or an op number, got \(other.kindName)")
        }
    }

    /// The op's float32 filter values: one group, or one per output channel.
    static func weights(of op: WeightedOp, in model: LiteModel, perChannel: Bool) throws -> [[Double]] {
        guard op.filterTensor.type == .float32, let data = model.constantData(tensor: op.filter) else {
            throw StepFailure("explore needs float32 weights: the filter of \(op.title) is \(op.filterTensor.type)",
                              hint: "point 'model' at a convert step with variant: float32")
        }
        let values = data.floats.prefix(op.filterTensor.elementCount).map(Double.init)
        guard perChannel, op.channels > 1, values.count % op.channels == 0 else { return [Array(values)] }
        let channels = op.channels
        var groups = [[Double]](repeating: [], count: channels)
        if op.channelAxis == 0 {
            let inner = values.count / channels
            for c in 0..<channels { groups[c] = Array(values[(c * inner)..<((c + 1) * inner)]) }
        } else {
            // Depthwise `[1, H, W, C]`: the channel is the last index.
            for (i, v) in values.enumerated() { groups[i % channels].append(v) }
        }
        return groups
    }
}
