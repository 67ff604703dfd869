import Foundation
@testable import LabPreview

/// A fresh empty folder under the temporary directory.
func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("labpreview-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs `body` with a started server on a free port, serving `files` (an empty scratch folder by default),
/// and stops it afterwards.
func withServer(files: URL? = nil, pingInterval: TimeInterval = 15, limits: ServerLimits = .init(),
                acceptConnection: (@Sendable (Int32) -> Socket.Accepted)? = nil,
                _ body: (PreviewServer, RawHTTPClient) throws -> Void) throws {
    let root = try files ?? scratchDirectory()
    let server = PreviewServer(port: 0, filesRoot: root, pingInterval: pingInterval, limits: limits)
    if let acceptConnection { server.acceptConnection = acceptConnection }
    try server.start()
    defer {
        server.stop()
        if files == nil { try? FileManager.default.removeItem(at: root) }
    }
    try body(server, RawHTTPClient(port: server.port))
}

/// Waits up to `timeout` seconds for `condition`, checking every 10 ms.
func eventually(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if Date() >= deadline { return false }
        usleep(10_000)
    }
    return true
}

/// Times at which a handler ran, safe to record from any thread.
final class CallLog: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Date] = []

    func record() { lock.withLock { times.append(Date()) } }
    var calls: [Date] { lock.withLock { times } }
}
