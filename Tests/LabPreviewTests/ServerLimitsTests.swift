import Foundation
import Glibc
import Testing
@testable import LabPreview

/// What a misbehaving local client can hold: each test would hang or fail against a server that only
/// bounded single `recv` calls, kept every event stream, and polled again after EMFILE.
@Suite struct ServerLimitsTests {
    @Test func clientsTricklingTheirHeadAreCutAtTheDeadlineAndOthersGetIn() throws {
        var limits = ServerLimits()
        limits.connections = 3
        limits.headDeadline = 0.5
        try withServer(limits: limits) { server, client in
            server.setPage("<p>open</p>")
            // Every slot taken by a client sending one byte every 100 ms: each recv succeeds quickly,
            // so only a deadline for the whole head frees the slot.
            let tricklers = try (0..<limits.connections).map { _ in
                try RawHTTPClient.connect(port: server.port, receiveTimeout: 3)
            }
            defer { tricklers.forEach { close($0) } }
            let started = Date()
            let bytes = Array("GET / HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8)
            for byte in bytes.prefix(8) {  // 8 rounds, 0.8 s: past the deadline, bounded
                for fd in tricklers { var b = byte; _ = send(fd, &b, 1, Int32(MSG_NOSIGNAL)) }
                usleep(100_000)
            }
            for fd in tricklers {
                let cut = try RawHTTPClient.readResponse(fd)
                #expect(cut.status == 408)
                #expect(cut.text == "the request head did not arrive within 0.5 s\n")
            }
            let response = try client.get("/")
            #expect(response.status == 200)
            #expect(response.text.hasPrefix("<p>open</p>"))
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed < 2, "took \(elapsed) s")
        }
    }

    @Test func aReconnectingClientCannotKeepTheBrowserOut() throws {
        var limits = ServerLimits()
        limits.connections = 3
        limits.headDeadline = 10  // far away: only dropping the oldest head lets the browser in
        try withServer(limits: limits) { server, client in
            server.setPage("<p>open</p>")
            var silent: [Int32] = []
            defer { silent.forEach { close($0) } }
            let started = Date()
            // 12 rounds (bounded): the attacker opens two silent connections, then the browser asks.
            for _ in 0..<12 {
                for _ in 0..<2 { silent.append(try RawHTTPClient.connect(port: server.port, receiveTimeout: 3)) }
                usleep(20_000)  // let the server accept them before the browser's request
                let response = try client.get("/")
                #expect(response.status == 200)
                #expect(response.text.hasPrefix("<p>open</p>"))
            }
            #expect(Date().timeIntervalSince(started) < 5)
            // The oldest silent connection gave its slot up with a plain 503.
            let dropped = try RawHTTPClient.readResponse(silent[0])
            #expect(dropped.status == 503)
            #expect(dropped.text == "dropped: all 3 request slots were taken and this request head was the oldest unfinished one\n")
        }
    }

    @Test func aSilentClientIsAnsweredAtTheDeadlineNotHeldForever() throws {
        var limits = ServerLimits()
        limits.headDeadline = 0.3
        try withServer(limits: limits) { server, _ in
            let fd = try RawHTTPClient.connect(port: server.port, receiveTimeout: 3)
            defer { close(fd) }
            let started = Date()
            let response = try RawHTTPClient.readResponse(fd)
            let elapsed = Date().timeIntervalSince(started)
            #expect(response.status == 408)
            #expect(elapsed >= 0.25 && elapsed < 1.5, "answered after \(elapsed) s")
        }
    }

    @Test func aHeadLongerThanTheLimitGets431() throws {
        var limits = ServerLimits()
        limits.headBytes = 1024
        try withServer(limits: limits) { _, client in
            let long = "GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 2000) + "\r\n\r\n"
            let response = try client.send(long)
            #expect(response.status == 431)
            #expect(response.text == "the request head is longer than 1024 bytes\n")
            // A head just under the limit is still served.
            let fits = "GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: 900) + "\r\n\r\n"
            #expect(try client.send(fits).status == 200)
        }
    }

    @Test func eventStreamsBeyondTheLimitGet503WithAPlainMessage() throws {
        var limits = ServerLimits()
        limits.eventClients = 2
        try withServer(limits: limits) { server, client in
            let streams = try (0..<2).map { _ in try EventStreamClient(port: server.port) }
            for stream in streams { #expect(stream.read(timeout: 2) { $0.contains("retry:") }) }
            let refused = try client.get("/events")
            #expect(refused.status == 503)
            #expect(refused.headers["content-type"] == "text/plain; charset=utf-8")
            #expect(refused.text == "too many open preview pages (the limit is 2): close some tabs, then reload this one\n")
            #expect(server.eventClientCount == 2)
            // The page itself is still served.
            #expect(try client.get("/").status == 200)
        }
    }

    @Test func acceptLoopBacksOffInsteadOfSpinningWhileOutOfDescriptors() throws {
        // Every accept fails as under `ulimit -n`: the connection stays queued, the listener readable.
        try withServer(acceptConnection: { _ in .outOfDescriptors }) { server, _ in
            let waiting = try RawHTTPClient.connect(port: server.port, receiveTimeout: 1)
            defer { close(waiting) }
            usleep(1_000_000)
            server.stop()
            // A loop that polled again at once would use most of this second.
            #expect(server.acceptLoopCPUSeconds < 0.1, "accept loop used \(server.acceptLoopCPUSeconds) s of CPU in 1 s")
        }
    }

    @Test func aConnectionArrivingWhileOutOfDescriptorsIsTurnedAwayWith503() throws {
        // The first accept fails with EMFILE; the one made after freeing the spare descriptor works.
        let calls = Counter()
        let accept: @Sendable (Int32) -> Socket.Accepted = { listener in
            calls.next() == 1 ? .outOfDescriptors : Socket.acceptClient(listener)
        }
        try withServer(acceptConnection: accept) { _, client in
            let response = try client.get("/")
            #expect(response.status == 503)
            #expect(response.text == "the preview server has no file descriptors left; try again shortly\n")
            #expect(try client.get("/").status == 200)
        }
    }
}

/// A thread-safe call counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}
