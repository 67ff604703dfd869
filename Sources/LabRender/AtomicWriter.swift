import Foundation

/// Writes a file so that readers see either the old content or the new, never a half-written file:
/// the bytes go to a temporary file in the same directory, are flushed to disk, and the temporary file
/// is then renamed over the target (a rename within one file system is atomic).
public enum AtomicWriter {
    /// Writes `data` to `url`. The directory must exist. On failure the old file (if any) is untouched,
    /// the temporary file is removed, and the error names the path and the operating system's reason.
    public static func write(_ data: Data, to url: URL) throws {
        let target = url.path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw AtomicWriteError(path: target, reason: lastError()) }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let n = Foundation.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = lastError()
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = lastError() }
        if close(fd) != 0 && failure == nil { failure = lastError() }
        if failure == nil && rename(temporary, target) != 0 { failure = lastError() }
        if let failure {
            unlink(temporary)
            throw AtomicWriteError(path: target, reason: failure)
        }
    }

    /// Writes a string as UTF-8.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// A file could not be written; the old content, if any, is still there.
public struct AtomicWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// The operating system's words, e.g. "No such file or directory".
    public var reason: String
    public var description: String { "error: cannot write \(path): \(reason)" }
}
