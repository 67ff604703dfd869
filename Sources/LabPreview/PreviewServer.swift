import Foundation
import Glibc

/// A small HTTP/1.1 server on 127.0.0.1 for `labrun preview`: serves the current page with a reload
/// script, a Server-Sent Events channel the page listens on, and the page's artifact files.
///
/// Routes (GET only; other methods get 405, other paths 404):
/// - `/` — the page given to ``setPage(_:)``, with a script that reloads on a `reload` event and shows
///   the text of `status` events in a box at the bottom right (hidden when the text is empty);
/// - `/events` — the event stream that ``broadcast(event:data:)`` writes to;
/// - `/files/<relative path>` — a file under `filesRoot`.
///
/// One thread accepts connections and sends the keep-alive pings; each request gets its own short-lived
/// thread. All methods may be called from any thread.
public final class PreviewServer: @unchecked Sendable {
    /// The only address the server listens on: the preview is for the person at this machine.
    public static let host = "127.0.0.1"
    /// The event name that makes the page reload.
    public static let reloadEvent = "reload"
    /// The event name whose text the page shows in its status box; the latest one is sent to new clients.
    public static let statusEvent = EventChannel.statusEvent

    private let requestedPort: Int
    private let files: ArtifactFiles
    private let pingInterval: TimeInterval
    private let events = EventChannel()
    /// Entered by every thread the server starts; `stop()` waits on it.
    private let threads = DispatchGroup()

    private let lock = NSLock()
    private var page: [UInt8] = Array(ReloadScript.inject(into: PreviewServer.placeholder).utf8)
    private var listener: Int32 = -1
    private var wakePipe: (read: Int32, write: Int32) = (-1, -1)
    private var boundPort: Int?
    /// Sockets of requests being answered, so `stop()` can interrupt a client that sends nothing.
    private var busy: Set<Int32> = []
    /// Set by `stop()` so a connection accepted while stopping is closed instead of served.
    private var stopping = false

    /// Shown until the owner sets the first page; the injected script reloads it when that happens.
    private static let placeholder = "<!doctype html><html><head><meta charset=\"utf-8\"><title>labrun preview</title>"
        + "</head><body><p>Rendering…</p></body></html>"
    /// More simultaneous requests than a browser tab or two make are refused rather than given threads.
    private static let maxBusyConnections = 64

    /// - Parameters:
    ///   - port: the TCP port; 0 lets the system choose a free one (read it back from ``port`` after ``start()``).
    ///   - filesRoot: the folder served at `/files/` (the page's `NAME_files/` artifacts).
    ///   - pingInterval: seconds between keep-alive comments on the event stream.
    public init(port: Int = 8000, filesRoot: URL, pingInterval: TimeInterval = 15) {
        self.requestedPort = port
        self.files = ArtifactFiles(root: filesRoot)
        self.pingInterval = pingInterval
    }

    /// The port the server listens on once started (the requested one before that).
    public var port: Int { lock.withLock { boundPort ?? requestedPort } }

    /// Starts listening and serving in the background; the server runs until ``stop()``.
    /// Does nothing if already started.
    /// - Throws: ``PreviewError`` when the port is taken, invalid or not permitted.
    public func start() throws {
        try lock.withLock {
            guard listener < 0 else { return }
            let (fd, port) = try Socket.listenOnLoopback(port: requestedPort)
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                let code = errno
                close(fd)
                throw PreviewError.cannotListen(port: requestedPort, errno: code)
            }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            let wake = ends[0]
            listener = fd
            wakePipe = (wake, ends[1])
            boundPort = port
            stopping = false
            spawn { [self] in acceptLoop(listener: fd, wake: wake) }
        }
    }

    /// Replaces the page served at `/`; the reload script is added here, once per page.
    /// Call ``broadcast(event:data:)`` with ``reloadEvent`` afterwards to make open pages fetch it.
    public func setPage(_ html: String) {
        let bytes = Array(ReloadScript.inject(into: html).utf8)
        lock.withLock { page = bytes }
    }

    /// Sends an event to every open page; `data` may have several lines. Clients that went away are dropped.
    public func broadcast(event: String, data: String) {
        events.broadcast(event: event, data: data)
    }

    /// Closes the listening socket and every client, and waits (up to 2 s) for the server's threads to end.
    public func stop() {
        lock.withLock {
            // A second concurrent stop() leaves the work to the first.
            guard listener >= 0, !stopping else { return }
            stopping = true
            // The accept loop polls the pipe too; a byte on it ends the loop without waiting for a timeout.
            var byte: UInt8 = 1
            _ = write(wakePipe.write, &byte, 1)
            // Wakes request threads blocked in recv; each closes its own socket.
            for fd in busy { shutdown(fd, Int32(SHUT_RDWR)) }
        }
        _ = threads.wait(timeout: .now() + 2)
        lock.withLock {
            close(listener)
            close(wakePipe.read)
            close(wakePipe.write)
            listener = -1
            wakePipe = (-1, -1)
            boundPort = nil
        }
        events.closeAll()
    }

    /// Number of connected event-stream clients (for tests).
    var eventClientCount: Int { events.clientCount }

    private func spawn(_ work: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in
            work()
            threads.leave()
        }
        thread.name = "labrun-preview"
        thread.start()
    }

    private func acceptLoop(listener: Int32, wake: Int32) {
        var nextPing = Date().addingTimeInterval(pingInterval)
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let timeout = Int32(max(0, min(nextPing.timeIntervalSinceNow * 1000, 60_000)))
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno != EINTR { return }
            if fds[1].revents != 0 { return }
            if fds[0].revents & Int16(POLLIN) != 0, let client = Socket.acceptClient(listener) {
                admit(client)
            }
            if Date() >= nextPing {
                events.ping()
                nextPing = Date().addingTimeInterval(pingInterval)
            }
        }
    }

    private func admit(_ client: Int32) {
        let admitted = lock.withLock {
            guard !stopping, busy.count < Self.maxBusyConnections else { return false }
            busy.insert(client)
            return true
        }
        guard admitted else {
            close(client)
            return
        }
        spawn { [self] in serve(client) }
    }

    /// Answers one request on `fd`. The socket is closed here, except an event stream's, which the
    /// event channel keeps.
    private func serve(_ fd: Int32) {
        Socket.setTimeouts(fd, receive: 5, send: 2)
        let response = respond(to: Socket.readRequestHead(fd))
        lock.withLock { _ = busy.remove(fd) }
        switch response {
        case .none: close(fd)
        case .some(.eventStream): events.add(fd)
        case let .some(.complete(response)):
            _ = Socket.sendAll(fd, response.bytes)
            Socket.finish(fd)
        }
    }

    private enum Reply {
        case complete(HTTPResponse)
        case eventStream
    }

    /// What to send for a request head; nil when the client sent nothing usable before closing.
    private func respond(to head: [UInt8]?) -> Reply? {
        guard let head else { return nil }
        guard let request = HTTPRequest(head: head) else { return .complete(.badRequest) }
        guard request.method == "GET" else { return .complete(.methodNotAllowed) }
        switch request.path {
        case "/", "/index.html":
            return .complete(.ok(lock.withLock { page }, contentType: "text/html; charset=utf-8"))
        case "/events":
            return .eventStream
        case let path where path.hasPrefix("/files/"):
            return .complete(files.response(forEncodedPath: path.dropFirst("/files/".count)))
        default:
            return .complete(.notFound)
        }
    }
}
