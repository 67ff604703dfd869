import Foundation
import Testing
@testable import LabPreview

@Suite struct ArtifactFilesTests {
    /// A folder `site/` with `root/` (served) and `secret.txt` beside it (must never be served).
    private func makeSite() throws -> (site: URL, root: URL) {
        let site = try scratchDirectory()
        let root = site.appendingPathComponent("lab_files")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("TOP SECRET".utf8).write(to: site.appendingPathComponent("secret.txt"))
        return (site, root)
    }

    @Test func filesAreServedWithTheirBytesAndContentType() throws {
        let (site, root) = try makeSite()
        defer { try? FileManager.default.removeItem(at: site) }
        // The PNG signature and the start of an IHDR chunk: any bytes would do, these look like a PNG.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
        try Data(png).write(to: root.appendingPathComponent("x.png"))
        try Data("const int n = 1;\n".utf8).write(to: root.appendingPathComponent("sub/model.h"))
        try Data([0x1C, 0, 0, 0, 0x54, 0x46, 0x4C, 0x33]).write(to: root.appendingPathComponent("int8 model.tflite"))
        try withServer(files: root) { _, client in
            let image = try client.get("/files/x.png")
            #expect(image.status == 200)
            #expect(image.headers["content-type"] == "image/png")
            #expect(image.body == png)
            let header = try client.get("/files/sub/model.h")
            #expect(header.headers["content-type"] == "text/plain; charset=utf-8")
            #expect(header.text == "const int n = 1;\n")
            let model = try client.get("/files/int8%20model.tflite")
            #expect(model.status == 200)
            #expect(model.headers["content-type"] == "application/octet-stream")
            #expect(model.body.count == 8)
            #expect(try client.get("/files/missing.png").status == 404)
            #expect(try client.get("/files/sub").status == 404)
        }
    }

    @Test func contentTypesForTheArtifactKinds() {
        let expected = [
            "png": "image/png", "svg": "image/svg+xml", "html": "text/html; charset=utf-8",
            "txt": "text/plain; charset=utf-8", "h": "text/plain; charset=utf-8", "c": "text/plain; charset=utf-8",
            "json": "application/json", "tflite": "application/octet-stream", "": "application/octet-stream",
            "PNG": "image/png",
        ]
        for (ext, type) in expected { #expect(ArtifactFiles.contentType(forExtension: ext) == type, "\(ext)") }
    }

    @Test(arguments: [
        "/files/../secret.txt",
        "/files/sub/../../secret.txt",
        "/files/%2e%2e/secret.txt",
        "/files/%2E%2E%2Fsecret.txt",
        "/files/sub%2F..%2F..%2Fsecret.txt",
        "/files//etc/passwd",
        "/files/%2Fetc%2Fpasswd",
        "/files/./x.png",
        "/files/x.png%00.txt",
        "/files/%zz",
        "/files/link-out",
    ])
    func traversalIsRefused(path: String) throws {
        let (site, root) = try makeSite()
        defer { try? FileManager.default.removeItem(at: site) }
        try Data([1]).write(to: root.appendingPathComponent("x.png"))
        // A symbolic link inside the root that leads out of it.
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("link-out"),
                                                   withDestinationURL: site.appendingPathComponent("secret.txt"))
        try withServer(files: root) { _, client in
            let response = try client.get(path)
            #expect(response.status == 404)
            #expect(!response.text.contains("TOP SECRET"))
        }
    }

    @Test func aLinkThatStaysInsideTheRootIsServed() throws {
        let (site, root) = try makeSite()
        defer { try? FileManager.default.removeItem(at: site) }
        try Data("inside".utf8).write(to: root.appendingPathComponent("sub/a.txt"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("b.txt"),
                                                   withDestinationURL: root.appendingPathComponent("sub/a.txt"))
        try withServer(files: root) { _, client in
            let response = try client.get("/files/b.txt")
            #expect(response.text == "inside")
        }
    }
}
