import LabDocument

extension ParameterChecker {
    /// What is wrong with this directive's `--set ID.NAME=VALUE`s, as plain command-line
    /// messages naming the argument: an unknown key (with the closest one), or a value the
    /// key's own check refuses. Checked with the same rules as a value in the body.
    mutating func overrideProblems() -> [String] {
        let specs = step.parameters + Self.commonKeys
        var problems: [String] = []
        for o in overrides {
            let argument = "--set \(directive.id).\(o.name)"
            guard let spec = specs.first(where: { $0.name == o.name }) else {
                let names = specs.map(\.name)
                let hint = Suggest.closest(to: o.name, in: names).map { " (did you mean '\($0)'?)" }
                    ?? " (keys of '\(step.name)': \(names.joined(separator: ", ")))"
                problems.append("\(argument): step '\(step.name)' has no key '\(o.name)'\(hint)")
                continue
            }
            let before = diagnostics.count
            if o.value != .null { check(spec, o.value, at: directive.location, elementLocations: [:]) }
            problems += diagnostics[before...].map { d in
                "\(argument): \(d.message)" + (d.hint.map { " (hint: \($0))" } ?? "")
            }
        }
        return problems
    }
}
