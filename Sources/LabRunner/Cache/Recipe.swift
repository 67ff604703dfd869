import Checksum
import LabData
import LabDocument

/// Everything a step's result depends on, as named parts. The cache key is their hash; the
/// parts themselves are kept so `--explain` can say which one changed.
///
/// Parts: `labrun` (the version), `engine` (the hash of the code that computes results), `step`, `param NAME` (every resolved parameter but `show`,
/// which only the renderer reads), `lab param NAME` (front-matter values the step reads or its
/// body names as `params.NAME`), `uses ID` (the digest of each upstream result, so a re-run
/// upstream makes its dependents run), `data KIND` and `file PATH` (the content hash of each
/// data set and file the step reads).
/// The prose is never part of a recipe: editing a sentence re-runs nothing.
public struct Recipe: Sendable, Equatable, Codable {
    public var parts: [String: String]

    public init(parts: [String: String]) { self.parts = parts }

    /// The cache key: SHA-256 of the parts, sorted by name.
    public var key: String {
        SHA256.hex(of: Array(parts.keys.sorted().map { "\($0)\t\(parts[$0] ?? "")\n" }.joined().utf8))
    }

    /// The recipe of `planned`, given the digests of the results it uses and of its data sets.
    static func of(_ planned: PlannedStep, labParams: Record, uses: [String: String],
                   data: [DatasetKind: String], files: [String: String] = [:]) -> Recipe {
        var parts = ["labrun": LabRunVersion.current, "engine": LabRunVersion.engine, "step": planned.step.name]
        for (name, value) in planned.parameters.values.pairs where name != "show" {
            parts["param \(name)"] = value.canonicalText
        }
        let read = planned.labParamsNamed.union(planned.step.labParameters)
        for name in labParams.keys where read.contains(name) {
            parts["lab param \(name)"] = labParams[name]?.canonicalText
        }
        for (id, digest) in uses { parts["uses \(id)"] = digest }
        for (kind, digest) in data { parts["data \(kind.rawValue)"] = digest }
        for (path, digest) in files { parts["file \(path)"] = digest }
        return Recipe(parts: parts)
    }

    /// Why `self` differs from `earlier`, one phrase per changed part, e.g. "'epochs' changed (5 → 3)".
    public func changes(since earlier: Recipe) -> [String] {
        let names = Set(parts.keys).union(earlier.parts.keys).sorted { Self.order($0) < Self.order($1) }
        let changed = names.filter { parts[$0] != earlier.parts[$0] }
        // Upstream results that changed make one phrase: "'f16' and 'f32', which it uses, changed".
        let upstream = changed.filter { $0.hasPrefix("uses ") && parts[$0] != nil && earlier.parts[$0] != nil }
        var out = changed.filter { !upstream.contains($0) }.map { Self.phrase($0, from: earlier.parts[$0], to: parts[$0]) }
        if !upstream.isEmpty {
            let ids = upstream.map { "'\($0.dropFirst(5))'" }
            let list = ids.count == 1 ? ids[0] : ids.dropLast().joined(separator: ", ") + " and " + ids[ids.count - 1]
            out.append("\(list), which it uses, changed")
        }
        return out
    }

    private static func order(_ name: String) -> (Int, String) {
        let rank = ["labrun", "engine", "step", "param", "lab", "data", "file", "uses"].firstIndex { name.hasPrefix($0) } ?? 9
        return (rank, name)
    }

    private static func phrase(_ name: String, from old: String?, to new: String?) -> String {
        func change(_ what: String) -> String {
            guard let old, let new else { return new == nil ? "\(what) removed" : "\(what) added" }
            let short = old.count <= 24 && new.count <= 24
            return short ? "\(what) changed (\(old) → \(new))" : "\(what) changed"
        }
        let (kind, rest) = name.firstIndex(of: " ").map { (String(name[..<$0]), String(name[name.index(after: $0)...])) }
            ?? (name, "")
        switch kind {
        case "labrun": return change("labrun's version")
        case "engine": return "labrun's engine changed"
        case "step": return change("the step")
        case "param": return change("'\(rest)'")
        case "lab": return change("lab parameter '\(rest.replacingOccurrences(of: "param ", with: ""))'")
        case "data": return old == nil || new == nil ? change("data set \(rest)") : "data set \(rest) changed"
        case "file": return old == nil || new == nil ? change("file \(rest)") : "file \(rest) changed"
        default: return change("'\(rest)', which it uses,")
        }
    }
}

/// The versions recorded in every cache key and lock file.
public enum LabRunVersion {
    /// The release, for people.
    public static let current = "0.7.0"
    /// The code that computes results: the SHA-256 of the engine targets' and LabRunner/Steps'
    /// sources, made at build time. Any change to that code changes every recipe, so results
    /// of the old code are recomputed; no version has to be bumped by hand.
    public static let engine = EngineSources.sha256

    /// What is left when the engine parts are set aside: `--frozen` compares these to say
    /// whether the *lab* changed since a result was recorded (the engine is reported apart).
    static func withoutVersions(_ recipe: Recipe) -> Recipe {
        Recipe(parts: recipe.parts.filter { $0.key != "labrun" && $0.key != "engine" })
    }
}

extension Value {
    /// One stable text per value: mappings with sorted keys, numbers in shortest round-trip form.
    var canonicalText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case .string(let s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .list(let l): return "[" + l.map(\.canonicalText).joined(separator: ", ") + "]"
        case .record(let r):
            return "{" + r.keys.sorted().map { "\($0): \(r[$0]?.canonicalText ?? "null")" }.joined(separator: ", ") + "}"
        }
    }
}
