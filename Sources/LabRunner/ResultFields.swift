import LabDocument

/// One field of a step's result, as `{{ ID.FIELD }}` reads it.
public struct ResultField: Sendable {
    public var name: String
    /// `number`, `text`, `true/false`, `list of numbers`, `mapping`, …
    public var type: String
    /// One line: what the figure is.
    public var help: String
    /// Words an instructor may reach for instead (`rmse` → `max_error`), for "did you mean".
    public var aliases: [String]
    /// The field repeats figures the result reports elsewhere (`evaluate`'s `rows`): `--verify`
    /// compares each figure once.
    public var repeats = false

    public init(_ name: String, _ type: String, _ help: String, aliases: [String] = [], repeats: Bool = false) {
        self.name = name
        self.type = type
        self.help = help
        self.aliases = aliases
        self.repeats = repeats
    }
}

/// Every field a step's result has: declared once per step, so lint rejects a field the step
/// does not report, the reference lists them, and a test holds each step's real result to them.
public struct ResultFields: Sendable {
    public var fields: [ResultField]
    /// Fields reported once per directive a parameter names (`evaluate`'s `models`), read as
    /// `ID.MODEL.FIELD`: `compare.int8.accuracy`.
    public var perEntry: (parameter: String, fields: [ResultField])?
    /// Other top-level keys named by the lab itself (model names, device keys): described here,
    /// not checked by lint.
    public var open: String?

    public init(_ fields: [ResultField], perEntry: (parameter: String, fields: [ResultField])? = nil, open: String? = nil) {
        self.fields = fields
        self.perEntry = perEntry
        self.open = open
    }

    /// `seconds_to_run`: every result has it (added by the runner).
    public static let common = [ResultField("seconds_to_run", "number", "how long the step took to run, in seconds")]

    /// The field `name` most likely meant: an alias first, then a close spelling.
    public static func suggestion(for name: String, in fields: [ResultField]) -> String? {
        if let f = fields.first(where: { $0.aliases.contains(name.lowercased()) }) { return f.name }
        return Suggest.closest(to: name, in: fields.map(\.name))
    }
}
