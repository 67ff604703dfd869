import LabDocument

/// Resolves one directive's parameters (`--set ID.NAME` > body > lab parameter > default),
/// checks their types and references, and finds the directives it depends on.
struct ParameterChecker {
    let directive: Directive
    let step: any Step.Type
    let labParams: Record
    let paramLocations: [String: SourceLocation]
    let byID: [String: Directive]
    let overrides: [Override]
    /// The fields each directive's result will have, to check `ID.FIELD` and filters.
    let results: ResultCatalog
    /// The body as written, to report names in its values where they are written.
    let writtenBody: WrittenBody
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var dependencies: [String] = []
    /// Lab parameters the body's expressions name as `params.NAME`.
    private(set) var labParamsNamed: Set<String> = []

    /// Keys every directive accepts.
    static let commonKeys: [ParameterSpec] = [
        ParameterSpec("show", .choice(["result", "none", "source+result"]), default: "result",
                      help: "what replaces the block in the page"),
        ParameterSpec("caption", .string, default: .null, help: "text under the rendered result"),
    ]

    init(directive: Directive, step: any Step.Type, labParams: Record, paramLocations: [String: SourceLocation],
         byID: [String: Directive], overrides: [Override], results: ResultCatalog = ResultCatalog()) {
        self.results = results
        self.writtenBody = WrittenBody(directive)
        self.directive = directive
        self.step = step
        self.labParams = labParams
        self.paramLocations = paramLocations
        self.byID = byID
        self.overrides = overrides
    }

    mutating func resolve() -> Parameters {
        let specs = step.parameters + Self.commonKeys
        var body = Record()
        var bodyLocations = directive.keyLocations
        switch directive.body {
        case .record(let r): body = r
        case .null: break
        case .list(let l):
            // A list body (assert, claim, quiz) is the step's `items`.
            body["items"] = .list(l)
            bodyLocations["items"] = directive.bodyLocation
        default:
            error(directive.bodyLocation, "the body of a '\(directive.step)' directive must be a YAML mapping, got \(directive.body.kindName)")
        }
        for key in body.keys where !specs.contains(where: { $0.name == key }) {
            let hint = Suggest.closest(to: key, in: specs.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            error(bodyLocations[key] ?? directive.bodyLocation, "unknown key '\(key)' for step '\(step.name)'\(hint)",
                  hint: hint.isEmpty ? "keys of '\(step.name)': \(specs.map(\.name).joined(separator: ", "))" : nil)
        }
        var values = Record()
        var locations: [String: SourceLocation] = [:]
        for spec in specs {
            let value: Value?
            var at = directive.location
            if let o = overrides.last(where: { $0.name == spec.name }) {
                value = o.value
            } else if let v = body[spec.name] {
                value = v
                // A scalar's problems point at the value itself; a collection's at its key.
                let valueAt = v.list == nil && v.record == nil ? directive.valueLocations[spec.name] : nil
                at = valueAt ?? bodyLocations[spec.name] ?? directive.bodyLocation
            } else if let v = labParams[spec.name] {
                value = v
                at = paramLocations[spec.name] ?? directive.location
            } else {
                value = spec.defaultValue
            }
            guard let value else {
                error(directive.location, "'\(step.name)' needs '\(spec.name)': \(spec.help)")
                continue
            }
            locations[spec.name] = at
            if value != .null {
                check(spec, value, at: at, elementLocations: spec.name == "items" ? directive.keyLocations : [:])
                if case .any = spec.kind, let shape = spec.shape {
                    var shapes = ShapeChecker(locations: directive.valueLocations, fallback: at)
                    shapes.check(value, shape, path: spec.name)
                    diagnostics += shapes.diagnostics
                }
            }
            values[spec.name] = value
        }
        let typeProblems = diagnostics.count
        // `{{ }}` anywhere in strings of the body, each at its own line and column.
        switch directive.body {
        case .record(let r): for (k, v) in r.pairs { scanTemplates(v, path: k) }
        case .list(let l): for (i, v) in l.enumerated() { scanTemplates(v, path: "items.\(i)") }
        default: break
        }
        let params = Parameters(directive: directive, values: values, locations: locations)
        // Nested expressions are found by the step, which needs the body's shapes right.
        if typeProblems == 0 {
            for (source, at) in step.nestedExpressions(params) { expression(source, at: at) }
        }
        return params
    }

    mutating func check(_ spec: ParameterSpec, _ value: Value, at: SourceLocation, elementLocations: [String: SourceLocation]) {
        let name = spec.name
        func got() -> String { Self.describe(value) }
        switch spec.kind {
        case .integer(let lo, let hi):
            guard LabInteger.exact(value, in: lo...hi) != nil else {
                return error(at, LabInteger.problem(name, lo...hi, got: value), hint: ShapeChecker.hint(for: value))
            }
        case .number(let lo, let hi):
            guard case .number(let x) = value, x.isFinite, lo.map({ x >= $0 }) ?? true, hi.map({ x <= $0 }) ?? true
            else { return error(at, "'\(name)' must be \(Self.numberPhrase(lo, hi)), got \(got())", hint: ShapeChecker.hint(for: value)) }
        case .string:
            guard case .string = value else { return error(at, "'\(name)' must be text, got \(got())") }
        case .bool:
            guard case .bool = value else { return error(at, "'\(name)' must be true or false, got \(got())", hint: ShapeChecker.hint(for: value)) }
        case .choice(let options):
            guard case .string(let s) = value, options.contains(s) else {
                let hint = value.string.flatMap { Suggest.closest(to: $0, in: options) }.map { " (did you mean '\($0)'?)" } ?? ""
                return error(at, "'\(name)' must be one of \(options.joined(separator: ", ")), got \(got())\(hint)")
            }
        case .reference(let kinds):
            reference(value, kinds: kinds, name: name, at: at)
        case .references(let kinds):
            guard case .list(let items) = value else { return error(at, "'\(name)' must be a list of ids, got \(got())") }
            for item in items { reference(item, kinds: kinds, name: name, at: at) }
        case .expression:
            if case .string(let s) = value { expression(s, at: at) }
        case .expressions:
            guard case .list(let items) = value else {
                return error(at, "'\(name)' must be a list of expressions, got \(got())")
            }
            for (i, item) in items.enumerated() {
                let itemAt = elementLocations["\(i)"] ?? at
                if case .string(let s) = item { expression(s, at: itemAt) }
                else if case .record = item {} // structured items are checked by the step
                else if item.number == nil { error(itemAt, "expected an expression, got \(Self.describe(item))") }
            }
        case .any:
            break
        }
    }

    private mutating func reference(_ value: Value, kinds: [String], name: String, at: SourceLocation) {
        guard case .string(let id) = value else { return error(at, "'\(name)' must name a directive id, got \(Self.describe(value))") }
        guard let target = byID[id] else {
            let hint = Suggest.closest(to: id, in: Array(byID.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            return error(at, "'\(name)' refers to '\(id)', but no directive has that id\(hint)")
        }
        if !kinds.isEmpty, !kinds.contains(target.step) {
            return error(at, "'\(name)' must name a \(kinds.joined(separator: " or ")) step; '\(id)' is a \(target.step) step")
        }
        if id == directive.id { return error(at, "'\(name)' refers to the directive itself") }
        if !dependencies.contains(id) { dependencies.append(id) }
    }

    private mutating func expression(_ source: String, at: SourceLocation) {
        do {
            let (locator, exact) = valueLocator(of: source, at: at)
            let parsed = try Expr.parse(source, locatedBy: locator)
            addNames(of: parsed.expression, references: parsed.references, exact: exact, at: at)
        } catch {
            diagnostics.append(error)
        }
    }

    /// Where the bytes of a body value starting at `at` were written; when that is not known
    /// (`exact` false), names are reported at the value's start.
    private func valueLocator(of value: String, at: SourceLocation) -> (TextLocator, exact: Bool) {
        if let locator = writtenBody.locator(ofValue: value, at: at) { return (locator, true) }
        return (TextLocator(start: at), false)
    }

    /// `exact` false: the references' positions are guesses, so each is reported at `at`.
    private mutating func addNames(of e: Expr, references: [ExprReference], exact: Bool, at: SourceLocation) {
        let located = exact ? references : references.map { $0.moved(to: at) }
        diagnostics += NameCheck.check(located, byID: byID, labParams: labParams, results: results)
        let names = e.rootNames
        for name in names where name.hasPrefix("params.") { labParamsNamed.insert(String(name.dropFirst(7))) }
        for name in names where !name.hasPrefix("params") && byID[name] != nil && name != directive.id {
            if !dependencies.contains(name) { dependencies.append(name) }
        }
    }

    private mutating func scanTemplates(_ value: Value, path: String) {
        switch value {
        case .string(let s) where s.contains("{{"):
            let at = directive.valueLocations[path] ?? directive.bodyLocation
            do {
                let (locator, exact) = valueLocator(of: s, at: at)
                let t = try Template.parse(s, locatedBy: locator)
                for (e, references) in zip(t.expressions, t.references) {
                    addNames(of: e, references: references, exact: exact, at: at)
                }
            } catch {
                diagnostics.append(error)
            }
        case .list(let l):
            for (i, v) in l.enumerated() { scanTemplates(v, path: "\(path).\(i)") }
        case .record(let r):
            for (k, v) in r.pairs { scanTemplates(v, path: "\(path).\(k)") }
        default: break
        }
    }

    private mutating func error(_ at: SourceLocation, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(at, message, hint: hint))
    }

    static func describe(_ v: Value) -> String {
        switch v {
        case .string(let s): return "\"\(s)\""
        case .number: return Filters.display(v)
        default: return v.kindName
        }
    }

    static func numberPhrase(_ lo: Double?, _ hi: Double?) -> String {
        switch (lo, hi) {
        case (let a?, let b?): return "a number from \(Filters.display(.number(a))) to \(Filters.display(.number(b)))"
        case (let a?, nil): return "a number ≥ \(Filters.display(.number(a)))"
        case (nil, let b?): return "a number ≤ \(Filters.display(.number(b)))"
        default: return "a number"
        }
    }
}
