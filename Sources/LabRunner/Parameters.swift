import LabDocument

/// A directive's parameters after resolution (body > `--set` > front matter > step default),
/// already checked against the step's `ParameterSpec`s.
public struct Parameters: Sendable {
    public var directive: Directive
    public var values: Record
    /// Where each value came from in the lab file (body key, front matter, or the fence line).
    public var locations: [String: SourceLocation]

    public init(directive: Directive, values: Record, locations: [String: SourceLocation]) {
        self.directive = directive
        self.values = values
        self.locations = locations
    }

    public var id: String { directive.id }
    public func location(of name: String) -> SourceLocation { locations[name] ?? directive.location }
    /// Where a nested value was written (`rows.0.2`, `items.1.answer`), else its nearest
    /// enclosing value, else the parameter.
    public func location(at path: String) -> SourceLocation {
        directive.valueLocations.enclosing(path) ?? location(of: String(path.prefix { $0 != "." }))
    }
    public func value(_ name: String) -> Value? { values[name].flatMap { $0 == .null ? nil : $0 } }
    /// Integers were range-checked by the planner; the checked conversion keeps this safe anyway.
    public func int(_ name: String) -> Int? { value(name).flatMap { LabInteger.exact($0, in: Int.min...Int.max) } }
    public func number(_ name: String) -> Double? { value(name)?.number }
    public func string(_ name: String) -> String? { value(name)?.string }
    public func bool(_ name: String) -> Bool? { value(name)?.bool }
    public func list(_ name: String) -> [Value]? { value(name)?.list }
}

extension Dictionary where Key == String, Value == SourceLocation {
    /// Where the value at `path` (`rows.0.2`) was written, else its nearest enclosing value
    /// (`rows.0`, `rows`), else nil.
    func enclosing(_ path: String) -> SourceLocation? {
        var p = Substring(path)
        while true {
            if let at = self[String(p)] { return at }
            guard let dot = p.lastIndex(of: ".") else { return nil }
            p = p[..<dot]
        }
    }
}
