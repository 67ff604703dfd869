/// The one checked conversion from a lab number (YAML and expressions hold every number as a
/// `Double`) to an `Int`. `Int(_: Double)` traps on `.inf`, `1e300` or a fraction's overflow,
/// so every integer a lab, an answers file or `--set` gives goes through here, with its range.
public enum LabInteger {
    /// `x` as an integer when it is whole and inside `range`, else `nil` (never traps).
    public static func exact(_ x: Double, in range: ClosedRange<Int>) -> Int? {
        guard let i = Int(exactly: x), range.contains(i) else { return nil }
        return i
    }

    /// `x` as an index into `indices` (empty for an empty collection), else `nil`.
    public static func exact(_ x: Double, in indices: Range<Int>) -> Int? {
        guard let i = Int(exactly: x), indices.contains(i) else { return nil }
        return i
    }

    /// `value` as an index into `indices`, else `nil`.
    public static func exact(_ value: Value, in indices: Range<Int>) -> Int? {
        guard case .number(let x) = value else { return nil }
        return exact(x, in: indices)
    }

    /// `value` as an integer when it is a whole number inside `range`, else `nil`.
    public static func exact(_ value: Value, in range: ClosedRange<Int>) -> Int? {
        guard case .number(let x) = value else { return nil }
        return exact(x, in: range)
    }

    /// "an integer from 0 to 4294967295", the phrase of every integer error and of the docs.
    public static func phrase(_ range: ClosedRange<Int>) -> String {
        "an integer from \(range.lowerBound) to \(range.upperBound)"
    }

    /// `'seed' must be an integer from 0 to 4294967295, got 1e+300`.
    public static func problem(_ name: String, _ range: ClosedRange<Int>, got value: Value) -> String {
        "'\(name)' must be \(phrase(range)), got \(describe(value))"
    }

    /// A value as an error message shows it: numbers as written in short form (`1e+300`, `inf`,
    /// `2.5`), text in double quotes, other kinds by name.
    public static func describe(_ value: Value) -> String {
        switch value {
        case .number(let x): return Expr.format(x)
        case .string(let s): return "\"\(s)\""
        default: return value.kindName
        }
    }

    /// Ranges shared by several parameters.
    public static let seeds: ClosedRange<Int> = 0...Int(UInt32.max)
    /// Image counts (`limit`, calibration `samples`): at most every image of a data set.
    public static let imageCounts: ClosedRange<Int> = 1...1_000_000
}
