import Glibc

/// One spare file descriptor held back for the moment the process runs out of them.
///
/// When `accept` fails with EMFILE the connection stays queued and the listener stays readable, so
/// polling again returns at once: the accept loop would spin at full CPU until a descriptor frees up.
/// Closing the spare lets the loop take the queued connection, tell it why, close it, and take the spare
/// back; the queue drains instead of spinning.
struct DescriptorReserve {
    private var spare: Int32 = -1

    init() { refill() }

    /// Takes one queued connection using the spare descriptor and turns it away with a 503.
    /// False when even that gave no connection (the system-wide table is full, or another thread took
    /// the freed descriptor): the caller should back off.
    mutating func shed(_ listener: Int32, accept: (Int32) -> Socket.Accepted) -> Bool {
        release()
        defer { refill() }
        guard case .client(let fd) = accept(listener) else { return false }
        _ = Socket.sendAll(fd, HTTPResponse.outOfDescriptors.bytes)
        Socket.finish(fd)
        return true
    }

    mutating func release() {
        if spare >= 0 { close(spare) }
        spare = -1
    }

    private mutating func refill() {
        if spare < 0 { spare = open("/dev/null", O_RDONLY | O_CLOEXEC) }
    }
}
