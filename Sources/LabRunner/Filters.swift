import Foundation
import LabDocument

/// The filters of `{{ expr | filter(args) }}` and how plain values print.
public enum Filters {
    /// Name, arguments and what it does; `Labs/README.md` lists the same.
    public static let all: [(name: String, usage: String, help: String)] = [
        ("percent", "percent(d)", "0.9891 → 98.91% (d decimals, default 1)"),
        ("fixed", "fixed(d)", "3.14159 → 3.14 (d decimals, default 2)"),
        ("int", "int", "12809.6 → 12,810 (rounded, thousands separated)"),
        ("kb", "kb", "bytes → KB with one decimal: 55200 → 53.9 KB"),
        ("times", "times(d)", "3.94 → 3.9× (d decimals, default 1)"),
        ("ms", "ms(d)", "seconds → milliseconds: 0.0123 → 12.30 ms (d default 2)"),
        ("us", "us(d)", "seconds → microseconds: 0.0000109 → 10.9 µs (d default 1)"),
        ("sci", "sci(d)", "0.000123 → 1.23e-04 (d default 2)"),
        ("signed", "signed(d)", "0.2 → +0.20, with a sign always (d default 2)"),
        ("yesno", "yesno", "true → yes, false → no"),
        ("join", "join(sep)", "a list → its items joined (default \", \")"),
        ("choose", "choose(a, b)", "true → a, false → b: prose that follows the data"),
    ]

    public static var names: [String] { all.map(\.name) }

    /// Other names an instructor may reach for (`pct`), for "did you mean".
    static let aliases = ["pct": "percent", "percentage": "percent", "round": "fixed", "float": "fixed", "decimal": "fixed",
                          "integer": "int", "kib": "kb", "x": "times", "factor": "times", "if": "choose", "select": "choose",
                          "bool": "yesno", "micro": "us", "milli": "ms"]

    /// The filter `name` most likely meant.
    public static func suggestion(for name: String) -> String? {
        aliases[name.lowercased()] ?? Suggest.closest(to: name, in: names)
    }

    public static func apply(_ name: String, to value: Value, arguments: [Value]) throws(Evaluator.Failure) -> Value {
        func digits(_ fallback: Int) throws(Evaluator.Failure) -> Int {
            guard let a = arguments.first else { return fallback }
            guard let d = a.number, d >= 0, d <= 12, d == d.rounded() else {
                throw Evaluator.Failure("filter '\(name)' takes a whole number of decimals from 0 to 12")
            }
            return Int(d)
        }
        func number() throws(Evaluator.Failure) -> Double {
            guard let x = value.number else { throw Evaluator.Failure("filter '\(name)' needs a number, got \(value.kindName)") }
            return x
        }
        switch name {
        case "percent": return .string(fixed(try number() * 100, try digits(1)) + "%")
        case "fixed": return .string(fixed(try number(), try digits(2)))
        case "int": return .string(grouped(try number().rounded()))
        case "kb": return .string(fixed(try number() / 1024, 1) + " KB")
        case "times": return .string(fixed(try number(), try digits(1)) + "×")
        case "ms": return .string(fixed(try number() * 1000, try digits(2)) + " ms")
        case "us": return .string(fixed(try number() * 1e6, try digits(1)) + " µs")
        case "sci": return .string(String(format: "%.\(try digits(2))e", try number()))
        case "signed":
            let x = try number()
            return .string((x >= 0 ? "+" : "") + fixed(x, try digits(2)))
        case "yesno":
            guard let b = value.bool else { throw Evaluator.Failure("filter 'yesno' needs true or false, got \(value.kindName)") }
            return .string(b ? "yes" : "no")
        case "join":
            guard let l = value.list else { throw Evaluator.Failure("filter 'join' needs a list, got \(value.kindName)") }
            let sep = arguments.first?.string ?? ", "
            return .string(l.map(display).joined(separator: sep))
        case "choose":
            guard let b = value.bool else {
                throw Evaluator.Failure("filter 'choose' needs true or false, got \(value.kindName) (write a comparison before it: x > y | choose(\"more\", \"less\"))")
            }
            guard arguments.count == 2 else { throw Evaluator.Failure("filter 'choose' takes two values: choose(if_true, if_false)") }
            return b ? arguments[0] : arguments[1]
        default:
            let hint = suggestion(for: name).map { " (did you mean '\($0)'?)" } ?? ""
            throw Evaluator.Failure("unknown filter '\(name)'\(hint)")
        }
    }

    /// `x` with `d` decimals, thousands separated in the integer part, `-0` printed as `0`.
    public static func fixed(_ x: Double, _ d: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "−∞") }
        var s = String(format: "%.\(d)f", x)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        let parts = s.split(separator: ".", maxSplits: 1)
        var intPart = String(parts[0])
        var groups: [String] = []
        while intPart.count > 3 { groups.insert(String(intPart.suffix(3)), at: 0); intPart.removeLast(3) }
        groups.insert(intPart, at: 0)
        let body = groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
        return (negative ? "-" : "") + body
    }

    static func grouped(_ x: Double) -> String { fixed(x, 0) }

    /// How a value prints without a filter: integers plainly, other numbers with up to 4
    /// significant decimals, lists comma-separated.
    public static func display(_ v: Value) -> String {
        switch v {
        case .null: return "–"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .number(let x):
            if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
            if Swift.abs(x) >= 1e-3 && Swift.abs(x) < 1e6 {
                var s = String(format: "%.4f", x)
                while s.hasSuffix("0") { s.removeLast() }
                return s
            }
            return String(format: "%.3e", x)
        case .list(let l): return l.map(display).joined(separator: ", ")
        case .record(let r): return r.pairs.map { "\($0.key): \(display($0.value))" }.joined(separator: ", ")
        }
    }
}
