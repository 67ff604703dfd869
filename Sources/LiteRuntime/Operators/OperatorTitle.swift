import LiteFormat

/// What a listing or a graph picture adds to an operator's name: its size (`3×3`, `1600→10`) and notes
/// (`stride 2`, `relu`), shown as `CONV_2D 3×3 · stride 2 · relu`. Each operator's registration says how
/// to read them from the operator and its input shapes; the default is the fused activation alone.
public struct OperatorTitle: Sendable, Equatable {
    public var size: String?
    public var notes: [String]

    public init(size: String? = nil, notes: [String] = []) {
        self.size = size
        self.notes = notes
    }

    /// `CONV_2D 3×3 · stride 2 · relu`.
    public func text(_ builtin: BuiltinOperator) -> String {
        ([[builtin.name, size].compactMap { $0 }.joined(separator: " ")] + notes).joined(separator: " · ")
    }

    /// The title of an operator with nothing to say but its fused activation (`ADD · relu`).
    static func activationOnly(_ op: Operator, _ inputShapes: [[Int32]]) -> OperatorTitle {
        OperatorTitle(notes: activationNotes(op.options.fusedActivation))
    }

    /// `relu`, `relu6`, `relu −1…1`, `tanh`, `sign`; nothing for none.
    static func activationNotes(_ a: ActivationFunction?) -> [String] {
        switch a {
        case .none, .some(.none): return []
        case .relu: return ["relu"]
        case .relu6: return ["relu6"]
        case .reluN1To1: return ["relu −1…1"]
        case .tanh: return ["tanh"]
        case .signBit: return ["sign"]
        }
    }
}

/// Describes one constant input of an operator: `w` in tensor names (`conv1.w`), `weights` in descriptions.
public struct InputRole: Sendable, Equatable {
    /// Suffix of the tensor's name after the operator's (`conv1.w`, `reshape1.shape`).
    public let suffix: String
    /// What descriptions call the input (`weights int8 32×3×3×1 …`); nil: plain `const`.
    public let word: String?

    public static let weights = InputRole(suffix: "w", word: "weights")
    public static let bias = InputRole(suffix: "b", word: "bias")
    /// RESHAPE's target shape, described as `const` as any other constant.
    public static let shape = InputRole(suffix: "shape", word: nil)
}
