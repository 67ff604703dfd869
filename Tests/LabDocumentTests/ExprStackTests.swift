import Foundation
import Testing
@testable import LabDocument

/// The longest expressions the parser accepts are compared and freed without overflowing a
/// small thread stack (Dispatch workers get 512 KB). Measured in a debug build: the derived
/// `==` overflowed at 1,000 operators; freeing (recursive in the runtime) at 10,000 but not
/// 3,000, hence the 1,000-operator limit.
@Suite struct ExprStackTests {
    /// Runs `body` on a thread with a `bytes` stack and waits for it.
    func onThread(stack bytes: Int, _ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { body(); done.signal() }
        thread.stackSize = bytes
        thread.start()
        done.wait()
    }

    static let chains: [String] = ["+", "-", "*", "/", "and", "or"].map { op in
        Array(repeating: "a", count: ExprParser.maximumOperators + 1).joined(separator: " \(op) ")
    } + [ "a" + String(repeating: " | f", count: ExprParser.maximumOperators) ]

    @Test(arguments: chains.indices)
    func longestChainsCompareAndFreeOnASmallStack(_ index: Int) {
        let source = Self.chains[index]
        onThread(stack: 512 * 1024) {
            let a = try? Expr.parse(source, at: SourceLocation(file: "lab.md", line: 1, column: 1))
            let b = try? Expr.parse(source, at: SourceLocation(file: "lab.md", line: 1, column: 1))
            let parsed = a != nil, equal = a == b
            #expect(parsed)
            #expect(equal)
        }
    }
}

extension ExprStackTests {
    @Test func equalityStillTellsExpressionsApart() throws {
        let at = SourceLocation(file: "lab.md", line: 1, column: 1)
        let sources = ["a + b", "a - b", "a + c", "a.b[1]", "a.b[2]", "f(1, 2)", "f(1)", "a | fixed(2)", "a | fixed(3)",
                       "[1, 2]", "[1, 'x']", "-a", "not a", "true", "'a'"]
        for (i, x) in sources.enumerated() {
            for (j, y) in sources.enumerated() {
                #expect((try Expr.parse(x, at: at) == Expr.parse(y, at: at)) == (i == j), "\(x) vs \(y)")
            }
        }
    }
}
