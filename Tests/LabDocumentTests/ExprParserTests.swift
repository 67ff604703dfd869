import Testing
@testable import LabDocument

/// The expression parser: precedence against hand-built trees, canonical printing, and
/// error messages word for word with their columns.
struct ExprParserTests {
    static let start = SourceLocation(file: "lab.md", line: 7, column: 10)

    func parse(_ s: String) throws -> Expr { try Expr.parse(s, at: Self.start) }

    /// The diagnostic `s` gives, as `line:col: message`.
    func failure(_ s: String) -> String {
        do {
            _ = try Expr.parse(s, at: Self.start)
            return "no error"
        } catch {
            return "\(error.location.line):\(error.location.column): \(error.message)"
        }
    }

    func path(_ names: String...) -> Expr { .path(names.map { .name($0) }) }

    @Test func literals() throws {
        #expect(try parse("42") == .number(42))
        #expect(try parse("1e-3") == .number(0.001))
        #expect(try parse("2.5E+2") == .number(250))
        #expect(try parse(#""a \"b\"""#) == .string(#"a "b""#))
        #expect(try parse("'x'") == .string("x"))
        #expect(try parse("true") == .bool(true))
        #expect(try parse("[1, 'a', [] ]") == .list([.number(1), .string("a"), .list([])]))
    }

    @Test func pathsWithIndexing() throws {
        #expect(try parse("compare.int8.accuracy") == path("compare", "int8", "accuracy"))
        #expect(try parse("q.values[i + 1].x") == .path([
            .name("q"), .name("values"), .index(.binary(.add, path("i"), .number(1))), .name("x"),
        ]))
        // A '-' between name characters belongs to the name: default ids like `train-1`.
        #expect(try parse("train-1.seconds") == path("train-1", "seconds"))
        #expect(try parse("a - 1") == .binary(.subtract, path("a"), .number(1)))
    }

    @Test func arithmeticPrecedence() throws {
        // 1 + 2 * 3 - 4 / 2  ==  (1 + (2 * 3)) - (4 / 2)
        #expect(try parse("1 + 2 * 3 - 4 / 2") == .binary(.subtract,
            .binary(.add, .number(1), .binary(.multiply, .number(2), .number(3))),
            .binary(.divide, .number(4), .number(2))))
        #expect(try parse("-a * b") == .binary(.multiply, .unary(.negate, path("a")), path("b")))
        #expect(try parse("(1 + 2) * 3") == .binary(.multiply, .binary(.add, .number(1), .number(2)), .number(3)))
    }

    @Test func logicAndComparisons() throws {
        // not binds looser than a comparison, and looser than not, or loosest.
        #expect(try parse("not a < b and c or d") == .binary(.or,
            .binary(.and, .unary(.not, .binary(.less, path("a"), path("b"))), path("c")),
            path("d")))
        #expect(try parse("x.size * 3.5 <= y.size") == .binary(.lessEqual,
            .binary(.multiply, path("x", "size"), .number(3.5)), path("y", "size")))
        #expect(try parse("a != 'b'") == .binary(.notEqual, path("a"), .string("b")))
    }

    @Test func callsAndFilters() throws {
        #expect(try parse("max(a, abs(b))") == .call("max", [path("a"), .call("abs", [path("b")])]))
        // Filters bind loosest and chain left to right.
        #expect(try parse("a / b | percent(2) | kb") == .filter(
            .filter(.binary(.divide, path("a"), path("b")), name: "percent", arguments: [.number(2)]),
            name: "kb", arguments: []))
        #expect(try parse("round(x | fixed(1), 2)") == .call("round", [
            .filter(path("x"), name: "fixed", arguments: [.number(1)]), .number(2),
        ]))
    }

    @Test(arguments: [
        ("a+b*c", "a + b * c"),
        ("(a+b)*c", "(a + b) * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) - c", "a - b - c"),
        ("1-2", "1 - 2"),
        ("-(a+b)", "-(a + b)"),
        ("not (a or b)", "not (a or b)"),
        ("(a | fixed(1)) + 1", "(a | fixed(1)) + 1"),
        ("x.y[0][i*2] | percent( 2 )|times", "x.y[0][i * 2] | percent(2) | times"),
        ("'it\\'s'", "\"it's\""),
        ("[1.50,2e3, 1e-5]", "[1.5, 2000, 1e-05]"),
        ("max( a ,b )>=0.5", "max(a, b) >= 0.5"),
    ])
    func canonicalDescription(source: String, canonical: String) throws {
        let expr = try parse(source)
        #expect(expr.description == canonical)
        #expect(try parse(expr.description) == expr)
    }

    @Test func errorsSayWhatWasExpectedAtTheExactColumn() {
        // The source starts at 7:10, so offset n is column 10 + n.
        #expect(failure("a +") == "7:13: expected an expression after '+'")
        #expect(failure("a + )") == "7:14: expected an expression after '+'")
        #expect(failure("a)") == "7:11: unexpected ')'")
        #expect(failure("") == "7:10: expected an expression")
        #expect(failure("   ") == "7:13: expected an expression")
        #expect(failure("'abc") == "7:10: unterminated string")
        #expect(failure("f(a, 'x") == "7:15: unterminated string")
        #expect(failure("(a + b") == "7:16: expected ')' to close the '('")
        #expect(failure("max(a b)") == "7:16: expected ',' or ')' in the arguments of 'max'")
        #expect(failure("[1, 2") == "7:15: expected ',' or ']' in the list")
        #expect(failure("a | 2") == "7:14: expected a filter name after '|'")
        #expect(failure("a.") == "7:12: expected a name after '.'")
        #expect(failure("a[1") == "7:13: expected ']' after the index")
        #expect(failure("a < b < c") == "7:16: comparisons cannot be chained; join them with 'and'")
        #expect(failure("a = b") == "7:12: unexpected '=' (use '==' to compare)")
        #expect(failure("a and") == "7:15: expected an expression after 'and'")
        #expect(failure("not") == "7:13: expected an expression after 'not'")
        #expect(failure("1e") == "7:11: expected digits after the exponent 'e'")
        #expect(failure("a # b") == "7:12: unexpected character '#'")
        #expect(failure("a b") == "7:12: unexpected 'b'")
    }

    @Test func errorColumnsOnLaterLines() {
        // A source spanning lines (a `{{ }}` wrapped in prose): columns restart on each line.
        #expect(failure("a +\n  b +") == "8:6: expected an expression after '+'")
    }
}
