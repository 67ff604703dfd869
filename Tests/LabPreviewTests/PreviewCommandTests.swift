import Foundation
import Glibc
import Testing

/// `labrun preview` end to end, as a browser sees it: the built binary serves the lab, a
/// save reaches the open page's event stream as a reload within 2 s, and the page then shows
/// the edit; a changed parameter re-runs its step in the background and the page follows.
@Suite struct PreviewCommandTests {
    static let lab = """
        ---
        title: Preview test
        ---
        First sentence.

        ```lab quantize #w
        range: [-1.5, 2.3]
        values: [0.5]
        ```

        Zero point {{ w.zero_point }}, and 0.5 becomes q = {{ w.q[0] }}.
        """

    /// The rendered sentence for q: s = 3.8/255, z = -27 (int8), so 0.5 → 34 - 27 = 7 and 0.7 → 47 - 27 = 20.
    static func q(_ value: Int) -> String { "q = <span class=\"value\">\(value)</span>" }

    @Test func aSaveReloadsThePageWithinTwoSecondsAndAChangedStepRunsAgain() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let labFile = folder.appendingPathComponent("lab.md")
        try Self.lab.write(to: labFile, atomically: true, encoding: .utf8)
        let preview = try PreviewProcess(in: folder)
        defer { preview.stop() }
        let client = RawHTTPClient(port: preview.port)
        // The first render runs the step in the background; then the page holds its value.
        #expect(eventually(timeout: 10) { ((try? client.get("/").text) ?? "").contains(Self.q(7)) })

        let page = try EventStreamClient(port: preview.port)
        #expect(page.read(timeout: 2) { $0.contains("retry:") })
        let saved = Date()
        try Self.lab.replacingOccurrences(of: "First sentence.", with: "An edited sentence.")
            .write(to: labFile, atomically: true, encoding: .utf8)
        #expect(page.read(timeout: 2) { EventStreamClient.decode($0).contains { $0.type == "reload" } })
        let latency = Date().timeIntervalSince(saved)
        #expect(latency < 2, "reload arrived \(latency) s after the save")
        let edited = try client.get("/").text
        #expect(edited.contains("An edited sentence."))
        #expect(edited.contains(Self.q(7)))
        #expect(!edited.contains("class=\"stale-badge\""))

        // A new value: rendered stale at once, then run in the background.
        try Self.lab.replacingOccurrences(of: "values: [0.5]", with: "values: [0.7]")
            .write(to: labFile, atomically: true, encoding: .utf8)
        #expect(eventually(timeout: 10) { ((try? client.get("/").text) ?? "").contains(Self.q(20)) })
        #expect(page.read(timeout: 2) { $0.contains("quantize #w") })
        #expect(!(try client.get("/").text).contains("class=\"stale-badge\""))
    }
}

/// A preview runs edits and `--set` values: its files never go into the rendered page's folder.
@Suite struct PreviewFilesTests {
    @Test func aPreviewLeavesTheRenderedPagesFilesAlone() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try PreviewCommandTests.lab.write(to: folder.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let pageFiles = folder.appendingPathComponent("Output/lab_files")
        try FileManager.default.createDirectory(at: pageFiles, withIntermediateDirectories: true)
        try Data("a model".utf8).write(to: pageFiles.appendingPathComponent("m.tflite"))
        let preview = try PreviewProcess(in: folder)
        defer { preview.stop() }
        let client = RawHTTPClient(port: preview.port)
        #expect(eventually(timeout: 10) { ((try? client.get("/").text) ?? "").contains(PreviewCommandTests.q(7)) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: pageFiles.path) == ["m.tflite"])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Output/.lab_files.preview").path))
    }
}

/// `labrun preview lab.md --port 0` running in `folder`; the port is read from its first line.
final class PreviewProcess {
    let process = Process()
    let port: Int

    init(in folder: URL) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bundled = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("labrun")
        process.executableURL = FileManager.default.isExecutableFile(atPath: bundled.path)
            ? bundled : root.appendingPathComponent(".build/debug/labrun")
        process.arguments = ["preview", "lab.md", "--port", "0", "--quiet"]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        // "Previewing lab.md at http://127.0.0.1:PORT/ (Ctrl-C to stop)"
        guard let range = text.range(of: "127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw PreviewTestFailure(message: "no address in the preview's first line: \(text)")
        }
        self.port = port
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

struct PreviewTestFailure: Error { var message: String }
