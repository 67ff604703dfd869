import Foundation
import Glibc
import Testing
@testable import LabPreview

@Suite struct PreviewServerTests {
    @Test func pageIsServedWithTheReloadScriptBeforeBodyEnd() throws {
        try withServer { server, client in
            server.setPage("<html><body><p>chapter</p></body></html>")
            let response = try client.get("/")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/html; charset=utf-8")
            #expect(response.headers["connection"] == "close")
            #expect(response.headers["content-length"] == String(response.body.count))
            #expect(response.text == "<html><body><p>chapter</p>" + ReloadScript.html + "</body></html>")
            #expect(ReloadScript.html.contains("new EventSource(\"/events\")"))
            #expect(ReloadScript.html.contains("addEventListener(\"reload\""))
            #expect(ReloadScript.html.contains("addEventListener(\"status\""))
        }
    }

    @Test func scriptGoesBeforeTheLastBodyEndInAnyCaseOrAtTheEnd() {
        #expect(ReloadScript.inject(into: "<p>a</p>") == "<p>a</p>" + ReloadScript.html)
        #expect(ReloadScript.inject(into: "<BODY><pre>&lt;/body></pre></BODY>")
            == "<BODY><pre>&lt;/body></pre>" + ReloadScript.html + "</BODY>")
        #expect(ReloadScript.inject(into: "x</body>y</body>z") == "x</body>y" + ReloadScript.html + "</body>z")
    }

    @Test func placeholderPageCarriesTheScriptBeforeTheFirstSetPage() throws {
        try withServer { _, client in
            let response = try client.get("/")
            #expect(response.status == 200)
            #expect(response.text.contains("id=\"\(ReloadScript.marker)\""))
        }
    }

    @Test func unknownPathIs404AndOtherMethodsAre405() throws {
        try withServer { _, client in
            #expect(try client.get("/nope").status == 404)
            #expect(try client.get("/files/").status == 404)
            let post = try client.get("/", method: "POST")
            #expect(post.status == 405)
            #expect(post.headers["allow"] == "GET")
            #expect(try client.get("/events", method: "DELETE").status == 405)
            #expect(try client.send("NONSENSE\r\n\r\n").status == 400)
            #expect(try client.send("GET nope HTTP/1.1\r\n\r\n").status == 400)
        }
    }

    @Test func queryStringsAreIgnoredForRouting() throws {
        try withServer { server, client in
            server.setPage("<p>q</p>")
            let response = try client.get("/?t=1")
            #expect(response.text.hasPrefix("<p>q</p>"))
        }
    }

    @Test func portZeroGivesABoundPortThatAnswers() throws {
        try withServer { server, client in
            #expect(server.port > 0)
            let response = try client.get("/")
            #expect(response.status == 200)
        }
    }

    @Test func portInUseIsReportedWordForWord() throws {
        try withServer { server, _ in
            let second = PreviewServer(port: server.port, filesRoot: FileManager.default.temporaryDirectory)
            #expect {
                try second.start()
            } throws: { error in
                "\(error)" == "cannot listen on 127.0.0.1:\(server.port): address already in use"
                    + " (hint: pass --port with another number, or 0 for any free port)"
            }
        }
    }

    @Test func invalidPortIsReportedWordForWord() {
        let server = PreviewServer(port: 70000, filesRoot: FileManager.default.temporaryDirectory)
        #expect {
            try server.start()
        } throws: { error in
            "\(error)" == "invalid port 70000 (hint: pass --port with a number from 1 to 65535, or 0 for any free port)"
        }
    }

    @Test func stopReturnsPromptlyAndClosesEverything() throws {
        let root = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let server = PreviewServer(port: 0, filesRoot: root)
        try server.start()
        let port = server.port
        let stream = try EventStreamClient(port: port)
        #expect(stream.read(timeout: 2) { $0.contains("retry:") })
        // A client that connects and sends nothing keeps a request thread waiting in recv.
        let idle = try RawHTTPClient.connect(port: port, receiveTimeout: 5)
        defer { close(idle) }
        usleep(100_000)
        let started = Date()
        server.stop()
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 0.5, "stop() took \(elapsed) s")
        #expect(stream.serverClosed(timeout: 1))
        #expect(throws: RawHTTPClient.Failure.self) { try RawHTTPClient(port: port).get("/") }
    }

    @Test func serverCanBeStartedAgainAfterStop() throws {
        let server = PreviewServer(port: 0, filesRoot: FileManager.default.temporaryDirectory)
        try server.start()
        server.stop()
        try server.start()
        defer { server.stop() }
        #expect(try RawHTTPClient(port: server.port).get("/").status == 200)
    }
}
