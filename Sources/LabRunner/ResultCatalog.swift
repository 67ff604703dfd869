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

    /// Problems with the result fields and filters `e` uses.
    func check(_ e: Expr, at location: SourceLocation) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for path in e.paths {
            guard case .name(let root)? = path.first, let entry = entries[root], path.count > 1,
                  let field = Self.key(path[1]) else { continue }
            let declared = ResultFields.common + entry.fields.fields
            if declared.contains(where: { $0.name == field }) { continue }
            if let per = entry.fields.perEntry, entry.entryIDs.contains(field) {
                guard path.count > 2, let sub = Self.key(path[2]), !per.fields.contains(where: { $0.name == sub }) else { continue }
                let close = ResultFields.suggestion(for: sub, in: per.fields)
                out.append(Diagnostic(location, "'\(root).\(field)' (\(entry.step)) has no result field '\(sub)'" + Self.mean(close),
                                      hint: "fields per model: " + per.fields.map(\.name).joined(separator: ", ")))
                continue
            }
            if entry.fields.open != nil { continue }
            if let per = entry.fields.perEntry, per.fields.contains(where: { $0.name == field }) {
                let models = entry.entryIDs.isEmpty ? "" : " (MODEL: \(entry.entryIDs.joined(separator: ", ")))"
                out.append(Diagnostic(location, "'\(root)' (\(entry.step)) reports '\(field)' per model: write \(root).MODEL.\(field)\(models)"))
                continue
            }
            let close = ResultFields.suggestion(for: field, in: declared)
            var hint = "fields of \(entry.step): " + declared.map(\.name).joined(separator: ", ")
            if let per = entry.fields.perEntry { hint += "; per model (\(root).MODEL.FIELD): " + per.fields.map(\.name).joined(separator: ", ") }
            out.append(Diagnostic(location, "'\(root)' (\(entry.step)) has no result field '\(field)'" + Self.mean(close), hint: hint))
        }
        for name in e.filterNames where !Filters.names.contains(name) {
            let close = Filters.suggestion(for: name)
            out.append(Diagnostic(location, "unknown filter '\(name)'" + Self.mean(close),
                                  hint: close == nil ? "filters: " + Filters.names.joined(separator: ", ") : nil))
        }
        return out
    }

    private static func mean(_ name: String?) -> String { name.map { " (did you mean '\($0)'?)" } ?? "" }

    /// The key a path component reads: `.name` or a string index (`sizes["Small MNIST"]`).
    private static func key(_ c: Expr.PathComponent) -> String? {
        switch c {
        case .name(let n): return n
        case .index(.string(let s)): return s
        default: return nil
        }
    }
}

extension Expr {
    /// Every path in the expression (`[baseline, test_accuracy]`), index expressions included.
    var paths: [[PathComponent]] {
        var out: [[PathComponent]] = []
        walk { if case .path(let cs) = $0 { out.append(cs) } }
        return out
    }

    /// The names of the filters the expression applies.
    var filterNames: [String] {
        var out: [String] = []
        walk { if case .filter(_, let name, _) = $0 { out.append(name) } }
        return out
    }

    /// Visits every node with an explicit stack: chains of thousands of operators are left-deep.
    private func walk(_ visit: (Expr) -> Void) {
        var pending: [Expr] = [self]
        while let e = pending.popLast() {
            visit(e)
            switch e {
            case .number, .string, .bool: break
            case .path(let cs): for c in cs { if case .index(let i) = c { pending.append(i) } }
            case .unary(_, let x): pending.append(x)
            case .binary(_, let l, let r): pending += [l, r]
            case .call(_, let args): pending += args
            case .filter(let x, _, let args): pending += args + [x]
            case .list(let items): pending += items
            }
        }
    }
}
