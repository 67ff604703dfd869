/// A complete, non-streaming HTTP/1.1 response. Every one closes the connection: a browser opens
/// a few at a time and the server keeps no per-connection state beyond one request.
struct HTTPResponse: Sendable {
    var status: Int
    var reason: String
    var contentType: String
    var body: [UInt8]
    var extraHeaders: [(String, String)] = []

    /// Status line, headers and body as sent on the wire.
    var bytes: [UInt8] {
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        head += "Content-Type: \(contentType)\r\n"
        head += "Content-Length: \(body.count)\r\n"
        // The page and its artifacts change on every save; a cached copy would hide the change.
        head += "Cache-Control: no-store\r\n"
        for (name, value) in extraHeaders { head += "\(name): \(value)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    static func ok(_ body: [UInt8], contentType: String) -> HTTPResponse {
        HTTPResponse(status: 200, reason: "OK", contentType: contentType, body: body)
    }

    static func text(_ status: Int, _ reason: String, _ message: String) -> HTTPResponse {
        HTTPResponse(status: status, reason: reason, contentType: "text/plain; charset=utf-8",
                     body: Array((message + "\n").utf8))
    }

    static let notFound = text(404, "Not Found", "not found")
    static let badRequest = text(400, "Bad Request", "bad request")
    static let outOfDescriptors = text(503, "Service Unavailable",
                                       "the preview server has no file descriptors left; try again shortly")

    static func tooManyEventStreams(limit: Int) -> HTTPResponse {
        text(503, "Service Unavailable",
             "too many open preview pages (the limit is \(limit)): close some tabs, then reload this one")
    }

    static func headTimedOut(after seconds: Double) -> HTTPResponse {
        let shown = seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)"
        return text(408, "Request Timeout", "the request head did not arrive within \(shown) s")
    }

    /// For the oldest connection still sending its head, dropped when a new one found every slot taken.
    static func droppedForNewer(limit: Int) -> HTTPResponse {
        text(503, "Service Unavailable",
             "dropped: all \(limit) request slots were taken and this request head was the oldest unfinished one")
    }

    static func headTooLarge(limit: Int) -> HTTPResponse {
        text(431, "Request Header Fields Too Large", "the request head is longer than \(limit) bytes")
    }

    static let methodNotAllowed: HTTPResponse = {
        var response = text(405, "Method Not Allowed", "only GET is supported")
        response.extraHeaders = [("Allow", "GET")]
        return response
    }()
}
