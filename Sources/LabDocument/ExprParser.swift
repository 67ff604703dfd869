extension Expr {
    /// Parses one expression of the lab's expression language.
    ///
    /// Grammar, loosest binding first: `expr | filter(args)` (chainable), `or`, `and`, `not`,
    /// one comparison (`< <= > >= == !=`, not chained), `+ -`, `* /`, unary `-`, then
    /// paths (`a.b[i].c`), calls (`max(a, b)`), numbers (`1e-3`), strings (`'…'`, `"…"`),
    /// `true`/`false`, lists (`[a, b]`) and parentheses. A `-` between two name characters
    /// belongs to the name (`train-1.test_accuracy`); write `a - b` to subtract.
    ///
    /// - Parameters:
    ///   - source: the expression text.
    ///   - location: where `source` starts in the lab file; errors point at the exact column.
    /// - Throws: a `Diagnostic` saying what was expected, e.g. `expected an expression after '+'`.
    public static func parse(_ source: String, at location: SourceLocation) throws(Diagnostic) -> Expr {
        try parsed(source, locatedBy: TextLocator(start: location)).expression
    }

    /// Parses like `parse(_:at:)` and also says where each name of the expression was written.
    public static func parse(_ source: String, locatedBy locator: TextLocator) throws(Diagnostic) -> ParsedExpr {
        let (expression, parser) = try parsed(source, locatedBy: locator)
        let resolver = TextLocator.Resolver(locator, source)
        return ParsedExpr(expression: expression, references: parser.references.map { $0.located(by: resolver) })
    }

    /// The expression and the parser that read it; names are located only by callers that want them
    /// (evaluating at run time does not).
    private static func parsed(_ source: String, locatedBy locator: TextLocator) throws(Diagnostic) -> (expression: Expr, parser: ExprParser) {
        do {
            var parser = ExprParser(tokens: try ExprLexer.tokenize(source))
            let expression = try parser.parseWhole()
            return (expression, parser)
        } catch {
            throw Diagnostic(locator.location(ofOffset: error.offset, in: source), error.message)
        }
    }
}

/// Recursive-descent parser over `ExprLexer` tokens, one method per precedence level.
///
/// Untrusted lab text must not overflow the stack: brackets, calls and unary operators
/// recurse, so they nest at most `maximumDepth` levels; operator chains (`1+1+…`) are loops
/// but build a left-deep tree, so one expression holds at most `maximumOperators`.
struct ExprParser {
    static let maximumDepth = 64
    static let maximumOperators = 1_000

    private let tokens: [ExprToken]
    private var index = 0
    private var depth = 0
    private var operators = 0
    /// The paths and filters read so far, in source order, with their byte offsets.
    private(set) var references: [OffsetReference] = []

    init(tokens: [ExprToken]) { self.tokens = tokens }

    private var current: ExprToken { tokens[index] }
    private mutating func advance() -> ExprToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func error(_ message: String, at token: ExprToken? = nil) -> ExprSyntaxError {
        ExprSyntaxError(offset: (token ?? current).offset, message: message)
    }

    /// Runs `body` one nesting level deeper, refusing to go past `maximumDepth`.
    private mutating func nested<T>(_ body: (inout ExprParser) throws(ExprSyntaxError) -> T) throws(ExprSyntaxError) -> T {
        guard depth < Self.maximumDepth else { throw error("expression nests deeper than \(Self.maximumDepth) levels") }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// Counts one binary operator or filter, refusing more than `maximumOperators`.
    private mutating func countOperator() throws(ExprSyntaxError) {
        operators += 1
        guard operators <= Self.maximumOperators else {
            throw error("expression has more than \(Self.maximumOperators) operators")
        }
    }

    private func unexpected() -> ExprSyntaxError {
        current.kind == .end ? error("unexpected end of the expression") : error("unexpected '\(current.text)'")
    }

    mutating func parseWhole() throws(ExprSyntaxError) -> Expr {
        if current.kind == .end { throw error("expected an expression") }
        let expr = try filtered(after: nil)
        guard current.kind == .end else { throw unexpected() }
        return expr
    }

    /// `operand | name | name(args) …`
    private mutating func filtered(after previous: String?) throws(ExprSyntaxError) -> Expr {
        var expr = try disjunction(after: previous)
        while current.isSymbol("|") {
            try countOperator()
            _ = advance()
            guard case .name(let name) = current.kind else { throw error("expected a filter name after '|'") }
            references.append(OffsetReference(kind: .filter(name, offset: current.offset)))
            _ = advance()
            var arguments: [Expr] = []
            if current.isSymbol("(") {
                arguments = try argumentList(closing: ")", context: "in the arguments of '\(name)'")
            }
            expr = .filter(expr, name: name, arguments: arguments)
        }
        return expr
    }

    private mutating func disjunction(after previous: String?) throws(ExprSyntaxError) -> Expr {
        var expr = try conjunction(after: previous)
        while current.isName("or") {
            try countOperator()
            _ = advance()
            expr = .binary(.or, expr, try conjunction(after: "or"))
        }
        return expr
    }

    private mutating func conjunction(after previous: String?) throws(ExprSyntaxError) -> Expr {
        var expr = try negation(after: previous)
        while current.isName("and") {
            try countOperator()
            _ = advance()
            expr = .binary(.and, expr, try negation(after: "and"))
        }
        return expr
    }

    private mutating func negation(after previous: String?) throws(ExprSyntaxError) -> Expr {
        if current.isName("not") {
            _ = advance()
            return .unary(.not, try nested { (p) throws(ExprSyntaxError) in try p.negation(after: "not") })
        }
        return try comparison(after: previous)
    }

    private static let comparisons: [String: Expr.BinaryOperator] = [
        "<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual, "==": .equal, "!=": .notEqual,
    ]

    private mutating func comparison(after previous: String?) throws(ExprSyntaxError) -> Expr {
        let left = try additive(after: previous)
        guard case .symbol(let s) = current.kind, let op = Self.comparisons[s] else { return left }
        _ = advance()
        let right = try additive(after: s)
        if case .symbol(let next) = current.kind, Self.comparisons[next] != nil {
            throw error("comparisons cannot be chained; join them with 'and'")
        }
        return .binary(op, left, right)
    }

    private mutating func additive(after previous: String?) throws(ExprSyntaxError) -> Expr {
        var expr = try multiplicative(after: previous)
        while case .symbol(let s) = current.kind, s == "+" || s == "-" {
            try countOperator()
            _ = advance()
            expr = .binary(s == "+" ? .add : .subtract, expr, try multiplicative(after: s))
        }
        return expr
    }

    private mutating func multiplicative(after previous: String?) throws(ExprSyntaxError) -> Expr {
        var expr = try unary(after: previous)
        while case .symbol(let s) = current.kind, s == "*" || s == "/" {
            try countOperator()
            _ = advance()
            expr = .binary(s == "*" ? .multiply : .divide, expr, try unary(after: s))
        }
        return expr
    }

    private mutating func unary(after previous: String?) throws(ExprSyntaxError) -> Expr {
        if current.isSymbol("-") {
            _ = advance()
            return .unary(.negate, try nested { (p) throws(ExprSyntaxError) in try p.unary(after: "-") })
        }
        return try primary(after: previous)
    }

    private static let keywords: Set<String> = ["and", "or", "not", "true", "false"]

    private mutating func primary(after previous: String?) throws(ExprSyntaxError) -> Expr {
        let token = current
        switch token.kind {
        case .number(let x):
            _ = advance()
            return .number(x)
        case .string(let s):
            _ = advance()
            return .string(s)
        case .name("true"), .name("false"):
            _ = advance()
            return .bool(token.text == "true")
        case .name(let name) where !Self.keywords.contains(name):
            _ = advance()
            if current.isSymbol("(") {
                references.append(OffsetReference(kind: .function(name, offset: token.offset)))
                return .call(name, try argumentList(closing: ")", context: "in the arguments of '\(name)'"))
            }
            return try path(startingWith: name, at: token.offset)
        case .symbol("("):
            _ = advance()
            let inner = try nested { (p) throws(ExprSyntaxError) in try p.filtered(after: "(") }
            guard current.isSymbol(")") else { throw error("expected ')' to close the '('") }
            _ = advance()
            return inner
        case .symbol("["):
            return .list(try argumentList(closing: "]", context: "in the list"))
        default:
            if let previous { throw error("expected an expression after '\(previous)'") }
            throw token.kind == .end ? error("expected an expression") : unexpected()
        }
    }

    /// `name(.name | [expr])*`; records the path's keys where they are written.
    private mutating func path(startingWith name: String, at offset: Int) throws(ExprSyntaxError) -> Expr {
        var components: [Expr.PathComponent] = [.name(name)]
        var parts: [(key: String?, offset: Int)] = [(name, offset)]
        // Reserved now so the path comes before the paths of its indexes, as written.
        let slot = references.count
        references.append(OffsetReference(kind: .path([])))
        defer { references[slot].kind = .path(parts) }
        while true {
            if current.isSymbol(".") {
                _ = advance()
                guard case .name(let part) = current.kind else { throw error("expected a name after '.'") }
                parts.append((part, current.offset))
                _ = advance()
                components.append(.name(part))
            } else if current.isSymbol("[") {
                _ = advance()
                let at = current.offset
                let index = try nested { (p) throws(ExprSyntaxError) in try p.filtered(after: "[") }
                guard current.isSymbol("]") else { throw error("expected ']' after the index") }
                _ = advance()
                components.append(.index(index))
                if case .string(let key) = index { parts.append((key, at)) } else { parts.append((nil, at)) }
            } else {
                return .path(components)
            }
        }
    }

    /// `( a, b )` or `[ a, b ]`, the opening symbol being the current token.
    private mutating func argumentList(closing: String, context: String) throws(ExprSyntaxError) -> [Expr] {
        let opening = advance().text
        var items: [Expr] = []
        if current.isSymbol(closing) {
            _ = advance()
            return items
        }
        while true {
            let previous = items.isEmpty ? opening : ","
            items.append(try nested { (p) throws(ExprSyntaxError) in try p.filtered(after: previous) })
            if current.isSymbol(closing) {
                _ = advance()
                return items
            }
            guard current.isSymbol(",") else { throw error("expected ',' or '\(closing)' \(context)") }
            _ = advance()
        }
    }
}
