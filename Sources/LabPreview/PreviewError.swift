import Foundation

/// Why the preview server could not start. Messages are meant for the user as is.
public enum PreviewError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The port is outside 0…65535 (0 asks the system for any free port).
    case invalidPort(Int)
    /// `socket`, `bind` or `listen` failed; `errno` is the POSIX error code.
    case cannotListen(port: Int, errno: Int32)

    public var description: String {
        switch self {
        case let .invalidPort(port):
            return "invalid port \(port) (hint: pass --port with a number from 1 to 65535, or 0 for any free port)"
        case let .cannotListen(port, code):
            let reason = Socket.describe(errno: code)
            let hint = switch code {
            case EADDRINUSE: " (hint: pass --port with another number, or 0 for any free port)"
            case EACCES: " (hint: ports below 1024 need privileges; pass --port with a number above 1023)"
            default: ""
            }
            return "cannot listen on \(PreviewServer.host):\(port): \(reason)\(hint)"
        }
    }

    public var errorDescription: String? { description }
}
