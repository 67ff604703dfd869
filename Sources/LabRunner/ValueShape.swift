import LabDocument

/// What a value inside a directive body must look like, down to its nested keys, so every
/// value is checked before anything runs (`ShapeChecker`) and the step reference can list
/// every key (`StepReference`).
///
/// Directive values are not expressions: `std: params.std` is text where a number belongs, a
/// located error. Only the positions declared `expression` (or `numbersOrExpression`) take
/// one; only `text` positions take `{{ }}` spans.
public indirect enum ValueShape: Sendable {
    case number(min: Double?, max: Double?)
    case integer(min: Int, max: Int)
    /// Text; `{{ }}` spans allowed. Numbers are accepted and printed as they are.
    case text
    case bool
    case choice([String])
    /// An expression of the lab's language (names checked), or a number or true/false.
    case expression
    /// A list of numbers or expressions, or one expression that gives a list.
    case numbersOrExpression
    case list(ValueShape, what: String)
    /// A mapping with these keys (no others).
    case record([Field])
    /// The first shape that fits the value's kind (`a mapping or a list of mappings`).
    case oneOf([ValueShape])
    /// A layer list: each item a kind's name (`flatten`) or a one-key mapping of the kind to
    /// its options (`conv2d: {filters: 16, kernel: 3}`).
    case layers([LayerKind])

    /// One key of a `record` shape.
    public struct Field: Sendable {
        public var name: String
        public var shape: ValueShape
        public var required: Bool
        public var help: String
        public init(_ name: String, _ shape: ValueShape, required: Bool = false, help: String) {
            self.name = name
            self.shape = shape
            self.required = required
            self.help = help
        }
    }

    /// One kind of layer and its options.
    public struct LayerKind: Sendable {
        public var name: String
        public var options: [Field]
        public var help: String
        public init(_ name: String, _ options: [Field] = [], help: String) {
            self.name = name
            self.options = options
            self.help = help
        }
    }

    /// `a number from 0 to 1`, `a list of …`: for messages and the reference.
    public var phrase: String {
        switch self {
        case .number(let lo, let hi): return ParameterChecker.numberPhrase(lo, hi)
        case .integer(let lo, let hi): return LabInteger.phrase(lo...hi)
        case .text: return "text"
        case .bool: return "true or false"
        case .choice(let options): return "one of " + options.joined(separator: ", ")
        case .expression: return "an expression"
        case .numbersOrExpression: return "a list of numbers or expressions, or an expression giving a list"
        case .list(_, let what): return what
        case .record: return "a mapping"
        case .oneOf(let shapes): return shapes.map(\.phrase).joined(separator: " or ")
        case .layers: return "a layer list"
        }
    }
}
