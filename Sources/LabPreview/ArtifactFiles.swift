import Foundation

/// The files under one folder (the page's `NAME_files/`), served at `/files/<relative path>`.
struct ArtifactFiles: Sendable {
    /// The folder with symbolic links resolved, so the containment check compares real paths.
    let root: URL

    init(root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The response for a request path below `/files/` (still percent-encoded).
    ///
    /// Anything that could name a file outside the root (`..`, `.`, an absolute path, NUL, any of these
    /// percent-encoded, a symbolic link leading out) is answered 404, like a missing file.
    func response(forEncodedPath encoded: Substring) -> HTTPResponse {
        guard let url = resolve(encoded), let body = try? Data(contentsOf: url) else { return .notFound }
        return .ok(Array(body), contentType: Self.contentType(forExtension: url.pathExtension))
    }

    /// The file a relative request path names, or nil when it is not a regular file inside the root.
    func resolve(_ encoded: Substring) -> URL? {
        guard let relative = String(encoded).removingPercentEncoding,
              !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\0") else { return nil }
        let components = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else { return nil }
        let candidate = root.appendingPathComponent(relative).resolvingSymlinksInPath()
        // Checked after resolving links: a link inside the root may point anywhere.
        guard candidate.path.hasPrefix(root.path + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
              !isDirectory.boolValue else { return nil }
        return candidate
    }

    /// The Content-Type for the artifacts a lab writes; C sources as plain text so browsers show them.
    static func contentType(forExtension ext: String) -> String {
        switch ext.lowercased() {
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "html", "htm": "text/html; charset=utf-8"
        case "txt", "h", "c", "md": "text/plain; charset=utf-8"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}
