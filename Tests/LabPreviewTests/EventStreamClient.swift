import Foundation
import Glibc

/// An `/events` client that reads the stream and decodes it as a browser's EventSource does
/// (WHATWG HTML, "Server-sent events": fields, one optional space after the colon, comments,
/// and no dispatch for an event whose data is empty).
final class EventStreamClient {
    struct Event: Equatable {
        var type: String
        var data: String
    }

    private let fd: Int32
    /// Everything received so far, as text.
    private(set) var received = ""

    init(port: Int) throws {
        fd = try RawHTTPClient.connect(port: port, receiveTimeout: 0)
        // Short receive timeout: `read(until:)` polls its deadline between reads.
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try RawHTTPClient.write(fd, "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    }

    deinit { close(fd) }

    /// Reads until `done(received)` holds or `timeout` seconds pass; true when it held.
    /// Also ends (false) when the server closes the stream.
    @discardableResult
    func read(timeout: TimeInterval, until done: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !done(received) {
            if Date() >= deadline { return false }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return done(received) }
            if n > 0 { received += String(decoding: chunk[0..<n], as: UTF8.self) }
        }
        return true
    }

    /// True once the server has closed the connection (waits up to `timeout` seconds).
    func serverClosed(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n > 0 { received += String(decoding: chunk[0..<n], as: UTF8.self) }
            if n < 0 && errno != EAGAIN && errno != EINTR { return true }
        }
        return false
    }

    /// The response head (up to the blank line) and the events a browser would dispatch from the body.
    var head: String { received.components(separatedBy: "\r\n\r\n").first ?? "" }
    var events: [Event] {
        guard let end = received.range(of: "\r\n\r\n") else { return [] }
        return Self.decode(String(received[end.upperBound...]))
    }

    /// The event-stream interpretation, written from the spec rather than from the server's encoder.
    static func decode(_ stream: String) -> [Event] {
        var events: [Event] = []
        var type = "", data = ""
        let lines = stream.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        for line in lines {
            if line.isEmpty {
                // Dispatch: an empty data buffer means nothing is dispatched.
                if !data.isEmpty {
                    if data.hasSuffix("\n") { data.removeLast() }
                    events.append(Event(type: type.isEmpty ? "message" : type, data: data))
                }
                type = ""
                data = ""
                continue
            }
            if line.hasPrefix(":") { continue }
            let name: Substring, value: Substring
            if let colon = line.firstIndex(of: ":") {
                name = line[..<colon]
                var rest = line[line.index(after: colon)...]
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                value = rest
            } else {
                name = line
                value = ""
            }
            switch name {
            case "event": type = String(value)
            case "data": data += value + "\n"
            default: break
            }
        }
        return events
    }
}
