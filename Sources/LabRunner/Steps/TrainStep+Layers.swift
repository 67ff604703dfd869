import LabDocument
import LabEngine

/// Reads a `train` step's `model:` layer list into the engine's `LayerSpec`s:
/// `- flatten`, `- conv2d: {filters: 16, kernel: 3, activation: relu}`, …
enum TrainLayers {
    static var kinds: [String] { shape.map(\.name) }

    /// Every layer kind and its options: checked before anything runs (`ShapeChecker`) and
    /// listed in the step reference. `parse` reads the same keys.
    static let shape: [ValueShape.LayerKind] = {
        let positive = ValueShape.integer(min: 1, max: 1_000_000)
        let padding = ValueShape.Field("padding", .choice(["valid", "same"]), help: "valid (default) or same")
        let activation = ValueShape.Field("activation", .choice(LayerSpec.Activation.allCases.map(\.rawValue)),
                                          help: "applied to the output (default linear)")
        let stride = ValueShape.Field("stride", positive, help: "step of the window (default 1)")
        let poolStride = ValueShape.Field("stride", positive, help: "step of the window (default: the pool size)")
        return [
            .init("conv2d", [.init("filters", positive, required: true, help: "output channels"),
                             .init("kernel", positive, required: true, help: "square kernel size"), stride, padding, activation],
                  help: "2-D convolution"),
            .init("depthwise_conv2d", [.init("kernel", positive, required: true, help: "square kernel size"), stride, padding, activation],
                  help: "one filter per input channel"),
            .init("maxpool2d", [.init("pool", positive, help: "window size (default 2)"), poolStride, padding], help: "max pooling"),
            .init("avgpool2d", [.init("pool", positive, help: "window size (default 2)"), poolStride, padding], help: "average pooling"),
            .init("flatten", help: "to one dimension"),
            .init("dense", [.init("units", positive, required: true, help: "outputs"), activation], help: "fully connected"),
            .init("relu", help: "max(x, 0)"),
            .init("relu6", help: "min(max(x, 0), 6)"),
            .init("batchnorm", help: "batch normalization"),
        ]
    }()

    static func parse(_ list: [Value]) throws -> [LayerSpec] {
        guard !list.isEmpty else { throw ParameterProblem(key: "model", message: "the model has no layers") }
        return try list.enumerated().map { try parse($1, index: $0) }
    }

    static func parse(_ item: Value, index: Int) throws -> LayerSpec {
        let o = try LayerOptions(item, index: index, key: "model")
        let name = o.name
        switch name {
        case "conv2d":
            try o.allow(["filters", "kernel", "stride", "padding", "activation"])
            return .conv2d(filters: try o.positive("filters", default: nil), kernel: try o.positive("kernel", default: nil),
                           stride: try o.positive("stride", default: 1), padding: try o.padding(), activation: try o.activation())
        case "depthwise_conv2d":
            try o.allow(["kernel", "stride", "padding", "activation"])
            return .depthwiseConv2d(kernel: try o.positive("kernel", default: nil), stride: try o.positive("stride", default: 1),
                                    padding: try o.padding(), activation: try o.activation())
        case "maxpool2d", "avgpool2d":
            try o.allow(["pool", "stride", "padding"])
            let pool = try o.positive("pool", default: 2)
            let stride: Int? = o.options["stride"] == nil ? nil : try o.positive("stride", default: pool)
            return name == "maxpool2d" ? .maxPool2d(pool: pool, stride: stride, padding: try o.padding())
                : .averagePool2d(pool: pool, stride: stride, padding: try o.padding())
        case "flatten": try o.allow([]); return .flatten
        case "dense":
            try o.allow(["units", "activation"])
            return .dense(units: try o.positive("units", default: nil), activation: try o.activation())
        case "relu": try o.allow([]); return .relu
        case "relu6": try o.allow([]); return .relu6
        case "batchnorm": try o.allow([]); return .batchNormalization
        default:
            let hint = Suggest.closest(to: name, in: kinds).map { "did you mean '\($0)'? " } ?? ""
            throw ParameterProblem(key: "model", message: "layer \(index + 1): unknown layer kind '\(name)'",
                                   hint: hint + "layer kinds: " + kinds.joined(separator: ", "))
        }
    }
}

extension LayerOptions {
    func padding() throws -> LayerSpec.Padding { try samePadding() ? .same : .valid }

    func activation() throws -> LayerSpec.Activation {
        let text = options["activation"]?.string ?? "linear"
        guard let a = LayerSpec.Activation(rawValue: text) else {
            throw problem("unknown activation '\(text)'",
                          hint: "one of: " + LayerSpec.Activation.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return a
    }
}
