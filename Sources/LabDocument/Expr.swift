/// The one expression language of prose, tables, quiz answers, asserts and claims.
/// Parsed here; evaluated by LabRunner against step results.
public indirect enum Expr: Sendable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
    /// A dotted path with indexing: `compare.int8.accuracy`, `q.values[3]`.
    case path([PathComponent])
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `abs(x)`, `min(a, b)`, `max(…)`, `round(x, d)`.
    case call(String, [Expr])
    /// `expr | filter(args)`.
    case filter(Expr, name: String, arguments: [Expr])
    /// `[a, b, c]`
    case list([Expr])

    public enum PathComponent: Sendable, Equatable {
        case name(String)
        case index(Expr)
    }

    public enum UnaryOperator: String, Sendable { case negate = "-", not }

    public enum BinaryOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
        case equal = "==", notEqual = "!="
        case and, or

        /// `< <= > >= == !=`: they do not chain, so they never form long left spines.
        public var isComparison: Bool {
            switch self {
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
            default: return false
            }
        }
    }
}
