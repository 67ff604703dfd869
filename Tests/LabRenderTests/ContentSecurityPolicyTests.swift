import Foundation
import LabDocument
import Testing
@testable import LabRender

@Suite struct ContentSecurityPolicyTests {
    @Test func sha256MatchesTheStandardTestVectors() {
        func hex(_ s: String) -> String { Digest.sha256(Array(s.utf8)).map { String(format: "%02x", $0) }.joined() }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        #expect(Digest.sha256Base64("abc") == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }

    /// The text between `open` and the next `close`, each occurrence.
    static func between(_ page: String, _ open: String, _ close: String) -> [String] {
        page.components(separatedBy: open).dropFirst().compactMap { $0.components(separatedBy: close).first }
    }

    @Test func thePageAllowsExactlyItsOwnScriptAndStyleByHash() throws {
        let page = HTMLRenderer.render(SampleLab.input)
        let scripts = Self.between(page, "<script>", "</script>")
        let styles = Self.between(page, "<style>", "</style>")
        #expect(scripts.count == 1)
        #expect(styles.count == 1)
        let metas = Self.between(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">")
        #expect(metas.count == 1)
        let policy = try #require(metas.first)
        let directives = Dictionary(uniqueKeysWithValues: policy.components(separatedBy: "; ").map {
            ($0.prefix { $0 != " " }, $0.drop { $0 != " " }.dropFirst())
        })
        #expect(directives["script-src"].map(String.init) == "'sha256-\(Digest.sha256Base64(scripts[0]))'")
        #expect(directives["object-src"] == "'none'")
        #expect(directives["base-uri"] == "'none'")
        let attributes = Set(Self.between(page, " style=\"", "\""))
        let expectedStyles = ["'sha256-\(Digest.sha256Base64(styles[0]))'", "'unsafe-hashes'"]
            + attributes.map { "'sha256-\(Digest.sha256Base64($0))'" }
        #expect(Set(directives["style-src"]!.split(separator: " ").map(String.init)) == Set(expectedStyles))
        #expect(!attributes.isEmpty)
        // The policy comes before anything it governs.
        #expect(page.range(of: "Content-Security-Policy")!.lowerBound < page.range(of: "<style>")!.lowerBound)
    }

    @Test func aPageWithoutWidgetsAllowsNoScriptAndAHostScriptIsAllowedByItsHash() {
        var input = RenderInput(document: Document.parse(text: "# T\n\nProse.\n", path: "lab.md"))
        #expect(HTMLRenderer.render(input).contains("content=\"script-src 'none'; style-src 'sha256-"))
        input.hostScripts = ["\nconsole.log(1);\n"]
        #expect(HTMLRenderer.render(input).contains("content=\"script-src 'sha256-\(Digest.sha256Base64("\nconsole.log(1);\n"))'; style-src"))
    }

    @Test func styleAttributeValuesAreReadAsTheBrowserDecodesThem() {
        #expect(ContentSecurityPolicy.styleAttributes(in: "<p style=\"a:b\">x style=&quot;c&quot;</p><i style=\"font:&quot;X&quot;\">")
            == ["a:b", "font:\"X\""])
        // Multi-byte text around and inside values; a style=" at the very end has no value to read.
        #expect(ContentSecurityPolicy.styleAttributes(in: "é <b style=\"x:ü→\">ß</b><b style=\"\"> style=\"")
            == ["x:ü→", ""])
        #expect(ContentSecurityPolicy.styleAttributes(in: " style=\"a") == [])
    }
}
