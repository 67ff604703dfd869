import Testing
@testable import LabRender

@Suite struct EscapingTests {
    @Test func htmlEscapesAllFiveSpecialCharacters() {
        #expect(Escape.html(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(Escape.html("4× smaller — ≥ 100") == "4× smaller — ≥ 100")
        #expect(Escape.html("&amp;") == "&amp;amp;")
    }

    @Test func markdownEscapesInlineMarkup() {
        #expect(Escape.markdown("a*b_c `d` [e] <f> | $5 ~g \\") == "a\\*b\\_c \\`d\\` \\[e\\] \\<f\\> \\| \\$5 \\~g \\\\")
        #expect(Escape.markdown("plain text, 98.9 %") == "plain text, 98.9 %")
    }

    @Test func blockMarkersAtLineStartAreEscaped() {
        #expect(Escape.lineStart("# not a heading") == "\\# not a heading")
        #expect(Escape.lineStart("- not a list") == "\\- not a list")
        #expect(Escape.lineStart("2024. A year") == "2024\\. A year")
        #expect(Escape.lineStart("3) three") == "3\\) three")
        #expect(Escape.lineStart("3 apples") == "3 apples")
        #expect(Escape.lineStart("") == "")
    }

    @Test func codeSpansAndFencesOutgrowBackticksInside() {
        #expect(Escape.codeSpan("x") == "`x`")
        #expect(Escape.codeSpan("a`b") == "``a`b``")
        #expect(Escape.codeSpan("`x") == "`` `x ``")
        #expect(Escape.codeFence(for: "no ticks") == "```")
        #expect(Escape.codeFence(for: "has ```` four") == "`````")
    }

    @Test func tableCellsEscapePipesAndFoldNewlines() {
        #expect(Escape.tableCell("a|b\nc") == "a\\|b c")
    }

    @Test func slugsAreLowercaseWordsJoinedByDashes() {
        #expect(Slugger.slug("The Affine Map") == "the-affine-map")
        #expect(Slugger.slug("  int8 (full) — 4× smaller!  ") == "int8-full-4-smaller")
        #expect(Slugger.slug("Größe & Maß") == "größe-maß")
        #expect(Slugger.slug("???") == "section")
    }

    @Test func repeatedSlugsGetNumberedSuffixes() {
        var slugger = Slugger()
        #expect(slugger.unique("Results") == "results")
        #expect(slugger.unique("results") == "results-2")
        #expect(slugger.unique("Results!") == "results-3")
        #expect(slugger.unique("Results 2") == "results-2-2")
    }
}
