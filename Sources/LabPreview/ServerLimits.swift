import Foundation

/// How much of the machine one preview server may be made to hold, whatever its clients do.
///
/// The preview listens on 127.0.0.1 only, but any local program (or a web page's script aimed at
/// localhost) can open connections; these bounds keep such a client from locking out the browser tab.
public struct ServerLimits: Sendable, Equatable {
    /// Requests answered at once, each on its own thread. When all are taken, a new connection takes
    /// the slot of the oldest one still sending its head (that one gets a 503); when every slot is
    /// answering a complete request, the new connection is closed at once.
    public var connections = 64
    /// Seconds from accept to the end of the request head, however slowly the bytes trickle in.
    public var headDeadline: TimeInterval = 5
    /// Bytes a request head may take; the server serves GET without bodies, so heads are small.
    public var headBytes = 16 * 1024
    /// Open `/events` streams; the next one gets a 503. A tab holds one, so this is many tabs.
    public var eventClients = 32
    /// Seconds the accept loop pauses when the process or system is out of file descriptors and
    /// shedding the pending connection did not help.
    public var descriptorBackoff: TimeInterval = 0.1

    public init() {}
}
