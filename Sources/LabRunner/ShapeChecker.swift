import LabDocument

/// Checks a body value against its `ValueShape`, down to the last nested key, reporting every
/// problem at the line and column of the offending value (`Directive.valueLocations`).
struct ShapeChecker {
    /// Where each value of the body starts, by path (`distribution.std`, `rows.0.2`).
    let locations: [String: SourceLocation]
    /// Where to report a value with no location of its own (a lab parameter, a default).
    let fallback: SourceLocation
    private(set) var diagnostics: [Diagnostic] = []

    init(locations: [String: SourceLocation], fallback: SourceLocation) {
        self.locations = locations
        self.fallback = fallback
    }

    /// `rows.0.2` → `rows[0][2]`, `items.1.question` → `items[1].question`.
    static func displayName(_ path: String) -> String {
        path.split(separator: ".").enumerated().map { i, part in
            part.allSatisfy(\.isNumber) ? "[\(part)]" : (i == 0 ? String(part) : ".\(part)")
        }.joined()
    }

    private func location(_ path: String) -> SourceLocation { locations.enclosing(path) ?? fallback }

    private mutating func error(_ path: String, _ message: String, hint: String? = nil) {
        diagnostics.append(Diagnostic(location(path), message, hint: hint))
    }

    /// `within`: the layer a value belongs to (`layer 2 (dense)`), named before the value's own key.
    mutating func check(_ value: Value, _ shape: ValueShape, path: String, within: String? = nil) {
        let key = within == nil ? Self.displayName(path) : String(path.split(separator: ".").last ?? "")
        let name = (within.map { "\($0): " } ?? "") + "'\(key)'"
        func wrong(_ expected: String) {
            error(path, "\(name) must be \(expected), got \(ParameterChecker.describe(value))", hint: Self.hint(for: value))
        }
        switch shape {
        case .number(let lo, let hi):
            guard case .number(let x) = value, x.isFinite, lo.map({ x >= $0 }) ?? true, hi.map({ x <= $0 }) ?? true
            else { return wrong(shape.phrase) }
        case .integer(let lo, let hi):
            guard LabInteger.exact(value, in: lo...hi) != nil else {
                return error(path, (within.map { "\($0): " } ?? "") + LabInteger.problem(key, lo...hi, got: value), hint: Self.hint(for: value))
            }
        case .text:
            switch value { case .string, .number, .bool: break; default: wrong("text") }
        case .bool:
            guard case .bool = value else { return wrong("true or false") }
        case .choice(let options):
            guard case .string(let s) = value, options.contains(s) else {
                let close = value.string.flatMap { Suggest.closest(to: $0, in: options) }.map { " (did you mean '\($0)'?)" } ?? ""
                return error(path, "\(name) must be one of \(options.joined(separator: ", ")), got \(ParameterChecker.describe(value))\(close)")
            }
        case .expression:
            switch value { case .string, .number, .bool: break; default: wrong("an expression or a number") }
        case .numbersOrExpression:
            switch value {
            case .string: break
            case .list(let items):
                for (i, item) in items.enumerated() { check(item, .expression, path: "\(path).\(i)") }
            default: wrong(shape.phrase)
            }
        case .list(let element, let what):
            guard case .list(let items) = value else { return wrong(what) }
            for (i, item) in items.enumerated() { check(item, element, path: "\(path).\(i)") }
        case .record(let fields):
            guard case .record(let r) = value else { return wrong("a mapping") }
            checkRecord(r, fields, path: path, what: name)
        case .oneOf(let shapes):
            guard let fit = shapes.first(where: { Self.kindFits(value, $0) }) else { return wrong(shape.phrase) }
            check(value, fit, path: path)
        case .layers(let kinds):
            guard case .list(let items) = value else { return wrong("a list of layers") }
            if items.isEmpty { error(path, "\(name) has no layers") }
            for (i, item) in items.enumerated() { checkLayer(item, kinds, path: "\(path).\(i)", number: i + 1) }
        }
    }

    private mutating func checkRecord(_ r: Record, _ fields: [ValueShape.Field], path: String, what: String, layer: Bool = false) {
        let names = fields.map(\.name)
        var misspelt: Set<String> = []
        for key in r.keys where !names.contains(key) {
            let close = Suggest.closest(to: key, in: names)
            if let close { misspelt.insert(close) }
            error(locations["\(path).\(key):"] == nil ? "\(path).\(key)" : "\(path).\(key):", "unknown key '\(key)' in \(what)" + (close.map { " (did you mean '\($0)'?)" } ?? ""),
                  hint: close == nil ? "keys: \(names.joined(separator: ", "))" : nil)
        }
        for field in fields {
            guard let v = r[field.name], v != .null else {
                // A misspelt key already said which key was meant.
                if field.required, !misspelt.contains(field.name) { error(path, "\(what) needs '\(field.name)': \(field.help)") }
                continue
            }
            check(v, field.shape, path: "\(path).\(field.name)", within: layer ? what : nil)
        }
    }

    private mutating func checkLayer(_ item: Value, _ kinds: [ValueShape.LayerKind], path: String, number: Int) {
        let kindNames = kinds.map(\.name)
        let parsed: LayerOptions
        do { parsed = try LayerOptions(item, index: number - 1, key: path) } catch {
            // A one-key mapping failed on its options: the error sits at that key.
            let kind = item.record.flatMap { $0.count == 1 ? $0.keys[0] : nil }
            let message = (error as? ParameterProblem)?.message ?? "\(error)"
            return self.error(kind.map { "\(path).\($0)" } ?? path, message, hint: kind.map { "e.g. \($0): {…}" })
        }
        let (name, options) = (parsed.name, parsed.options)
        guard let kind = kinds.first(where: { $0.name == name }) else {
            let close = Suggest.closest(to: name, in: kindNames).map { "did you mean '\($0)'? " } ?? ""
            return error(path, "layer \(number): unknown layer kind '\(name)'", hint: close + "layer kinds: " + kindNames.joined(separator: ", "))
        }
        checkRecord(options, kind.options, path: item.string == nil ? "\(path).\(name)" : path, what: "layer \(number) (\(name))", layer: true)
    }

    /// Whether `value` is of the kind `shape` takes, to pick among `oneOf` alternatives.
    private static func kindFits(_ value: Value, _ shape: ValueShape) -> Bool {
        switch (shape, value) {
        case (.number, .number), (.integer, .number), (.bool, .bool), (.text, .string), (.choice, .string),
             (.list, .list), (.layers, .list), (.record, .record), (.numbersOrExpression, .list),
             (.numbersOrExpression, .string), (.expression, .string), (.expression, .number): return true
        default: return false
        }
    }

    /// What to do when text stands where a value belongs.
    static func hint(for value: Value) -> String? {
        guard case .string(let s) = value else { return nil }
        if s.contains("{{") {
            return "'{{ }}' works only in text (captions, table cells, quiz questions and explanations); write the value itself"
        }
        if s.contains(where: { ".+*/()[".contains($0) }),
           let e = try? Expr.parse(s, at: SourceLocation(file: "", line: 1, column: 1)), !e.rootNames.isEmpty {
            return "a directive value is not an expression: write the value itself (a step parameter left out takes the lab parameter of the same name; --set ID.KEY=VALUE changes one directive)"
        }
        return nil
    }
}
