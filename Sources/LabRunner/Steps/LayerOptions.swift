import LabDocument

/// One item of a layer list (`- flatten` or `- conv2d: {filters: 16, kernel: 3}`) with readers
/// for its options; shared by `train` (`model:`) and `model_size` (`layers:`), so both accept
/// the same YAML and word their errors the same way.
struct LayerOptions {
    /// The layer kind, e.g. `conv2d`.
    var name: String
    /// "layer 2 (conv2d)", the prefix of every message.
    var layer: String
    var options: Record
    /// The step parameter the list came from, where errors are reported.
    var key: String

    init(_ item: Value, index: Int, key: String) throws {
        self.key = key
        switch item {
        case .string(let s): (name, options) = (s, Record())
        case .record(let r) where r.count == 1:
            name = r.keys[0]
            switch r[name] {
            case .record(let o)?: options = o
            case .null?, nil: options = Record()
            case let other?:
                throw ParameterProblem(key: key, message: "layer \(index + 1) (\(name)): options must be a mapping, got \(other.kindName)")
            }
        default:
            throw ParameterProblem(key: key, message: "layer \(index + 1) must be a name or a one-key mapping like conv2d: {filters: 16, kernel: 3}")
        }
        layer = "layer \(index + 1) (\(name))"
    }

    func problem(_ message: String, hint: String? = nil) -> ParameterProblem {
        ParameterProblem(key: key, message: "\(layer): \(message)", hint: hint)
    }

    func allow(_ keys: [String]) throws {
        guard let unknown = options.keys.first(where: { !keys.contains($0) }) else { return }
        let hint = Suggest.closest(to: unknown, in: keys).map { "did you mean '\($0)'? " } ?? ""
        throw problem("unknown option '\(unknown)'",
                      hint: keys.isEmpty ? "this layer takes no options" : hint + "options: " + keys.joined(separator: ", "))
    }

    func positive(_ key: String, default fallback: Int?) throws -> Int {
        guard let v = options[key] else {
            guard let fallback else { throw problem("'\(key)' is required") }
            return fallback
        }
        guard let x = v.number, x >= 1, x == x.rounded(), x <= 1_000_000 else {
            throw problem("'\(key)' must be a positive whole number")
        }
        return Int(x)
    }

    /// `padding: same` → true, `valid` (the default) → false.
    func samePadding() throws -> Bool {
        switch options["padding"]?.string ?? "valid" {
        case "same": return true
        case "valid": return false
        default: throw problem("'padding' must be same or valid")
        }
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let v = options[key] else { return fallback }
        guard let b = v.bool else { throw problem("'\(key)' must be true or false") }
        return b
    }
}
