import Foundation
import LabDocument

/// Evaluates the lab's expression language. Names resolve against `scope`: one entry per
/// directive id (its result fields) plus `params` (the lab-level parameters).
public struct Evaluator: Sendable {
    public var scope: Record

    public init(scope: Record) { self.scope = scope }

    /// An error while evaluating: a missing field, a type mismatch, division by zero.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        public init(_ message: String) { self.message = message }
    }

    public func evaluate(_ e: Expr) throws(Failure) -> Value {
        switch e {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .list(let items):
            var out: [Value] = []
            for item in items { out.append(try evaluate(item)) }
            return .list(out)
        case .path(let components): return try resolve(components)
        case .unary(.negate, let x): return .number(-(try number(x, "'-'")))
        case .unary(.not, let x): return .bool(!(try truth(x)))
        case .binary(let op, let l, let r) where op.isComparison: return try binary(op, evaluate(l), l, r)
        case .binary, .filter: return try chain(e)
        case .call(let name, let args): return try call(name, args)
        }
    }

    /// Evaluates and formats for prose: filters' strings as they are, numbers in a short form.
    public func text(_ e: Expr) throws(Failure) -> String { Filters.display(try evaluate(e)) }

    private func resolve(_ components: [Expr.PathComponent]) throws(Failure) -> Value {
        guard case .name(let root)? = components.first else { throw Failure("a path must start with a name") }
        guard var current = scope[root] else { throw Failure("unknown name '\(root)'") }
        var walked = root
        for component in components.dropFirst() {
            switch component {
            case .name(let key):
                guard case .record(let r) = current else {
                    throw Failure("'\(walked)' is \(current.kindName), it has no field '\(key)'")
                }
                guard let next = r[key] else {
                    let known = r.keys.prefix(12).joined(separator: ", ")
                    throw Failure("'\(walked)' has no field '\(key)' (it has: \(known))")
                }
                current = next
                walked += ".\(key)"
            case .index(let ix):
                let index = try evaluate(ix)
                switch (current, index) {
                case (.list(let l), .number(let n)):
                    guard let i = LabInteger.exact(n, in: l.indices) else {
                        throw Failure("index \(Filters.display(index)) is out of range for '\(walked)' (\(l.count) items)")
                    }
                    current = l[i]
                case (.record(let r), .string(let key)):
                    guard let next = r[key] else { throw Failure("'\(walked)' has no field '\(key)'") }
                    current = next
                default:
                    throw Failure("cannot index \(current.kindName) '\(walked)' with \(index.kindName)")
                }
                walked += "[\(Filters.display(index))]"
            }
        }
        return current
    }

    private func number(_ e: Expr, _ what: String) throws(Failure) -> Double {
        try number(evaluate(e), of: e, what)
    }

    private func number(_ v: Value, of e: Expr, _ what: String) throws(Failure) -> Double {
        guard case .number(let x) = v else { throw Failure("\(what) needs a number, got \(v.kindName) (\(e))") }
        return x
    }

    private func truth(_ e: Expr) throws(Failure) -> Bool { try truth(evaluate(e), of: e) }

    private func truth(_ v: Value, of e: Expr) throws(Failure) -> Bool {
        guard case .bool(let b) = v else { throw Failure("expected true or false, got \(v.kindName) (\(e))") }
        return b
    }

    /// A left-associative chain (`1 + 2 - 3`, `a | f | g`) is a left-deep tree as long as the
    /// chain: walk its left spine in a loop, evaluating each operand once, so neither time nor
    /// stack grows with more than the chain's length.
    private func chain(_ top: Expr) throws(Failure) -> Value {
        var spine: [Expr] = []
        var leftmost = top
        walk: while true {
            switch leftmost {
            case .binary(let op, let l, _) where !op.isComparison: spine.append(leftmost); leftmost = l
            case .filter(let x, _, _): spine.append(leftmost); leftmost = x
            default: break walk
            }
        }
        var value = try evaluate(leftmost)
        for node in spine.reversed() {
            switch node {
            case .binary(let op, let l, let r): value = try binary(op, value, l, r)
            case .filter(_, let name, let args):
                var evaluated: [Value] = []
                for a in args { evaluated.append(try evaluate(a)) }
                value = try Filters.apply(name, to: value, arguments: evaluated)
            default: break
            }
        }
        return value
    }

    /// `op` with its left operand `l` already evaluated to `a`; `r` is evaluated at most once.
    private func binary(_ op: Expr.BinaryOperator, _ a: Value, _ l: Expr, _ r: Expr) throws(Failure) -> Value {
        switch op {
        case .and: return .bool(try truth(a, of: l) ? try truth(r) : false)
        case .or: return .bool(try truth(a, of: l) ? true : try truth(r))
        case .equal, .notEqual:
            let same = a == (try evaluate(r))
            return .bool(op == .equal ? same : !same)
        case .add:
            let b = try evaluate(r)
            if case .string(let x) = a, case .string(let y) = b { return .string(x + y) }
            return .number(try number(a, of: l, "'+'") + number(b, of: r, "'+'"))
        case .subtract: return .number(try number(a, of: l, "'-'") - number(r, "'-'"))
        case .multiply: return .number(try number(a, of: l, "'*'") * number(r, "'*'"))
        case .divide:
            let x = try number(a, of: l, "'/'")
            let d = try number(r, "'/'")
            guard d != 0 else { throw Failure("division by zero in \(Expr.binary(op, l, r))") }
            return .number(x / d)
        case .less, .lessEqual, .greater, .greaterEqual:
            let x = try number(a, of: l, "'\(op.rawValue)'"), y = try number(r, "'\(op.rawValue)'")
            switch op {
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            default: return .bool(x >= y)
            }
        }
    }

    /// The functions of the language.
    public static let functionNames = ["abs", "min", "max", "round", "sum", "count", "mean"]

    private func call(_ name: String, _ args: [Expr]) throws(Failure) -> Value {
        var values: [Value] = []
        for a in args { values.append(try evaluate(a)) }
        // min/max/sum/mean take numbers or one list of numbers.
        func numbers() throws(Failure) -> [Double] {
            let flat = values.count == 1 ? (values[0].list ?? values) : values
            var out: [Double] = []
            for v in flat {
                guard let x = v.number else { throw Failure("\(name)() needs numbers, got \(v.kindName)") }
                out.append(x)
            }
            guard !out.isEmpty else { throw Failure("\(name)() needs at least one number") }
            return out
        }
        switch name {
        case "abs":
            guard values.count == 1, let x = values[0].number else { throw Failure("abs() takes one number") }
            return .number(Swift.abs(x))
        case "min": return .number(try numbers().min() ?? 0)
        case "max": return .number(try numbers().max() ?? 0)
        case "sum": return .number(try numbers().reduce(0, +))
        case "mean": let xs = try numbers(); return .number(xs.reduce(0, +) / Double(xs.count))
        case "count":
            guard values.count == 1, let l = values[0].list else { throw Failure("count() takes one list") }
            return .number(Double(l.count))
        case "round":
            guard (1...2).contains(values.count), let x = values[0].number else {
                throw Failure("round() takes a number and optionally a number of decimals")
            }
            var digits = 0
            if values.count == 2 {
                guard let d = LabInteger.exact(values[1], in: -15...15) else {
                    throw Failure("round() takes a whole number of decimals from -15 to 15, got \(Filters.display(values[1]))")
                }
                digits = d
            }
            let p = Foundation.pow(10, Double(digits))
            return .number((x * p).rounded() / p)
        default:
            throw Failure("unknown function '\(name)' (known: \(Self.functionNames.joined(separator: ", ")))")
        }
    }
}
