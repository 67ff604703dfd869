import LabData
import LabDocument

/// Helpers the steps share for values that are literals or expressions.
extension RunContext {
    /// A literal number, or the value of an expression string.
    func value(of v: Value, at location: SourceLocation) throws -> Value {
        guard case .string(let source) = v else { return v }
        return try evaluate(try Expr.parse(source, at: location))
    }

    /// A literal number, or a number computed by an expression string.
    func number(of v: Value, at location: SourceLocation, what: String) throws -> Double {
        let x = try value(of: v, at: location)
        guard let n = x.number else { throw StepFailure("\(what) must be a number, got \(x.kindName)") }
        return n
    }

    /// A list of numbers: an expression that gives a list, or a list of literals/expressions.
    func numbers(of v: Value, at location: SourceLocation, what: String) throws -> [Double] {
        let items: [Value]
        if case .list(let l) = v { items = l } else if case .list(let l) = try value(of: v, at: location) { items = l } else {
            throw StepFailure("\(what) must be a list of numbers")
        }
        return try items.map { try number(of: $0, at: location, what: what) }
    }

    /// A string with `{{ }}` spans filled in.
    func text(_ template: String, at location: SourceLocation) throws -> String {
        guard template.contains("{{") else { return template }
        var out = ""
        for part in try Template.parse(template, at: location).parts {
            switch part {
            case .text(let t): out += t
            case .value(let e, _): out += Filters.display(try evaluate(e))
            }
        }
        return out
    }
}

extension Parameters {
    /// The data set parameter `key` names, else the lab's `dataset`, else MNIST.
    func datasetKind(_ key: String = "dataset", labParams: Record) throws -> DatasetKind {
        let name = string(key) ?? labParams["dataset"]?.string ?? DatasetKind.mnist.rawValue
        guard let kind = DatasetKind(rawValue: name) else {
            throw StepFailure("unknown data set '\(name)'",
                              hint: "one of: " + DatasetKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return kind
    }

    /// `datasetKind` as the list a step's `datasets` returns (empty when the name is unknown: the step then fails).
    func datasets(_ key: String = "dataset", labParams: Record) -> [DatasetKind] {
        (try? datasetKind(key, labParams: labParams)).map { [$0] } ?? []
    }

    /// Items of a list parameter, each with its location.
    func items(_ name: String) -> [(Value, SourceLocation)] {
        guard let l = list(name) else { return [] }
        return l.enumerated().map { ($1, directive.keyLocations["\($0)"] ?? location(of: name)) }
    }
}

/// Expression strings found in nested parameter values, for the planner's name checks.
func expressionStrings(_ v: Value?, at location: SourceLocation) -> [(source: String, location: SourceLocation)] {
    switch v {
    case .string(let s)?: return s.contains("{{") ? [] : [(s, location)]
    case .list(let l)?: return l.flatMap { expressionStrings($0, at: location) }
    default: return []
    }
}
