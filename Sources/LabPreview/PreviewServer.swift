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
/// thread. ``ServerLimits`` bounds what clients can hold: request threads, the time and size of a request
/// head, and event streams. All methods may be called from any thread.
public final class PreviewServer: @unchecked Sendable {
    /// The only address the server listens on: the preview is for the person at this machine.
    public static let host = "127.0.0.1"
    /// The event name that makes the page reload.
    public static let reloadEvent = "reload"
    /// The text of the script added to every page, exactly as between its tags: a page that carries a
    /// Content-Security-Policy must allow it (by its hash) for the reload and status box to work.
    public static let reloadScript = ReloadScript.source
    /// The event name whose text the page shows in its status box; the latest one is sent to new clients.
    public static let statusEvent = EventChannel.statusEvent

    private let requestedPort: Int
    private let files: ArtifactFiles
    private let pingInterval: TimeInterval
    private let limits: ServerLimits
    private let events: EventChannel
    /// `accept` on the listener; tests replace it to make the process look out of descriptors.
    var acceptConnection: @Sendable (Int32) -> Socket.Accepted = Socket.acceptClient
    /// Entered by every thread the server starts; `stop()` waits on it.
    private let threads = DispatchGroup()

    private let lock = NSLock()
    private var page: [UInt8] = Array(ReloadScript.inject(into: PreviewServer.placeholder).utf8)
    private var listener: Int32 = -1
    private var wakePipe: (read: Int32, write: Int32) = (-1, -1)
    private var boundPort: Int?
    /// Sockets of requests being answered, so `stop()` can interrupt a client that sends nothing and
    /// a new connection can take the slot of the oldest one still sending its head.
    private var busy: [Int32: RequestSlot] = [:]
    /// Set by `stop()` so a connection accepted while stopping is closed instead of served.
    private var stopping = false
    /// CPU seconds the last accept loop used, measured by that thread as it ended (for tests).
    private(set) var acceptLoopCPUSeconds: Double {
        get { lock.withLock { lastAcceptLoopCPU } }
        set { lock.withLock { lastAcceptLoopCPU = newValue } }
    }
    private var lastAcceptLoopCPU = 0.0

    /// Shown until the owner sets the first page; the injected script reloads it when that happens.
    private static let placeholder = "<!doctype html><html><head><meta charset=\"utf-8\"><title>labrun preview</title>"
        + "</head><body><p>Rendering…</p></body></html>"

    /// - Parameters:
    ///   - port: the TCP port; 0 lets the system choose a free one (read it back from ``port`` after ``start()``).
    ///   - filesRoot: the folder served at `/files/` (the page's `NAME_files/` artifacts).
    ///   - pingInterval: seconds between keep-alive comments on the event stream.
    ///   - limits: what clients may hold at once (the defaults suit one person's browser).
    public init(port: Int = 8000, filesRoot: URL, pingInterval: TimeInterval = 15, limits: ServerLimits = .init()) {
        self.requestedPort = port
        self.files = ArtifactFiles(root: filesRoot)
        self.pingInterval = pingInterval
        self.limits = limits
        self.events = EventChannel(limit: limits.eventClients)
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
            for fd in busy.keys { shutdown(fd, Int32(SHUT_RDWR)) }
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
        // While set, the listener is left out of the poll: the process is out of descriptors.
        var pausedUntil: Date?
        var reserve = DescriptorReserve()
        defer {
            reserve.release()
            acceptLoopCPUSeconds = Self.threadCPUSeconds()
        }
        while true {
            if let until = pausedUntil, until <= Date() { pausedUntil = nil }
            // poll ignores a negative descriptor.
            var fds = [pollfd(fd: pausedUntil == nil ? listener : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            let wakeAt = min(nextPing, pausedUntil ?? nextPing)
            let timeout = Int32(max(0, min(wakeAt.timeIntervalSinceNow * 1000, 60_000)).rounded(.up))
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno != EINTR { return }
            if fds[1].revents != 0 { return }
            if fds[0].revents & Int16(POLLIN) != 0 {
                switch acceptConnection(listener) {
                case .client(let client): admit(client, at: Date())
                case .none: break
                case .outOfDescriptors:
                    if !reserve.shed(listener, accept: acceptConnection) {
                        pausedUntil = Date().addingTimeInterval(limits.descriptorBackoff)
                    }
                }
            }
            if Date() >= nextPing {
                events.ping()
                nextPing = Date().addingTimeInterval(pingInterval)
            }
        }
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Serves `client` in a slot of its own. When every slot is taken, the oldest connection still
    /// sending its request head gives its slot up (a client reconnecting in a loop must not keep the
    /// browser out): its reading end is shut, so its thread stops waiting, answers 503 and ends.
    /// Only when every slot is answering a complete request is the new client closed at once.
    private func admit(_ client: Int32, at acceptedAt: Date) {
        let admitted = lock.withLock {
            guard !stopping else { return false }
            if busy.values.count(where: { !$0.dropped }) >= limits.connections {
                guard let oldest = busy.filter({ $0.value.readingHead && !$0.value.dropped })
                    .min(by: { $0.value.acceptedAt < $1.value.acceptedAt })?.key else { return false }
                busy[oldest]?.dropped = true
                shutdown(oldest, Int32(SHUT_RD))
            }
            busy[client] = RequestSlot(acceptedAt: acceptedAt)
            return true
        }
        guard admitted else {
            close(client)
            return
        }
        spawn { [self] in serve(client, acceptedAt: acceptedAt) }
    }

    /// Answers one request on `fd`. The socket is closed here, except an event stream's, which the
    /// event channel keeps.
    private func serve(_ fd: Int32, acceptedAt: Date) {
        Socket.setTimeouts(fd, receive: 5, send: 2)
        let head = Socket.readRequestHead(fd, limit: limits.headBytes,
                                          deadline: acceptedAt.addingTimeInterval(limits.headDeadline))
        let dropped = lock.withLock {
            busy[fd]?.readingHead = false
            return busy[fd]?.dropped ?? false
        }
        let response = dropped ? .complete(.droppedForNewer(limit: limits.connections)) : respond(to: head)
        lock.withLock { _ = busy.removeValue(forKey: fd) }
        switch response {
        case .none: close(fd)
        case .some(.eventStream): events.add(fd)
        case let .some(.complete(response)):
            _ = Socket.sendAll(fd, response.bytes)
            Socket.finish(fd)
        }
    }

    /// One request being answered.
    private struct RequestSlot {
        var acceptedAt: Date
        /// Still reading the request head (a slot that may be given to a newer connection).
        var readingHead = true
        /// Gave its slot to a newer connection; its thread is ending.
        var dropped = false
    }

    private enum Reply {
        case complete(HTTPResponse)
        case eventStream
    }

    /// What to send for a request head; nil when the client closed before sending one.
    private func respond(to result: Socket.Head) -> Reply? {
        let head: [UInt8]
        switch result {
        case .complete(let bytes): head = bytes
        case .closed: return nil
        case .timedOut: return .complete(.headTimedOut(after: limits.headDeadline))
        case .tooLarge: return .complete(.headTooLarge(limit: limits.headBytes))
        }
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
