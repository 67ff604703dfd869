import Foundation
import Glibc

/// The few POSIX socket calls the server needs, so the server code reads as HTTP rather than errno handling.
enum Socket {
    /// A listening TCP socket on 127.0.0.1 and the port it got (the system picks one when `port` is 0).
    /// The socket is non-blocking: the accept loop polls it, and a connection that vanishes between
    /// `poll` and `accept` must not block the loop.
    static func listenOnLoopback(port: Int) throws -> (fd: Int32, port: Int) {
        guard (0...65535).contains(port) else { throw PreviewError.invalidPort(port) }
        // CLOEXEC: steps may spawn processes; they must not inherit (and keep bound) the port.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw PreviewError.cannotListen(port: port, errno: errno) }
        // SO_REUSEADDR: restarting `labrun preview` must not wait for TIME_WAIT connections to expire.
        // On Linux it still refuses a port that another socket is listening on.
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: in_addr_t(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 32) == 0 else {
            let code = errno
            close(fd)
            throw PreviewError.cannotListen(port: port, errno: code)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return (fd, boundPort(fd) ?? port)
    }

    /// The local port a socket is bound to.
    static func boundPort(_ fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return ok == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// What one `accept` on the non-blocking listener gave.
    enum Accepted: Equatable {
        case client(Int32)
        /// Nothing pending (EAGAIN), or the connection vanished before it was taken.
        case none
        /// EMFILE or ENFILE: the connection stays queued and the listener stays readable, so a loop
        /// that simply polls again would spin.
        case outOfDescriptors
    }

    /// Accepts one pending connection (the listening socket is non-blocking).
    static func acceptClient(_ listener: Int32) -> Accepted {
        let fd = accept(listener, nil, nil)
        guard fd >= 0 else {
            // ENOBUFS/ENOMEM are the same kind of exhaustion as EMFILE/ENFILE: back off too.
            return [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(errno) ? .outOfDescriptors : .none
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return .client(fd)
    }

    /// Bounds how long one `recv` or `send` may block, so a silent or stuck client cannot hold a thread
    /// (or a broadcast) forever.
    static func setTimeouts(_ fd: Int32, receive: Int, send: Int) {
        var r = timeval(tv_sec: receive, tv_usec: 0), s = timeval(tv_sec: send, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &r, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &s, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `bytes`; false when the peer is gone or the send timed out.
    /// MSG_NOSIGNAL: a closed peer must give EPIPE, not end the process with SIGPIPE.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return send(fd, base + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// How reading a request head ended.
    enum Head: Equatable {
        case complete([UInt8])
        /// The client closed (or `stop()` shut the socket) before the head ended.
        case closed
        /// The deadline passed first: a slow or silent client.
        case timedOut
        /// More than the limit without the blank line that ends a head.
        case tooLarge
    }

    /// Reads until the blank line that ends an HTTP request head, by `deadline` for the whole head:
    /// a client trickling one byte at a time cannot hold the thread longer than that.
    static func readRequestHead(_ fd: Int32, limit: Int, deadline: Date) -> Head {
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return .timedOut }
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if polled < 0 && errno == EINTR { continue }
            guard polled > 0 else { return polled == 0 ? .timedOut : .closed }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, limit + 4 - head.count), 0) }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            guard count > 0 else { return .closed }
            head.append(contentsOf: chunk[0..<count])
            if let end = endOfHead(head) { return end <= limit ? .complete(Array(head[0..<end])) : .tooLarge }
            if head.count > limit { return .tooLarge }
        }
    }

    /// The index just past "\r\n\r\n" (or a bare "\n\n", which some hand-written clients send).
    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0A {
                if bytes[i + 1] == 0x0A { return i + 2 }
                if bytes[i + 1] == 0x0D, i + 2 < bytes.count, bytes[i + 2] == 0x0A { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    /// Sends what is queued, then closes. `shutdown` first so the client sees a clean end of the response.
    static func finish(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
    }

    /// `strerror` text in the lower case used by our messages ("address already in use").
    static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        let message = String(cString: text)
        return message.prefix(1).lowercased() + message.dropFirst()
    }
}
