import Foundation
#if DEBUG
@testable import LabPreview
#endif

/// The preview server's request handling, without sockets: the request-line parser, then for
/// `GET /files/…` the path resolution, which must never name a file outside the served folder.
enum HTTPRequestHarness {
    static func run(_ input: Data) {
        #if DEBUG
        guard let request = HTTPRequest(head: [UInt8](input)) else { return }
        guard request.method == "GET", request.path.hasPrefix("/files/") else { return }
        let files = ArtifactFiles(root: ServedFolder.shared.root)
        if let url = files.resolve(request.path.dropFirst("/files/".count)) {
            // Containment is the resolver's promise: a path outside the root is a security bug.
            precondition(url.path.hasPrefix(files.root.path + "/"), "served a file outside the root: \(url.path)")
        }
        #endif
    }
}

/// A temporary folder with one file and one sub-folder, as a page's `NAME_files/` looks.
final class ServedFolder: Sendable {
    static let shared = ServedFolder()
    let root: URL

    private init() {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-fuzz-files-\(getpid())")
        let sub = root.appendingPathComponent("models")
        try? FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try? Data("<svg/>".utf8).write(to: root.appendingPathComponent("chart.svg"))
        try? Data([1, 2, 3]).write(to: sub.appendingPathComponent("int8.tflite"))
        atexit { try? FileManager.default.removeItem(at: ServedFolder.shared.root) }
    }
}
