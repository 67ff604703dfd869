import LiteFormat

/// Every builtin operator labrun implements: one line per operator, its registration defined in the
/// operator's own file. The interpreter, the quantizer, the memory planner and the tensor namer read
/// this table and nothing else, so adding an operator is its file, its tests and one line here.
public enum OperatorRegistry {
    /// In the order the quantizer's error messages list what it converts.
    public static let ordered: [OperatorRegistration] = [
        .conv2D,
        .depthwiseConv2D,
        .fullyConnected,
        .maxPool2D,
        .averagePool2D,
        .reshape,
        .softmax,
        .quantize,
        .dequantize,
        .relu,
        .relu6,
        .add,
        .mean,
        .pad,
        .shape,
        .stridedSlice,
        .pack,
        .hardSwish,
    ]

    public static let all: [BuiltinOperator: OperatorRegistration] =
        Dictionary(uniqueKeysWithValues: ordered.map { ($0.builtin, $0) })

    /// The registration of `builtin`, or nil when labrun does not implement it.
    public static func registration(_ builtin: BuiltinOperator) -> OperatorRegistration? { all[builtin] }
}
