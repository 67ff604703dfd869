import LabDocument
import Testing
@testable import LabRender

/// Every class the renderer gives to untrusted markup has a look of its own in the page style.
@Suite struct PageStyleTests {
    @Test func rawHTMLAndBlockedAddressesAreStyled() {
        let main = UntrustedMarkupTests.main("<script>x</script>\n\n[click](javascript:alert(1))\n")
        #expect(main.contains("class=\"raw-html\"") && main.contains("class=\"blocked-url\""))
        // Raw HTML reads as code with a label; a removed address is muted, dotted and says so.
        #expect(PageStyle.css.contains("pre.raw-html{border-style:dashed}"))
        #expect(PageStyle.css.contains("pre.raw-html::before{content:\"HTML shown as text\""))
        #expect(PageStyle.css.contains(".blocked-url{color:var(--muted);text-decoration:underline dotted;"))
        #expect(PageStyle.css.contains(".blocked-url::after{content:\" (address removed)\""))
        // Both take their colours from variables that the dark scheme redefines.
        let dark = PageStyle.css.components(separatedBy: "prefers-color-scheme:dark")[1]
        #expect(dark.contains("--muted:") && dark.contains("--code-bg:") && dark.contains("--line:"))
    }
}
