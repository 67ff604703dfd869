import Foundation
import Testing
@testable import LabDocument

/// Golden tests: each `Goldens/NAME.md` parses to the tree in `Goldens/NAME.dump`.
/// Run with `LABDOC_UPDATE_GOLDENS=1 swift test --filter LabDocumentTests` to rewrite the
/// `.dump` files after an intended change, then review the diff line by line.
struct GoldenDumpTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    @Test(arguments: ["complete"])
    func dumpMatchesGolden(name: String) throws {
        let source = try String(contentsOf: Self.goldens.appendingPathComponent("\(name).md"), encoding: .utf8)
        let dump = Document.parse(text: source, path: "\(name).md").dump()
        let goldenURL = Self.goldens.appendingPathComponent("\(name).dump")
        if ProcessInfo.processInfo.environment["LABDOC_UPDATE_GOLDENS"] == "1" {
            try dump.write(to: goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(dump == golden)
        if dump != golden {
            let (a, b) = (dump.split(separator: "\n", omittingEmptySubsequences: false),
                          golden.split(separator: "\n", omittingEmptySubsequences: false))
            if let i = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("first difference at dump line \(i + 1): got \(a[i]), golden \(b[i])")
            }
        }
    }

    /// The fixture exercises every construct and must parse without a single diagnostic.
    @Test func completeFixtureHasNoDiagnostics() throws {
        let source = try String(contentsOf: Self.goldens.appendingPathComponent("complete.md"), encoding: .utf8)
        let document = Document.parse(text: source, path: "complete.md")
        #expect(document.diagnostics.isEmpty, "\(document.diagnostics)")
        #expect(document.title == "LAB00: Everything at once")
        #expect(document.directives.map(\.id) == ["baseline", "convert-1", "checks"])
    }
}
