import LabDocument

/// What each directive's result will hold, known before anything runs: the step's declared
/// fields plus the ids its per-model fields are keyed by. Lint checks `ID.FIELD` paths and
/// filter names against it.
struct ResultCatalog: Sendable {
    struct Entry: Sendable {
        var step: String
        var fields: ResultFields
        /// The ids named by the per-entry parameter (`models: [f32, int8]`).
        var entryIDs: [String]
    }
    var entries: [String: Entry] = [:]

    init() {}

    init(_ directives: [Directive], registry: StepRegistry) {
        for d in directives {
            guard let step = registry.step(named: d.step) else { continue }
            var ids: [String] = []
            if let parameter = step.results.perEntry?.parameter, let v = d.body.record?[parameter] {
                ids = v.list?.compactMap(\.string) ?? v.string.map { [$0] } ?? []
            }
            entries[d.id] = Entry(step: d.step, fields: step.results, entryIDs: ids)
        }
    }

    /// Problems with the result fields and filters an expression reads, each at the name.
    func check(_ references: [ExprReference]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for reference in references {
            switch reference {
            case .path(let path): out += check(path)
            case .filter(let name, let location):
                guard !Filters.names.contains(name) else { continue }
                let close = Filters.suggestion(for: name)
                out.append(Diagnostic(location, "unknown filter '\(name)'" + Self.mean(close),
                                      hint: close == nil ? "filters: " + Filters.names.joined(separator: ", ") : nil))
            case .function(let name, let location):
                guard !Evaluator.functionNames.contains(name) else { continue }
                let close = Suggest.closest(to: name, in: Evaluator.functionNames)
                out.append(Diagnostic(location, "unknown function '\(name)'" + Self.mean(close),
                                      hint: close == nil ? "functions: " + Evaluator.functionNames.joined(separator: ", ") : nil))
            }
        }
        return out
    }

    private func check(_ path: [ExprReference.Part]) -> [Diagnostic] {
        guard let root = path.first?.key, let entry = entries[root], path.count > 1, let field = path[1].key else { return [] }
        let declared = ResultFields.common + entry.fields.fields
        if declared.contains(where: { $0.name == field }) { return [] }
        if let per = entry.fields.perEntry, entry.entryIDs.contains(field) {
            guard path.count > 2, let sub = path[2].key, !per.fields.contains(where: { $0.name == sub }) else { return [] }
            let close = ResultFields.suggestion(for: sub, in: per.fields)
            return [Diagnostic(path[2].location, "'\(root).\(field)' (\(entry.step)) has no result field '\(sub)'" + Self.mean(close),
                               hint: "fields per model: " + per.fields.map(\.name).joined(separator: ", "))]
        }
        if entry.fields.open != nil { return [] }
        if let per = entry.fields.perEntry, per.fields.contains(where: { $0.name == field }) {
            let models = entry.entryIDs.isEmpty ? "" : " (MODEL: \(entry.entryIDs.joined(separator: ", ")))"
            return [Diagnostic(path[1].location, "'\(root)' (\(entry.step)) reports '\(field)' per model: write \(root).MODEL.\(field)\(models)")]
        }
        let close = ResultFields.suggestion(for: field, in: declared)
        var hint = "fields of \(entry.step): " + declared.map(\.name).joined(separator: ", ")
        if let per = entry.fields.perEntry { hint += "; per model (\(root).MODEL.FIELD): " + per.fields.map(\.name).joined(separator: ", ") }
        return [Diagnostic(path[1].location, "'\(root)' (\(entry.step)) has no result field '\(field)'" + Self.mean(close), hint: hint)]
    }

    private static func mean(_ name: String?) -> String { name.map { " (did you mean '\($0)'?)" } ?? "" }
}
