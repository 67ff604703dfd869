import EngineKernels

/// One entry of a model's layer list, as a lab writes it (`conv2d: {filters: 16, kernel: 3,
/// activation: relu}`). Defaults follow Keras: stride 1, VALID padding, pool stride = pool size.
public enum LayerSpec: Sendable, Equatable, Codable {
    case conv2d(filters: Int, kernel: Int, stride: Int = 1, padding: Padding = .valid, activation: Activation = .linear)
    case depthwiseConv2d(kernel: Int, stride: Int = 1, padding: Padding = .valid, activation: Activation = .linear)
    case maxPool2d(pool: Int, stride: Int? = nil, padding: Padding = .valid)
    case averagePool2d(pool: Int, stride: Int? = nil, padding: Padding = .valid)
    case flatten
    case dense(units: Int, activation: Activation = .linear)
    case relu
    case relu6
    case batchNormalization
    /// Activation fake quantization (inserted by `Sequential.withFakeQuantization`).
    case fakeQuant

    public enum Padding: String, Sendable, Equatable, Codable { case valid, same }

    /// `softmax` is allowed only on the last layer; the loss then works from its logits.
    public enum Activation: String, Sendable, Equatable, CaseIterable, Codable {
        case linear, relu, relu6, softmax
        var kernel: ActivationKind {
            switch self {
            case .linear, .softmax: return .linear
            case .relu: return .relu
            case .relu6: return .relu6
            }
        }
    }

    /// The lab name of the layer kind (`conv2d`).
    public var keyword: String {
        switch self {
        case .conv2d: return "conv2d"
        case .depthwiseConv2d: return "depthwise_conv2d"
        case .maxPool2d: return "maxpool2d"
        case .averagePool2d: return "avgpool2d"
        case .flatten: return "flatten"
        case .dense: return "dense"
        case .relu: return "relu"
        case .relu6: return "relu6"
        case .batchNormalization: return "batchnorm"
        case .fakeQuant: return "fake_quant"
        }
    }

    /// Every keyword a layer list may use, with its accepted aliases.
    public static let keywords: [String: [String]] = [
        "conv2d": [], "depthwise_conv2d": ["depthwiseconv2d"], "maxpool2d": ["max_pooling2d", "maxpooling2d"],
        "avgpool2d": ["average_pooling2d", "averagepooling2d"], "flatten": [], "dense": [], "relu": [], "relu6": [],
        "batchnorm": ["batch_normalization", "batchnormalization"],
    ]

    var activation: Activation {
        switch self {
        case .conv2d(_, _, _, _, let a), .depthwiseConv2d(_, _, _, let a), .dense(_, let a): return a
        default: return .linear
        }
    }
}

/// Why a layer list cannot be built; `index` is the 0-based position in the list.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var index: Int?
    public var message: String
    public init(index: Int?, _ message: String) { self.index = index; self.message = message }
    public var description: String { index.map { "layer \($0 + 1): \(message)" } ?? message }
}

extension LayerSpec {
    /// The chapter's MNIST CNN: 28×28×1 → conv 16 → pool → conv 32 → pool → 800 → 10 (12,810 parameters).
    public static let chapterModel: [LayerSpec] = [
        .conv2d(filters: 16, kernel: 3, activation: .relu), .maxPool2d(pool: 2),
        .conv2d(filters: 32, kernel: 3, activation: .relu), .maxPool2d(pool: 2),
        .flatten, .dense(units: 10, activation: .softmax),
    ]
}
