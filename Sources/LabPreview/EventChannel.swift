import Foundation
import Glibc

/// The open `/events` connections (Server-Sent Events) and what is sent to them.
///
/// Clients have no thread of their own: after the response head the socket is handed over here and
/// only written to. A client that went away is noticed when a write to it fails (at the latest at
/// the next ping) and is dropped then.
final class EventChannel: @unchecked Sendable {
    /// The event whose latest data a newly connected client receives at once.
    static let statusEvent = "status"

    /// Streams kept at once; each holds a descriptor for as long as its tab is open.
    private let limit: Int
    private let lock = NSLock()
    private var clients: [Int32] = []
    private var latestStatus = ""

    init(limit: Int) {
        self.limit = limit
    }

    /// Number of connected clients (for tests).
    var clientCount: Int { lock.withLock { clients.count } }

    /// Sends the stream's response head and the latest status to `fd`, then keeps it for broadcasts;
    /// when `limit` streams are open already, answers 503 and closes `fd` instead.
    func add(_ fd: Int32) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Connection: keep-alive\r\n\r\n"
            // retry: browsers wait ~3 s before reconnecting by default; restarting the preview should
            // reconnect sooner.
            + "retry: 1000\n\n"
        lock.withLock {
            guard clients.count < limit else {
                _ = Socket.sendAll(fd, HTTPResponse.tooManyEventStreams(limit: limit).bytes)
                Socket.finish(fd)
                return
            }
            var greeting = Array(head.utf8)
            if !latestStatus.isEmpty { greeting += Self.encode(event: Self.statusEvent, data: latestStatus) }
            if Socket.sendAll(fd, greeting) { clients.append(fd) } else { close(fd) }
        }
    }

    /// Sends one event to every client; remembers the data of `status` events for later clients.
    func broadcast(event: String, data: String) {
        let bytes = Self.encode(event: event, data: data)
        lock.withLock {
            if event == Self.statusEvent { latestStatus = data }
            sendToAll(bytes)
        }
    }

    /// A comment line: keeps proxies from closing an idle stream and finds clients that went away.
    func ping() {
        lock.withLock { sendToAll(Array(": ping\n\n".utf8)) }
    }

    /// Closes every client connection.
    func closeAll() {
        lock.withLock {
            for fd in clients { Socket.finish(fd) }
            clients.removeAll()
        }
    }

    /// Must be called with `lock` held: writes are serialised so events never interleave on a socket.
    private func sendToAll(_ bytes: [UInt8]) {
        clients.removeAll { fd in
            if Socket.sendAll(fd, bytes) { return false }
            close(fd)
            return true
        }
    }

    /// One event in the `text/event-stream` format: every line of `data` becomes its own `data:` line.
    ///
    /// Empty data still gets one (empty) `data:` line: browsers do not dispatch an event without one.
    /// Line breaks in `event` would end the field early, so they are removed.
    static func encode(event: String, data: String) -> [UInt8] {
        let name = event.filter { $0 != "\n" && $0 != "\r" }
        // The stream format ends lines at CR, LF or CRLF; Swift treats "\r\n" as one Character.
        let lines = data.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        var text = "event: \(name)\n"
        for line in lines { text += "data: \(line)\n" }
        text += "\n"
        return Array(text.utf8)
    }
}
