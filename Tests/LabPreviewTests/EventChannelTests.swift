import Foundation
import Testing
@testable import LabPreview

@Suite struct EventChannelTests {
    @Test func eachDataLineBecomesADataField() {
        // The text/event-stream format written out by hand.
        #expect(String(decoding: EventChannel.encode(event: "status", data: "a\nb\r\nc"), as: UTF8.self)
            == "event: status\ndata: a\ndata: b\ndata: c\n\n")
        #expect(String(decoding: EventChannel.encode(event: "reload", data: ""), as: UTF8.self)
            == "event: reload\ndata: \n\n")
        #expect(String(decoding: EventChannel.encode(event: "re\nload", data: "x"), as: UTF8.self)
            == "event: reload\ndata: x\n\n")
    }

    @Test func aBrowserWouldDispatchWhatWasBroadcast() {
        for data in ["", "one", "two\nlines", " leading space", "ends with newline\n"] {
            let stream = String(decoding: EventChannel.encode(event: "status", data: data), as: UTF8.self)
            #expect(EventStreamClient.decode(stream) == [.init(type: "status", data: data)], "\(data)")
        }
    }

    @Test func broadcastReachesAConnectedClientWithinTwoSeconds() throws {
        try withServer { server, _ in
            let stream = try EventStreamClient(port: server.port)
            // The response head and the retry field arrive once the server has registered the client.
            #expect(stream.read(timeout: 2) { $0.contains("retry: 1000\n\n") })
            #expect(stream.head.hasPrefix("HTTP/1.1 200 OK"))
            #expect(stream.head.contains("Content-Type: text/event-stream"))
            #expect(stream.head.contains("Cache-Control: no-cache"))
            let sent = Date()
            server.broadcast(event: PreviewServer.reloadEvent, data: "")
            #expect(stream.read(timeout: 2) { !EventStreamClient.decode($0).isEmpty })
            let latency = Date().timeIntervalSince(sent)
            #expect(latency < 2, "reload arrived after \(latency) s")
            #expect(stream.events == [.init(type: "reload", data: "")])
        }
    }

    @Test func multiLineDataArrivesWhole() throws {
        try withServer { server, _ in
            let stream = try EventStreamClient(port: server.port)
            #expect(stream.read(timeout: 2) { $0.contains("retry:") })
            server.broadcast(event: "status", data: "running train #baseline\n40% · ETA 9 s")
            #expect(stream.read(timeout: 2) { EventStreamClient.decode($0).count == 1 })
            #expect(stream.events == [.init(type: "status", data: "running train #baseline\n40% · ETA 9 s")])
        }
    }

    @Test func latestStatusIsSentToAClientThatConnectsLater() throws {
        try withServer { server, _ in
            server.broadcast(event: "status", data: "first")
            server.broadcast(event: "reload", data: "")
            server.broadcast(event: "status", data: "running train #baseline · 40% · ETA 9 s")
            let stream = try EventStreamClient(port: server.port)
            #expect(stream.read(timeout: 2) { EventStreamClient.decode($0).count == 1 })
            // Only the latest status; a reload is not replayed.
            #expect(stream.events == [.init(type: "status", data: "running train #baseline · 40% · ETA 9 s")])
        }
    }

    @Test func noStatusIsSentOnConnectWhenTheLatestIsEmpty() throws {
        try withServer { server, _ in
            server.broadcast(event: "status", data: "busy")
            server.broadcast(event: "status", data: "")
            let stream = try EventStreamClient(port: server.port)
            #expect(stream.read(timeout: 2) { $0.contains("retry:") })
            #expect(!stream.read(timeout: 0.3) { !EventStreamClient.decode($0).isEmpty })
        }
    }

    @Test func clientsThatWentAwayAreDroppedQuietly() throws {
        try withServer { server, _ in
            var gone: EventStreamClient? = try EventStreamClient(port: server.port)
            let staying = try EventStreamClient(port: server.port)
            #expect(gone?.read(timeout: 2) { $0.contains("retry:") } == true)
            #expect(staying.read(timeout: 2) { $0.contains("retry:") })
            #expect(server.eventClientCount == 2)
            gone = nil
            // The first write after the peer closed may still succeed (the reset comes back later);
            // a later one fails with EPIPE, which must not end the process.
            #expect(eventually(timeout: 2) {
                server.broadcast(event: "status", data: "tick")
                return server.eventClientCount == 1
            })
            #expect(staying.read(timeout: 2) { EventStreamClient.decode($0).count >= 1 })
            #expect(staying.events.allSatisfy { $0 == .init(type: "status", data: "tick") })
        }
    }

    @Test func pingsKeepTheStreamAlive() throws {
        try withServer(pingInterval: 0.1) { server, _ in
            let stream = try EventStreamClient(port: server.port)
            #expect(stream.read(timeout: 2) { $0.contains(": ping\n\n") })
            #expect(stream.events.isEmpty)
        }
    }
}
