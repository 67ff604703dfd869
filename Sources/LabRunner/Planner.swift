import LabDocument

/// One directive, checked and ready to run.
public struct PlannedStep: Sendable {
    public var directive: Directive
    public var step: any Step.Type
    public var parameters: Parameters
    /// Ids of the directives whose results this one uses.
    public var dependencies: [String]
    /// Lab parameters its expressions name as `params.NAME` (part of its cache key).
    public var labParamsNamed: Set<String> = []
}

/// The checked lab: steps in a runnable order, or every problem found.
public struct Plan: Sendable {
    public var steps: [PlannedStep]
    public var labParams: Record
    public var diagnostics: [Diagnostic]
}

/// A `--set` from the command line: a lab parameter, or `id.name` for one directive.
public struct Override: Sendable, Equatable {
    public var directiveID: String?
    public var name: String
    public var value: Value

    public init(directiveID: String?, name: String, value: Value) {
        self.directiveID = directiveID
        self.name = name
        self.value = value
    }

    /// Parses `NAME=VALUE` or `ID.NAME=VALUE`; the value is a YAML scalar.
    public init?(_ text: String) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else { return nil }
        let key = text[..<eq]
        value = Value(yaml: String(text[text.index(after: eq)...]))
        if let dot = key.lastIndex(of: ".") {
            directiveID = String(key[..<dot])
            name = String(key[key.index(after: dot)...])
        } else {
            directiveID = nil
            name = String(key)
        }
        if name.isEmpty || directiveID == "" { return nil }
    }
}

/// Checks a document completely before anything runs: steps, keys, types, references,
/// expressions and cycles. Never stops at the first problem.
public struct Planner {
    public var registry: StepRegistry

    public init(registry: StepRegistry = .standard) { self.registry = registry }

    /// Problems with `--set` itself (exit 64), separate from problems in the lab text.
    public func checkOverrides(_ overrides: [Override], in document: Document) -> [String] {
        var problems: [String] = []
        let ids = document.directives.map(\.id)
        for o in overrides {
            if let id = o.directiveID {
                if !ids.contains(id) {
                    let hint = Suggest.closest(to: id, in: ids).map { " (did you mean '\($0)'?)" } ?? ""
                    problems.append("--set \(id).\(o.name): no directive has the id '\(id)'\(hint)")
                }
            } else if document.params[o.name] == nil {
                let known = document.params.keys
                let hint = Suggest.closest(to: o.name, in: known).map { " (did you mean '\($0)'?)" }
                    ?? " (the lab's parameters: \(known.joined(separator: ", ")))"
                problems.append("--set \(o.name): the lab has no parameter '\(o.name)'\(hint)")
            } else if let problem = labParameterProblem(o.name, o.value) {
                problems.append(problem)
            }
        }
        return problems + directiveOverrideProblems(overrides, in: document)
    }

    /// `--set ID.NAME=VALUE` for directives that exist: the key must be the step's, and the
    /// value pass the key's check (the plan would otherwise blame the directive's line).
    private func directiveOverrideProblems(_ overrides: [Override], in document: Document) -> [String] {
        let byID = Dictionary(document.directives.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        for directive in document.directives {
            let mine = overrides.filter { $0.directiveID == directive.id }
            guard !mine.isEmpty, byID[directive.id]?.location == directive.location,
                  let step = registry.step(named: directive.step) else { continue }
            var checker = ParameterChecker(directive: directive, step: step, labParams: document.params,
                                           paramLocations: document.paramLocations, byID: byID, overrides: mine)
            problems += checker.overrideProblems()
        }
        return problems
    }

    /// The checked lab parameters that steps read directly (`calibration_samples`).
    private var labParameterSpecs: [String: ParameterSpec] {
        var specs: [String: ParameterSpec] = [:]
        for name in registry.names {
            for spec in registry.step(named: name)?.labParameterSpecs ?? [] { specs[spec.name] = spec }
        }
        return specs
    }

    /// What is wrong with a lab parameter's value, for the ones steps read as integers.
    private func labParameterProblem(_ name: String, _ value: Value) -> String? {
        guard value != .null, case .integer(let lo, let hi)? = labParameterSpecs[name]?.kind,
              LabInteger.exact(value, in: lo...hi) == nil else { return nil }
        return LabInteger.problem(name, lo...hi, got: value)
    }

    public func plan(_ document: Document, overrides: [Override] = []) -> Plan {
        var diagnostics = document.diagnostics
        var labParams = document.params
        for (name, value) in document.params.pairs where !overrides.contains(where: { $0.directiveID == nil && $0.name == name }) {
            if let problem = labParameterProblem(name, value) {
                diagnostics.append(Diagnostic(document.paramLocations[name] ?? SourceLocation(file: document.path, line: 1, column: 1), problem))
            }
        }
        for o in overrides where o.directiveID == nil && labParams[o.name] != nil { labParams[o.name] = o.value }

        let directives = document.directives
        let byID = Dictionary(directives.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let results = ResultCatalog(directives, registry: registry)
        var planned: [PlannedStep] = []
        for directive in directives {
            guard let step = registry.step(named: directive.step) else {
                let hint = Suggest.closest(to: directive.step, in: registry.names).map { "did you mean '\($0)'?" }
                var message = "unknown step '\(directive.step)'"
                if let hint { message += " (\(hint))" }
                diagnostics.append(Diagnostic(directive.location, message,
                    hint: hint == nil ? "steps: \(registry.names.joined(separator: ", "))" : nil))
                continue
            }
            var checker = ParameterChecker(directive: directive, step: step, labParams: labParams,
                                           paramLocations: document.paramLocations, byID: byID,
                                           overrides: overrides.filter { $0.directiveID == directive.id }, results: results)
            let parameters = checker.resolve()
            diagnostics += checker.diagnostics
            // A body whose YAML is broken was already reported; checking it further only adds noise.
            let bodyLines = directive.bodyLocation.line...(directive.bodyLocation.line + directive.source.count { $0 == "\n" })
            let brokenBody = document.diagnostics.contains { $0.location.file == directive.location.file && bodyLines.contains($0.location.line) }
            if checker.diagnostics.isEmpty, !brokenBody { diagnostics += step.validate(parameters) }
            planned.append(PlannedStep(directive: directive, step: step, parameters: parameters,
                                       dependencies: checker.dependencies, labParamsNamed: checker.labParamsNamed))
        }
        diagnostics += checkProse(document, byID: byID, labParams: labParams, results: results)
        let (ordered, cycleProblems) = order(planned)
        diagnostics += cycleProblems
        diagnostics.sort { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
        return Plan(steps: ordered, labParams: labParams, diagnostics: diagnostics)
    }

    /// `{{ }}` in prose may only name directives and lab parameters.
    private func checkProse(_ document: Document, byID: [String: Directive], labParams: Record, results: ResultCatalog) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for span in document.valueSpans {
            out += NameCheck.check(span.references, byID: byID, labParams: labParams, results: results)
        }
        return out
    }

    /// Topological order that keeps document order where dependencies allow; reports cycles.
    ///
    /// Depth-first with an explicit stack, not recursion: a lab may chain thousands of steps, and
    /// the recursive walk (which also copied the path at every level) overflowed at 3,000.
    private func order(_ steps: [PlannedStep]) -> ([PlannedStep], [Diagnostic]) {
        let index = Dictionary(steps.enumerated().map { ($1.directive.id, $0) }, uniquingKeysWith: { a, _ in a })
        let dependencies = steps.map { $0.dependencies.compactMap { index[$0] } }
        var state = [UInt8](repeating: 0, count: steps.count)  // 0 new, 1 on the stack, 2 done
        var out: [PlannedStep] = []
        var problems: [Diagnostic] = []
        // Each entry: a step and how many of its dependencies have been looked at.
        var stack: [(step: Int, next: Int)] = []
        for root in steps.indices where state[root] == 0 {
            state[root] = 1
            stack.append((root, 0))
            while let (i, next) = stack.last {
                guard next < dependencies[i].count else {
                    state[i] = 2
                    out.append(steps[i])
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let j = dependencies[i][next]
                if state[j] == 0 {
                    state[j] = 1
                    stack.append((j, 0))
                } else if state[j] == 1, let from = stack.firstIndex(where: { $0.step == j }) {
                    let cycle = (stack[from...].map(\.step) + [j]).map { steps[$0].directive.id }
                    problems.append(Diagnostic(steps[j].directive.location,
                        "dependency cycle: \(cycle.joined(separator: " → "))"))
                }
            }
        }
        return (out, problems)
    }
}

extension Document {
    /// Every `{{ }}` span of the prose, in document order.
    public var valueSpans: [ValueSpan] {
        var out: [ValueSpan] = []
        func inlines(_ xs: [Inline]) {
            for x in xs {
                switch x {
                case .value(let s): out.append(s)
                case .emphasis(let c), .strong(let c), .strikethrough(let c), .link(_, _, let c): inlines(c)
                default: break
                }
            }
        }
        func blocks(_ bs: [Block]) {
            for b in bs {
                switch b.kind {
                case .heading(_, let c), .paragraph(let c): inlines(c)
                case .blockQuote(let c): blocks(c)
                case .list(_, _, _, let items): items.forEach { blocks($0.blocks) }
                case .table(let t):
                    t.header.forEach(inlines)
                    t.rows.forEach { $0.forEach(inlines) }
                case .conditional(let c):
                    out.append(c.condition)
                    blocks(c.then)
                    blocks(c.otherwise)
                default: break
                }
            }
        }
        blocks(self.blocks)
        return out
    }
}

/// Checks that an expression's names exist before anything runs, reporting each at the name.
enum NameCheck {
    /// `byID` is looked up, not searched: a lab with thousands of steps checks each name in O(1).
    static func check(_ references: [ExprReference], byID: [String: Directive], labParams: Record,
                      results: ResultCatalog = ResultCatalog()) -> [Diagnostic] {
        var out: [Diagnostic] = results.check(references)
        for case .path(let path) in references {
            guard let root = path.first, let name = root.key else { continue }
            if name == "params" {
                guard path.count > 1, let p = path[1].key, labParams[p] == nil else { continue }
                let hint = Suggest.closest(to: p, in: labParams.keys).map { " (did you mean 'params.\($0)'?)" } ?? ""
                out.append(Diagnostic(path[1].location, "unknown lab parameter '\(p)'\(hint)"))
            } else if byID[name] == nil {
                let hint = Suggest.closest(to: name, in: byID.keys.sorted() + ["params"]).map { " (did you mean '\($0)'?)" } ?? ""
                out.append(Diagnostic(root.location, "unknown name '\(name)'\(hint)",
                                      hint: hint.isEmpty ? "names are directive ids or params.NAME" : nil))
            }
        }
        return out
    }
}
