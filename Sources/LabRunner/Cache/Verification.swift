import Foundation
import LabDocument

/// `--verify`: every number a re-run produced, compared with the lock file's.
public struct Verification: Sendable {
    /// One figure outside its tolerance, or one that appeared or disappeared.
    public struct Moved: Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var recorded: Double?
        public var measured: Double?
        public var tolerance: Tolerance

        public var description: String {
            func show(_ x: Double?) -> String { x.map { Filters.display(.number($0)) } ?? "absent" }
            return "\(path): \(show(recorded)) → \(show(measured)) (tolerance \(tolerance))"
        }
    }

    /// How far a figure may move: relative for timings, absolute for accuracies, near-exact otherwise.
    public enum Tolerance: Sendable, Equatable, CustomStringConvertible {
        case relative(Double)
        case absolute(Double)
        /// Not compared: how long a step took, and the spread of timings, are noise.
        case ignored

        /// Timings vary run to run and machine to machine; accuracies move in the last digits
        /// when float sums are ordered differently (another CPU); the rest is deterministic.
        public static func of(_ field: String) -> Tolerance {
            let name = field.lowercased()
            // How long a step's own work took (training, classifying, converting) is noise, not a
            // result; only what a benchmark measures (`_ms`, `_us`, …) is compared.
            if name == "seconds_to_run" || name == "seconds" || name.hasPrefix("std_") { return .ignored }
            if ["seconds", "_ms", "_us", "per_second", "speedup", "latency"].contains(where: name.contains) { return .relative(0.5) }
            if name.contains("accuracy") || name.contains("loss") { return .absolute(0.005) }
            return .relative(1e-6)
        }

        func allows(_ a: Double, _ b: Double) -> Bool {
            if a == b || (a.isNaN && b.isNaN) { return true }
            switch self {
            case .relative(let r): return abs(a - b) <= r * max(abs(a), abs(b))
            case .absolute(let d): return abs(a - b) <= d
            case .ignored: return true
            }
        }

        public var description: String {
            switch self {
            case .relative(let r): return "±" + String(format: "%g", r * 100) + "%"
            case .absolute(let d): return "±" + String(format: "%g", d)
            case .ignored: return "not compared"
            }
        }
    }

    public var moved: [Moved]
    /// Numbers compared in all.
    public var compared: Int

    /// Compares the numeric fields of every recorded step with the same step's new result.
    public init(recorded: [StepRecord], measured: [String: StepRecord]) {
        var moved: [Moved] = []
        var compared = 0
        for record in recorded {
            // Fields that repeat figures reported elsewhere in the result are compared once, there.
            let repeated = StepRegistry.standard.step(named: record.step)?.results.fields.filter(\.repeats).map(\.name) ?? []
            func figures(_ r: StepRecord) -> [String: Double] {
                var fields = r.result.fields
                for name in repeated { fields[name] = nil }
                return Self.numbers(.record(fields), prefix: record.id)
            }
            let old = figures(record)
            let new = measured[record.id].map(figures) ?? [:]
            for path in Set(old.keys).union(new.keys).sorted() {
                let tolerance = Tolerance.of(String(path.split(separator: ".").last ?? ""))
                if tolerance == .ignored { continue }
                compared += 1
                if let a = old[path], let b = new[path], tolerance.allows(a, b) { continue }
                moved.append(Moved(path: path, recorded: old[path], measured: new[path], tolerance: tolerance))
            }
        }
        self.moved = moved
        self.compared = compared
    }

    /// Every number under `value` by its dotted path (`compare.int8.accuracy`, `history.loss[2]`).
    static func numbers(_ value: Value, prefix: String) -> [String: Double] {
        switch value {
        case .number(let x): return [prefix: x]
        case .record(let r):
            return r.pairs.reduce(into: [:]) { out, pair in out.merge(numbers(pair.value, prefix: "\(prefix).\(pair.key)")) { a, _ in a } }
        case .list(let l):
            return l.enumerated().reduce(into: [:]) { out, item in out.merge(numbers(item.element, prefix: "\(prefix)[\(item.offset)]")) { a, _ in a } }
        default: return [:]
        }
    }
}
