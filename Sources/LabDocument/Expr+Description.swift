extension Expr: CustomStringConvertible {
    /// The expression as canonical source text: single spaces around binary operators and `|`,
    /// parentheses only where precedence needs them, strings in double quotes, integral numbers
    /// without a fraction. Parsing the description gives back an equal `Expr`.
    public var description: String { text(minimumPrecedence: 0) }

    /// Binding strength, loosest first: filter, or, and, not, comparison, + -, * /, unary -, atoms.
    private var precedence: Int {
        switch self {
        case .filter: return 0
        case .binary(let op, _, _): return Self.precedence(of: op)
        case .unary(.not, _): return 3
        case .unary(.negate, _): return 7
        default: return 8
        }
    }

    private static func precedence(of op: BinaryOperator) -> Int {
        switch op {
        case .or: return 1
        case .and: return 2
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return 4
        case .add, .subtract: return 5
        case .multiply, .divide: return 6
        }
    }

    /// Chains (`1 + 2 + …`, `x | f | g`) are left-deep trees as long as the chain, so their left
    /// spine is printed in a loop; only operands nested in brackets recurse (at most 64 levels).
    private func text(minimumPrecedence: Int) -> String {
        var spine: [Expr] = []
        var leftmost = self
        walk: while true {
            switch leftmost {
            case .binary(let op, let l, _) where !op.isComparison: spine.append(leftmost); leftmost = l
            case .filter(let x, _, _): spine.append(leftmost); leftmost = x
            default: break walk
            }
        }
        var out = leftmost.single(minimumPrecedence: spine.last?.leftOperandMinimum ?? minimumPrecedence)
        for k in spine.indices.reversed() {
            switch spine[k] {
            case .binary(let op, _, let right):
                out = "\(out) \(op.rawValue) \(right.text(minimumPrecedence: Self.precedence(of: op) + 1))"
            case .filter(_, let name, let arguments):
                out += " | " + name + (arguments.isEmpty ? "" : "(" + arguments.map { $0.text(minimumPrecedence: 0) }.joined(separator: ", ") + ")")
            default: break
            }
            let required = k == 0 ? minimumPrecedence : spine[k - 1].leftOperandMinimum
            if spine[k].precedence < required { out = "(\(out))" }
        }
        return out
    }

    /// The precedence the left operand of a chain link must have to print without parentheses.
    private var leftOperandMinimum: Int {
        if case .binary(let op, _, _) = self { return Self.precedence(of: op) }
        return 0
    }

    /// One node whose left operand is not a chain link.
    private func single(minimumPrecedence: Int) -> String {
        let body: String
        switch self {
        case .number(let x): body = Self.format(x)
        case .string(let s): body = Self.quote(s)
        case .bool(let b): body = b ? "true" : "false"
        case .path(let components):
            body = components.enumerated().map { i, component in
                switch component {
                case .name(let name): return i == 0 ? name : "." + name
                case .index(let index): return "[\(index.text(minimumPrecedence: 0))]"
                }
            }.joined()
        case .unary(.negate, let operand): body = "-" + operand.text(minimumPrecedence: 7)
        case .unary(.not, let operand): body = "not " + operand.text(minimumPrecedence: 3)
        case .binary(let op, let left, let right):
            let p = Self.precedence(of: op)
            // Comparisons do not chain, so both sides bind tighter; the others are left-associative.
            let leftMinimum = p == 4 ? 5 : p
            body = "\(left.text(minimumPrecedence: leftMinimum)) \(op.rawValue) \(right.text(minimumPrecedence: p + 1))"
        case .call(let name, let arguments):
            body = name + "(" + arguments.map { $0.text(minimumPrecedence: 0) }.joined(separator: ", ") + ")"
        case .filter(let operand, let name, let arguments):
            let call = arguments.isEmpty ? "" : "(" + arguments.map { $0.text(minimumPrecedence: 0) }.joined(separator: ", ") + ")"
            body = "\(operand.text(minimumPrecedence: 0)) | \(name)\(call)"
        case .list(let items):
            body = "[" + items.map { $0.text(minimumPrecedence: 0) }.joined(separator: ", ") + "]"
        }
        return precedence < minimumPrecedence ? "(\(body))" : body
    }

    /// `3`, `0.5`, `1e-05`: integral values without `.0`.
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
