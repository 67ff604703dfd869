import Testing
@testable import LabDocument

/// Expressions from lab text cannot overflow the stack or take exponential time.
@Suite struct ExprLimitsTests {
    let at = SourceLocation(file: "lab.md", line: 3, column: 5)

    func message(_ source: String) -> String? {
        do { _ = try Expr.parse(source, at: at); return nil } catch { return error.description }
    }

    @Test(arguments: ["(", "[", "abs(", "-", "not ", "a["])
    func deepNestingIsAnErrorAtItsPosition(_ opening: String) {
        let source = String(repeating: opening, count: 10_000) + "1"
        // The operand of the 65th opening is where the limit is hit.
        let column = 5 + 65 * opening.utf8.count
        #expect(message(source) == "lab.md:3:\(column): error: expression nests deeper than 64 levels")
    }

    @Test func sixtyFourLevelsStillParse() throws {
        let source = String(repeating: "(", count: 64) + "1" + String(repeating: ")", count: 64)
        #expect(try Expr.parse(source, at: at) == .number(1))
    }

    @Test func aHundredThousandTermChainIsAnErrorNotACrash() {
        let source = Array(repeating: "1", count: 100_000).joined(separator: "+")
        #expect(message(source) == "lab.md:3:\(5 + 2 * 1_000 + 1): error: expression has more than 1000 operators")
    }

    @Test func longChainsPrintAndReparse() throws {
        let source = Array(repeating: "a", count: 1_001).joined(separator: " - ")
        let e = try Expr.parse(source, at: at)
        #expect(e.description == source)
        let mixed = try Expr.parse("(a + b) * c - d / (e - f) | fixed(2) | yesno", at: at)
        #expect(mixed.description == "(a + b) * c - d / (e - f) | fixed(2) | yesno")
        #expect(try Expr.parse("a - (b - c)", at: at).description == "a - (b - c)")
        #expect(try Expr.parse("(a | f) + 1", at: at).description == "(a | f) + 1")
    }
}
