import Testing
@testable import LabRender

@Suite struct TeXTypesetterTests {
    @Test func fractionsScriptsAndOperators() {
        #expect(TeXTypesetter.html(#"s = \frac{r_{max} - r_{min}}{255}"#) ==
            #"<i>s</i> = <span class="frac"><span><i>r</i><sub><i>m</i><i>a</i><i>x</i></sub> − <i>r</i><sub><i>m</i><i>i</i><i>n</i></sub></span><span>255</span></span>"#)
        #expect(TeXTypesetter.html(#"\operatorname{round}(x)"#) == #"<span class="up">round</span>(<i>x</i>)"#)
        #expect(TeXTypesetter.html(#"a \cdot b \le c"#) == #"<i>a</i><span class="up">·</span><i>b</i><span class="up">≤</span><i>c</i>"#)
        #expect(TeXTypesetter.html(#"\hat r"#) == "<i>r</i>\u{0302}")
        #expect(TeXTypesetter.html("2^8") == "2<sup>8</sup>")
    }

    @Test func unknownCommandsStayVisibleAndHTMLIsEscaped() {
        #expect(TeXTypesetter.html(#"\foo < 1"#) == #"<span class="up">\foo</span>&lt;1"#)
        #expect(TeXTypesetter.html(#"\text{a<b}"#) == #"<span class="up">a&lt;b</span>"#)
        #expect(TeXTypesetter.html(#"\frac{1}"#) == #"<span class="frac"><span>1</span><span></span></span>"#)
    }
}
