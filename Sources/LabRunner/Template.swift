import LabDocument

/// Text with `{{ expr }}` spans, as used in `table` cells, captions and quiz prompts.
public struct Template: Sendable {
    public enum Part: Sendable {
        case text(String)
        case value(Expr, source: String)
    }
    public var parts: [Part]
    /// Where each `{{ }}` span's expression starts, in the order of `expressions`.
    public var locations: [SourceLocation] = []

    /// Parses `text`; `location` is where the text starts in the lab file.
    public static func parse(_ text: String, at location: SourceLocation) throws(Diagnostic) -> Template {
        var parts: [Part] = []
        var locations: [SourceLocation] = []
        var rest = Substring(text)
        var column = location.column
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            column += rest[..<open.lowerBound].utf8.count
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                var at = location
                at.column = column
                throw Diagnostic(at, "unterminated '{{': expected '}}'")
            }
            let source = String(afterOpen[..<close.lowerBound])
            var at = location
            at.column = column + 2
            let expr = try Expr.parse(source, at: at)
            parts.append(.value(expr, source: source.trimmingCharacters(in: .whitespaces)))
            at.column += source.utf8.prefix(while: { $0 == UInt8(ascii: " ") }).count
            locations.append(at)
            column += 2 + source.utf8.count + 2
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        var template = Template(parts: parts)
        template.locations = locations
        return template
    }

    public var expressions: [Expr] {
        parts.compactMap { if case .value(let e, _) = $0 { return e }; return nil }
    }

    /// The text with every span replaced by its formatted value.
    public func render(_ evaluator: Evaluator) throws(Evaluator.Failure) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .value(let e, _): out += try evaluator.text(e)
            }
        }
        return out
    }
}

extension Expr {
    /// The names an expression starts paths from (`baseline` in `baseline.test_accuracy`),
    /// with `params.X` reported as `params.X`.
    public var rootNames: [String] {
        var names: [String] = []
        // An explicit stack, not recursion: chains of thousands of operators are left-deep trees.
        var pending: [Expr] = [self]
        while let e = pending.popLast() {
            switch e {
            case .number, .string, .bool: break
            case .path(let cs):
                if case .name(let root)? = cs.first {
                    if root == "params", cs.count > 1, case .name(let p) = cs[1] { names.append("params.\(p)") } else { names.append(root) }
                }
                for c in cs.reversed() { if case .index(let i) = c { pending.append(i) } }
            case .unary(_, let x): pending.append(x)
            case .binary(_, let l, let r): pending += [r, l]
            case .call(_, let args): pending += args.reversed()
            case .filter(let x, _, let args): pending += args.reversed() + [x]
            case .list(let items): pending += items.reversed()
            }
        }
        return names
    }
}
