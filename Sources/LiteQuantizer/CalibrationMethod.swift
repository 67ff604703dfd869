/// How calibration turns the values a tensor took on the representative set into a range.
public enum CalibrationMethod: Sendable, Equatable, CustomStringConvertible {
    /// TensorFlow's rule: the global minimum and maximum over all samples.
    case minMax
    /// Clips to the given two-sided percentile of all values, e.g. `99.99` keeps
    /// `[p0.01, p99.99]`.
    case percentile(Double)
    /// The clipping threshold that minimizes the KL divergence between the histogram
    /// and its quantized version (TensorRT's entropy calibrator).
    case entropy
    /// The clipping range that minimizes the mean squared quantization error.
    case mse

    /// Parses the names used by the lab file and the command line:
    /// `minmax`, `percentile` (with `percentile` as its value), `entropy`, `mse`.
    public init?(name: String, percentile: Double = 99.99) {
        switch name.lowercased() {
        case "minmax", "min_max", "min-max": self = .minMax
        case "percentile": self = .percentile(percentile)
        case "entropy", "kl": self = .entropy
        case "mse": self = .mse
        default: return nil
        }
    }

    /// The names `init(name:)` accepts, for help texts and error messages.
    public static let names = ["minmax", "percentile", "entropy", "mse"]

    /// Whether the method needs every value (a histogram), not only the extremes.
    public var needsValues: Bool { self != .minMax }

    public var description: String {
        switch self {
        case .minMax: "minmax"
        case .percentile(let p): "percentile \(p)"
        case .entropy: "entropy"
        case .mse: "mse"
        }
    }
}
