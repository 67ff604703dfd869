import Foundation
import Glibc
import Testing
@testable import LabPreview

/// The acceptance check, without a browser: saving the watched file reaches an open page's
/// event stream as a `reload` within 2 s, and the page fetched afterwards is the new one.
@Suite struct SaveToReloadTests {
    @Test func savingTheLabReloadsTheOpenPageWithinTwoSeconds() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = folder.appendingPathComponent("LAB.md")
        try Data("first".utf8).write(to: lab)
        try withServer { server, client in
            server.setPage("<body>first</body>")
            // What `labrun preview` does on a change, minus running steps: render, publish, reload.
            let watcher = FileWatcher(file: lab) {
                let text = (try? String(contentsOf: lab, encoding: .utf8)) ?? ""
                server.setPage("<body>\(text)</body>")
                server.broadcast(event: PreviewServer.reloadEvent, data: "")
            }
            watcher.start()
            defer { watcher.stop() }
            let page = try EventStreamClient(port: server.port)
            #expect(page.read(timeout: 2) { $0.contains("retry:") })

            // An atomic save, as most editors do it.
            let saved = Date()
            let temporary = folder.appendingPathComponent("LAB.md~")
            try Data("second".utf8).write(to: temporary)
            #expect(rename(temporary.path, lab.path) == 0)
            #expect(page.read(timeout: 2) { EventStreamClient.decode($0).contains { $0.type == "reload" } })
            let latency = Date().timeIntervalSince(saved)
            #expect(latency < 2, "reload arrived \(latency) s after the save")
            let response = try client.get("/")
            #expect(response.text.hasPrefix("<body>second"))
        }
    }
}
