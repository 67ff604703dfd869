import LabDocument

/// One layer of a `model_size` layer list, with what it needs to compute shapes and parameters.
/// Shapes are height × width × channels (channels last), or a single length after `flatten`.
enum SizedLayer {
    case conv2d(filters: Int, kernel: (Int, Int), stride: Int, same: Bool, bias: Bool)
    case depthwiseConv2d(kernel: (Int, Int), stride: Int, same: Bool, multiplier: Int, bias: Bool)
    case maxPool(pool: Int, stride: Int)
    case avgPool(pool: Int, stride: Int)
    case globalAvgPool
    case flatten
    case dense(units: Int, bias: Bool)
    case batchNorm
    /// Layers without parameters that keep the shape (dropout, relu, softmax).
    case passThrough(String)

    static var kinds: [String] { shape.map(\.name) }

    /// Every layer kind and its options: checked before anything runs (`ShapeChecker`) and listed in
    /// the step reference. `parse` reads the same keys.
    static let shape: [ValueShape.LayerKind] = {
        let positive = ValueShape.integer(min: 1, max: 1_000_000)
        let kernel = ValueShape.Field("kernel", .oneOf([positive, .list(positive, what: "[height, width]")]), required: true,
                                      help: "a size or [height, width]")
        let stride = ValueShape.Field("stride", positive, help: "step of the window (default 1)")
        let padding = ValueShape.Field("padding", .choice(["valid", "same"]), help: "valid (default) or same")
        let activation = ValueShape.Field("activation", .text, help: "ignored: it adds no parameters")
        let bias = ValueShape.Field("use_bias", .bool, help: "one bias per output channel (default true)")
        let pool = [ValueShape.Field("pool", positive, help: "window size (default 2)"),
                    ValueShape.Field("stride", positive, help: "step of the window (default: the pool size)")]
        return [
            .init("conv2d", [.init("filters", positive, required: true, help: "output channels"), kernel, stride, padding, activation, bias],
                  help: "2-D convolution"),
            .init("depthwise_conv2d", [kernel, stride, padding, .init("depth_multiplier", positive, help: "filters per input channel (default 1)"),
                                       activation, bias], help: "one filter per input channel"),
            .init("maxpool2d", pool, help: "max pooling"),
            .init("avgpool2d", pool, help: "average pooling"),
            .init("global_avgpool", help: "the mean of each channel"),
            .init("flatten", help: "to one dimension"),
            .init("dense", [.init("units", positive, required: true, help: "outputs"), activation, bias], help: "fully connected"),
            .init("batchnorm", help: "batch normalization (4 parameters per channel)"),
            .init("dropout", [.init("rate", .number(min: 0, max: 1), help: "ignored: it adds no parameters")], help: "no parameters"),
            .init("relu", help: "no parameters"),
            .init("softmax", help: "no parameters"),
        ]
    }()

    /// Weights and biases; biases are stored as int32 in an int8 model.
    struct Count: Equatable {
        var weights = 0
        var biases = 0
        var total: Int { weights + biases }
    }

    /// Reads `- flatten` or `- conv2d: {filters: 32, kernel: 3}`.
    static func parse(_ item: Value, index: Int) throws -> SizedLayer {
        let reader = try LayerOptions(item, index: index, key: "layers")
        let name = reader.name
        switch name {
        case "conv2d":
            try reader.allow(["filters", "kernel", "stride", "padding", "activation", "use_bias"])
            return .conv2d(filters: try reader.positive("filters", default: nil), kernel: try reader.kernel(),
                           stride: try reader.positive("stride", default: 1), same: try reader.samePadding(),
                           bias: try reader.bool("use_bias", default: true))
        case "depthwise_conv2d":
            try reader.allow(["kernel", "stride", "padding", "depth_multiplier", "activation", "use_bias"])
            return .depthwiseConv2d(kernel: try reader.kernel(), stride: try reader.positive("stride", default: 1),
                                    same: try reader.samePadding(), multiplier: try reader.positive("depth_multiplier", default: 1),
                                    bias: try reader.bool("use_bias", default: true))
        case "maxpool2d", "avgpool2d":
            try reader.allow(["pool", "stride"])
            let pool = try reader.positive("pool", default: 2)
            let stride = try reader.positive("stride", default: pool)
            return name == "maxpool2d" ? .maxPool(pool: pool, stride: stride) : .avgPool(pool: pool, stride: stride)
        case "global_avgpool": return .globalAvgPool
        case "flatten": return .flatten
        case "dense":
            try reader.allow(["units", "activation", "use_bias"])
            return .dense(units: try reader.positive("units", default: nil), bias: try reader.bool("use_bias", default: true))
        case "batchnorm": return .batchNorm
        case "dropout", "relu", "softmax": return .passThrough(name)
        default:
            let hint = Suggest.closest(to: name, in: kinds).map { "did you mean '\($0)'? " } ?? ""
            throw ParameterProblem(key: "layers", message: "layer \(index + 1): unknown layer kind '\(name)'",
                                   hint: hint + "layer kinds: " + kinds.joined(separator: ", "))
        }
    }

    /// The output shape and parameter count for an input of `shape`; throws a readable `StepFailure`.
    func apply(to shape: [Int], index: Int) throws -> (shape: [Int], count: Count) {
        func spatial() throws -> (Int, Int, Int) {
            guard shape.count == 3 else {
                throw StepFailure("layer \(index + 1) (\(label)) needs a height×width×channels input, got \(Self.describe(shape))",
                                  hint: "put it before flatten/global_avgpool/dense")
            }
            return (shape[0], shape[1], shape[2])
        }
        func side(_ n: Int, _ k: Int, _ s: Int, same: Bool, axis: String) throws -> Int {
            if same { return (n + s - 1) / s }
            guard k <= n else {
                throw StepFailure("layer \(index + 1) (\(label)): \(axis) window \(k) is larger than the input's \(n)"
                                  + " (input \(Self.describe(shape)))", hint: "use padding: same, a smaller kernel, or fewer pooling layers")
            }
            return (n - k) / s + 1
        }
        switch self {
        case let .conv2d(filters, (kh, kw), stride, same, bias):
            let (h, w, c) = try spatial()
            return ([try side(h, kh, stride, same: same, axis: "kernel"), try side(w, kw, stride, same: same, axis: "kernel"), filters],
                    Count(weights: kh * kw * c * filters, biases: bias ? filters : 0))
        case let .depthwiseConv2d((kh, kw), stride, same, m, bias):
            let (h, w, c) = try spatial()
            return ([try side(h, kh, stride, same: same, axis: "kernel"), try side(w, kw, stride, same: same, axis: "kernel"), c * m],
                    Count(weights: kh * kw * c * m, biases: bias ? c * m : 0))
        case let .maxPool(pool, stride), let .avgPool(pool, stride):
            let (h, w, c) = try spatial()
            return ([try side(h, pool, stride, same: false, axis: "pool"), try side(w, pool, stride, same: false, axis: "pool"), c], Count())
        case .globalAvgPool:
            let (_, _, c) = try spatial()
            return ([c], Count())
        case .flatten:
            return ([shape.reduce(1, *)], Count())
        case let .dense(units, bias):
            // As in Keras, a dense layer acts on the last axis.
            let inputs = shape.last ?? 0
            return (Array(shape.dropLast()) + [units], Count(weights: inputs * units, biases: bias ? units : 0))
        case .batchNorm:
            // γ, β, moving mean and variance per channel; kept as float32 (counted as "biases").
            return (shape, Count(weights: 0, biases: 4 * (shape.last ?? 0)))
        case .passThrough:
            return (shape, Count())
        }
    }

    /// e.g. `conv2d 16@3×3 same /2`.
    var label: String {
        switch self {
        case let .conv2d(f, (kh, kw), s, same, _): "conv2d \(f)@\(kh)×\(kw)" + (same ? " same" : "") + (s > 1 ? " /\(s)" : "")
        case let .depthwiseConv2d((kh, kw), s, same, m, _):
            "depthwise_conv2d \(kh)×\(kw)" + (m > 1 ? " ×\(m)" : "") + (same ? " same" : "") + (s > 1 ? " /\(s)" : "")
        case let .maxPool(p, s): "maxpool2d \(p)×\(p)" + (s != p ? " /\(s)" : "")
        case let .avgPool(p, s): "avgpool2d \(p)×\(p)" + (s != p ? " /\(s)" : "")
        case .globalAvgPool: "global_avgpool"
        case .flatten: "flatten"
        case let .dense(u, _): "dense \(u)"
        case .batchNorm: "batchnorm"
        case let .passThrough(name): name
        }
    }

    static func describe(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "×") }
}

extension LayerOptions {
    /// `kernel: 3` or `kernel: [height, width]`.
    func kernel() throws -> (Int, Int) {
        if let pair = options["kernel"]?.list {
            guard pair.count == 2, let h = pair[0].number, let w = pair[1].number, h >= 1, w >= 1,
                  h == h.rounded(), w == w.rounded(), h <= 1000, w <= 1000 else {
                throw problem("'kernel' must be a size or [height, width]")
            }
            return (Int(h), Int(w))
        }
        let k = try positive("kernel", default: nil)
        return (k, k)
    }
}
