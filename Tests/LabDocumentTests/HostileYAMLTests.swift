import Foundation
import Testing
@testable import LabDocument

/// YAML and bytes from lab and answers files cannot exhaust memory or be misreported.
@Suite struct HostileYAMLTests {
    /// Nine levels of ten aliases: a billion leaves once expanded.
    static let aliasBomb = """
        a: &a ["x","x","x","x","x","x","x","x","x","x"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """

    @Test func anAliasBombInFrontMatterIsRefusedBeforeExpanding() {
        let doc = Document.parse(text: "---\nparams:\n" + Self.aliasBomb.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n---\n# T\n", path: "lab.md")
        #expect(doc.diagnostics.map(\.description) == [
            "lab.md:3:6: error: YAML anchors and aliases are not supported in a lab (&a at line 3)\n  hint: write the values out in full",
        ])
    }

    @Test func anAliasInADirectiveBodyIsLocatedInTheFile() {
        let doc = Document.parse(text: "# T\n\n```lab table #t\nx: 1\ny: *nothing\n```\n", path: "lab.md")
        #expect(doc.diagnostics.map(\.message) == ["YAML anchors and aliases are not supported in a lab (*nothing at line 5)"])
        #expect(doc.diagnostics.first?.location.description == "lab.md:5:4")
    }

    @Test func anAliasBombInAnAnswersFileIsRefused() {
        #expect(throws: Diagnostic.self) { try Document.readYAML(Self.aliasBomb, path: "mine.yaml") }
        do { _ = try Document.readYAML(Self.aliasBomb, path: "mine.yaml") } catch {
            #expect(error.description == "mine.yaml:1:4: error: YAML anchors and aliases are not supported in an answers file (&a at line 1)\n  hint: write the values out in full")
        }
    }

    @Test func deepYAMLAndHugeYAMLAreRefused() {
        let deeper = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: Diagnostic.self) { try Document.readYAML(deeper, path: "mine.yaml") }
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        do { _ = try Document.readYAML(deep, path: "mine.yaml") } catch {
            #expect(error.description == "mine.yaml:1:101: error: YAML nests deeper than 100 levels")
        }
        let huge = "a: \"" + String(repeating: "x", count: 1 << 20) + "\"\n"
        do { _ = try Document.readYAML(huge, path: "mine.yaml") } catch {
            #expect(error.description == "mine.yaml:1:1: error: the YAML is larger than 1024 KB")
        }
        #expect(Value(yaml: "*a") == .string("*a"))
    }

    @Test func invalidUTF8IsLocatedAtItsByte() throws {
        var data = Data("---\ntitle: x\n---\nab".utf8)
        data.append(0xFF)
        #expect(throws: Diagnostic.self) { try UTF8Text.decode(data, path: "Labs/x.md") }
        do { _ = try UTF8Text.decode(data, path: "Labs/x.md") } catch {
            #expect(error.description == "Labs/x.md:4:3: error: the file is not valid UTF-8 (byte 0xFF)\n  hint: save it as UTF-8")
        }
        #expect(UTF8Text.firstInvalidByte(Array("é€😀 ok".utf8)) == nil)
        #expect(UTF8Text.firstInvalidByte([0x61, 0xC0, 0x80]) == 1)       // overlong
        #expect(UTF8Text.firstInvalidByte([0xED, 0xA0, 0x80]) == 0)       // surrogate
        #expect(UTF8Text.firstInvalidByte([0x61, 0xE2, 0x82]) == 1)       // cut short
    }
}
