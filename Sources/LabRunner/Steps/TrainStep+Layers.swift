import LabDocument
import LabEngine

/// Reads a `train` step's `model:` layer list into the engine's `LayerSpec`s:
/// `- flatten`, `- conv2d: {filters: 16, kernel: 3, activation: relu}`, …
enum TrainLayers {
    static let kinds = ["conv2d", "depthwise_conv2d", "maxpool2d", "avgpool2d", "flatten", "dense", "relu", "relu6", "batchnorm"]

    static func parse(_ list: [Value]) throws -> [LayerSpec] {
        guard !list.isEmpty else { throw ParameterProblem(key: "model", message: "the model has no layers") }
        return try list.enumerated().map { try parse($1, index: $0) }
    }

    static func parse(_ item: Value, index: Int) throws -> LayerSpec {
        let name: String, options: Record
        switch item {
        case .string(let s): (name, options) = (s, Record())
        case .record(let r) where r.count == 1:
            name = r.keys[0]
            switch r[name] {
            case .record(let o)?: options = o
            case .null?, nil: options = Record()
            case let other?:
                throw ParameterProblem(key: "model", message: "layer \(index + 1) (\(name)): options must be a mapping, got \(other.kindName)")
            }
        default:
            throw ParameterProblem(key: "model", message: "layer \(index + 1) must be a name or a one-key mapping like conv2d: {filters: 16, kernel: 3}")
        }
        let o = Options(layer: "layer \(index + 1) (\(name))", options: options)
        switch name {
        case "conv2d":
            try o.allow(["filters", "kernel", "stride", "padding", "activation"])
            return .conv2d(filters: try o.positive("filters", nil), kernel: try o.positive("kernel", nil),
                           stride: try o.positive("stride", 1), padding: try o.padding(), activation: try o.activation())
        case "depthwise_conv2d":
            try o.allow(["kernel", "stride", "padding", "activation"])
            return .depthwiseConv2d(kernel: try o.positive("kernel", nil), stride: try o.positive("stride", 1),
                                    padding: try o.padding(), activation: try o.activation())
        case "maxpool2d", "avgpool2d":
            try o.allow(["pool", "stride", "padding"])
            let pool = try o.positive("pool", 2)
            let stride: Int? = options["stride"] == nil ? nil : try o.positive("stride", pool)
            return name == "maxpool2d" ? .maxPool2d(pool: pool, stride: stride, padding: try o.padding())
                : .averagePool2d(pool: pool, stride: stride, padding: try o.padding())
        case "flatten": try o.allow([]); return .flatten
        case "dense":
            try o.allow(["units", "activation"])
            return .dense(units: try o.positive("units", nil), activation: try o.activation())
        case "relu": try o.allow([]); return .relu
        case "relu6": try o.allow([]); return .relu6
        case "batchnorm": try o.allow([]); return .batchNormalization
        default:
            let hint = Suggest.closest(to: name, in: kinds).map { "did you mean '\($0)'? " } ?? ""
            throw ParameterProblem(key: "model", message: "layer \(index + 1): unknown layer kind '\(name)'",
                                   hint: hint + "layer kinds: " + kinds.joined(separator: ", "))
        }
    }

    private struct Options {
        var layer: String
        var options: Record

        func allow(_ keys: [String]) throws {
            guard let unknown = options.keys.first(where: { !keys.contains($0) }) else { return }
            let hint = Suggest.closest(to: unknown, in: keys).map { "did you mean '\($0)'? " } ?? ""
            throw ParameterProblem(key: "model", message: "\(layer): unknown option '\(unknown)'",
                                   hint: keys.isEmpty ? "this layer takes no options" : hint + "options: " + keys.joined(separator: ", "))
        }

        func positive(_ key: String, _ fallback: Int?) throws -> Int {
            guard let v = options[key] else {
                guard let fallback else { throw ParameterProblem(key: "model", message: "\(layer): '\(key)' is required") }
                return fallback
            }
            guard let x = v.number, x >= 1, x == x.rounded(), x <= 100_000 else {
                throw ParameterProblem(key: "model", message: "\(layer): '\(key)' must be a positive whole number")
            }
            return Int(x)
        }

        func padding() throws -> LayerSpec.Padding {
            let text = options["padding"]?.string ?? "valid"
            guard let p = LayerSpec.Padding(rawValue: text) else {
                throw ParameterProblem(key: "model", message: "\(layer): 'padding' must be same or valid")
            }
            return p
        }

        func activation() throws -> LayerSpec.Activation {
            let text = options["activation"]?.string ?? "linear"
            guard let a = LayerSpec.Activation(rawValue: text) else {
                throw ParameterProblem(key: "model", message: "\(layer): unknown activation '\(text)'",
                                       hint: "one of: " + LayerSpec.Activation.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return a
        }
    }
}
