import Foundation
import Testing
@testable import LabRender

/// Compares rendered output with the files in `Goldens/`. Run with `LABRUN_UPDATE_GOLDENS=1` to rewrite
/// them, then read the diff: the goldens are reviewed by eye (and the HTML in a browser), not trusted blindly.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")
    static var updating: Bool { ProcessInfo.processInfo.environment["LABRUN_UPDATE_GOLDENS"] == "1" }

    static func check(_ actual: Data, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url)
            return
        }
        let expected = try Data(contentsOf: url)
        if expected != actual {
            let first = zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, actual.count)
            let context = String(decoding: actual[max(0, first - 80)..<min(actual.count, first + 80)], as: UTF8.self)
            Issue.record("\(name) differs from its golden at byte \(first): …\(context)…", sourceLocation: sourceLocation)
        }
    }
}

@Suite struct GoldenTests {
    @Test func htmlPage() throws {
        try Golden.check(Data(HTMLRenderer.render(SampleLab.input).utf8), "sample.html")
    }

    @Test func markdownAndFigureFiles() throws {
        let (markdown, files) = MarkdownRenderer.render(SampleLab.input, filesDirectoryName: "sample_files")
        try Golden.check(Data(markdown.utf8), "sample.md")
        #expect(files.keys.sorted() == ["bits-1.svg", "curves-1.svg", "curves-2.svg", "curves-3.svg", "curves-4.svg",
                                       "graph-1.svg", "mnist-1.png", "sizes-1.svg"])
        for (name, data) in files { try Golden.check(data, "sample_files/\(name)") }
    }

    @Test func renderingIsDeterministic() {
        #expect(HTMLRenderer.render(SampleLab.input) == HTMLRenderer.render(SampleLab.input))
        let a = MarkdownRenderer.render(SampleLab.input, filesDirectoryName: "x")
        let b = MarkdownRenderer.render(SampleLab.input, filesDirectoryName: "x")
        #expect(a.markdown == b.markdown && a.files == b.files)
    }
}
