import LabDocument

/// Text with `{{ expr }}` spans, as used in `table` cells, captions and quiz prompts.
public struct Template: Sendable {
    public enum Part: Sendable {
        case text(String)
        case value(Expr, source: String)
    }
    public var parts: [Part]
    /// The names each span reads, each where it is written, in the order of `expressions`.
    public var references: [[ExprReference]] = []

    /// Parses `text`; `location` is where the text starts in the lab file, written as-is.
    public static func parse(_ text: String, at location: SourceLocation) throws(Diagnostic) -> Template {
        try parse(text, locatedBy: TextLocator(start: location))
    }

    /// Parses `text`, whose bytes `locator` places in the lab file.
    public static func parse(_ text: String, locatedBy locator: TextLocator) throws(Diagnostic) -> Template {
        var template = Template(parts: [])
        let bytes = Array(text.utf8)
        var position = 0
        let resolver = TextLocator.Resolver(locator, text)
        while let open = Self.find("{{", in: bytes, from: position) {
            if open > position { template.parts.append(.text(String(decoding: bytes[position..<open], as: UTF8.self))) }
            guard let close = Self.find("}}", in: bytes, from: open + 2) else {
                throw Diagnostic(resolver.location(ofOffset: open), "unterminated '{{': expected '}}'")
            }
            let source = String(decoding: bytes[(open + 2)..<close], as: UTF8.self)
            let parsed = try Expr.parse(source, locatedBy: resolver.suffix(from: open + 2))
            template.parts.append(.value(parsed.expression, source: source.trimmingCharacters(in: .whitespaces)))
            template.references.append(parsed.references)
            position = close + 2
        }
        if position < bytes.count { template.parts.append(.text(String(decoding: bytes[position...], as: UTF8.self))) }
        return template
    }

    private static func find(_ pair: String, in bytes: [UInt8], from start: Int) -> Int? {
        let (a, b) = (pair.utf8.first!, pair.utf8.last!)
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == a, bytes[i + 1] == b { return i }
            i += 1
        }
        return nil
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
