import Testing
import LabRunner

@Suite struct TerminalTextTests {
    @Test func controlsPrintAsSwiftEscapesNewlineAndTabStay() {
        #expect(TerminalText.visible("a\u{1B}[2Jb\u{7}\u{8}\r\u{0}\u{7F}\u{85}\u{9B}") == "a\\u{1B}[2Jb\\u{7}\\u{8}\\u{D}\\u{0}\\u{7F}\\u{85}\\u{9B}")
        #expect(TerminalText.visible("evil\u{202E}txt.md\u{2066}\u{200F}") == "evil\\u{202E}txt.md\\u{2066}\\u{200F}")
        #expect(TerminalText.visible("line 1\n\tline 2 — µs ✓ 🙂") == "line 1\n\tline 2 — µs ✓ 🙂")
    }
}
