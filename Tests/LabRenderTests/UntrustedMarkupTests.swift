import Foundation
import LabDocument
import Testing
@testable import LabRender

/// A lab's text must not make the page run code its reader did not expect: raw HTML is shown as text
/// unless the lab opts in, addresses that run code are not linked, and the CSP allows only labrun's own
/// script and styles.
@Suite struct UntrustedMarkupTests {
    /// The rendered `<main>` content of a lab written as Markdown.
    static func main(_ markdown: String) -> String {
        let page = HTMLRenderer.render(RenderInput(document: Document.parse(text: markdown, path: "lab.md")))
        let start = page.range(of: "<main id=\"content\">\n")!.upperBound
        let end = page.range(of: "</main>")!.lowerBound
        return String(page[start..<end])
    }

    static func markdown(_ text: String) -> String {
        MarkdownRenderer.render(RenderInput(document: Document.parse(text: text, path: "lab.md")), filesDirectoryName: "x").markdown
    }

    @Test func aScriptBlockIsShownAsText() {
        #expect(Self.main("<script>alert(1)</script>\n")
            == "<pre class=\"raw-html\"><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n")
    }

    @Test func anInlineImageWithAnErrorHandlerIsShownAsText() {
        #expect(Self.main("See <img src=x onerror=alert(1)> here.\n")
            == "<p>See &lt;img src=x onerror=alert(1)&gt; here.</p>\n")
        #expect(Self.main("Press <kbd onclick=\"alert(1)\">K</kbd>.\n")
            == "<p>Press &lt;kbd onclick=&quot;alert(1)&quot;&gt;K</kbd>.</p>\n")
    }

    @Test func commentsVanishAndPlainFormattingTagsStay() {
        #expect(Self.main("<!-- a note for instructors -->\n\nPress <kbd>Ctrl</kbd>+<KBD>C</KBD>, x<sup>2</sup><br/>.\n")
            == "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, x<sup>2</sup><br>.</p>\n")
        // Text after the comment's end would be live HTML: the whole block is shown.
        #expect(Self.main("<!-- x --><script>alert(1)</script>\n")
            == "<pre class=\"raw-html\"><code>&lt;!-- x --&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n")
    }

    @Test(arguments: [
        ("[x](javascript:alert(1))", "javascript"),
        ("[x](JaVaScRiPt:alert(1))", "javascript"),
        ("[x](jav&#x61;script:alert(1))", "javascript"),
        ("[x](&#106;avascript:alert(1))", "javascript"),
        ("[x](vbscript:msgbox(1))", "vbscript"),
        ("[x](VBScript:msgbox(1))", "vbscript"),
        ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data"),
        ("[x](<javascript:alert(1)>)", "javascript"),
    ])
    func linksThatRunCodeKeepOnlyTheirText(markdown: String, scheme: String) {
        #expect(Self.main(markdown + "\n") == "<p><span class=\"blocked-url\" title=\"\(scheme): address removed\">x</span></p>\n")
        #expect(Self.markdown(markdown + "\n").hasPrefix("x\n"))
    }

    @Test func imagesThatRunCodeKeepOnlyTheirAltText() {
        #expect(Self.main("![x](data:text/html;base64,PHNjcmlwdD4=)\n")
            == "<p><span class=\"blocked-url\" title=\"data: address removed\">x</span></p>\n")
        #expect(Self.main("![x](javascript:alert(1))\n")
            == "<p><span class=\"blocked-url\" title=\"javascript: address removed\">x</span></p>\n")
        #expect(Self.main("![x](data:image/svg+xml;base64,PHN2Zz4=)\n")
            == "<p><span class=\"blocked-url\" title=\"data: address removed\">x</span></p>\n")
        #expect(Self.main("![x](data:image/png;base64,iVBORw==)\n")
            == "<p><img src=\"data:image/png;base64,iVBORw==\" alt=\"x\"></p>\n")
        #expect(Self.markdown("![x](vbscript:msgbox(1))\n").hasPrefix("x\n"))
    }

    @Test func whitespaceControlsAndEntitiesDoNotHideAScheme() {
        for address in ["\u{01} javascript:alert(1)", "  javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:x",
                        "javascript&colon;alert(1)", "jav&#X61;script:x", "\u{1F}JAVASCRIPT:x ", "\u{0}javascript:x"] {
            #expect(URLPolicy.scheme(of: address) == "javascript", "\(address.debugDescription)")
            #expect(!URLPolicy.allows(address, image: false), "\(address.debugDescription)")
        }
        let document = Document(path: "lab.md", title: "T", params: Record(),
                                blocks: [Block(.paragraph([.link(destination: "\u{01} javascript:alert(1)", title: "", [.text("x")])]),
                                               at: SourceLocation(file: "lab.md", line: 1, column: 1))],
                                diagnostics: [])
        #expect(HTMLRenderer.render(RenderInput(document: document))
            .contains("<p><span class=\"blocked-url\" title=\"javascript: address removed\">x</span></p>"))
    }

    @Test func ordinaryAddressesStayLinked() {
        for address in ["https://example.org/a?b=c#d", "http://x", "mailto:me@example.org", "Output/03.html",
                        "../a:b", "#results", "?q=1", "./javascript:x", "files/a%3Ab.png"] {
            #expect(URLPolicy.allows(address, image: false), "\(address)")
        }
        #expect(Self.main("[a](#results) [b](mailto:me@example.org) [c](./x.html)\n")
            == "<p><a href=\"#results\">a</a> <a href=\"mailto:me@example.org\">b</a> <a href=\"./x.html\">c</a></p>\n")
    }

    @Test func markdownOutputCarriesNoRawScriptEither() {
        #expect(Self.markdown("<script>alert(1)</script>\n") == "```html\n<script>alert(1)</script>\n```\n")
        #expect(Self.markdown("See <img src=x onerror=alert(1)> here.\n") == "See \\<img src=x onerror=alert(1)\\> here.\n")
    }

    @Test func rawHTMLIsKeptWhenTheLabOptsIn() {
        let lab = "---\nraw_html: true\n---\n<div class=\"note\">Note</div>\n\nSee <img src=\"a.png\" onerror=\"x()\"> here.\n"
        #expect(Self.main(lab) == "<div class=\"note\">Note</div>\n<p>See <img src=\"a.png\" onerror=\"x()\"> here.</p>\n")
        #expect(Self.markdown(lab) == "<div class=\"note\">Note</div>\n\nSee <img src=\"a.png\" onerror=\"x()\"> here.\n")
        // Opting in to raw HTML does not let addresses run code.
        #expect(Self.main("---\nraw_html: true\n---\n[x](javascript:alert(1))\n")
            == "<p><span class=\"blocked-url\" title=\"javascript: address removed\">x</span></p>\n")
    }

    @Test func rawHTMLMustBeTrueOrFalse() {
        let document = Document.parse(text: "---\nraw_html: sometimes\n---\n# T\n", path: "lab.md")
        #expect(document.diagnostics.map(\.description) == ["lab.md:2:11: error: 'raw_html' must be true or false"])
        #expect(!document.allowsRawHTML)
    }
}
