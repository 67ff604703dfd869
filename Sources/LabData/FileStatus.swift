import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says about a path, read before any data file is opened: a directory, a FIFO or
/// a device in place of a data file is named as such (opening a FIFO would block), and a
/// changed file is told apart from the one last hashed (size, times, inode).
public struct FileStatus: Sendable, Equatable, Codable {
    public var size: Int
    /// Modification and status-change times in nanoseconds: the status-change time moves
    /// on every write and cannot be set back by `touch`.
    public var modifiedNanoseconds: Int64
    public var changedNanoseconds: Int64
    public var inode: UInt64
    public var device: UInt64
    /// `regular file`, `directory`, `FIFO`, …
    public var type: String

    public var isRegularFile: Bool { type == "regular file" }

    /// The status of `path` (following symbolic links), or nil when nothing is there.
    public static func of(_ path: String) -> FileStatus? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = info.st_mtimespec, changed = info.st_ctimespec
        #else
        let modified = info.st_mtim, changed = info.st_ctim
        #endif
        return FileStatus(size: Int(info.st_size),
                          modifiedNanoseconds: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
                          changedNanoseconds: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec),
                          inode: UInt64(info.st_ino), device: UInt64(info.st_dev), type: typeName(info.st_mode))
    }

    private static func typeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "regular file"
        case S_IFDIR: return "directory"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "special file"
        }
    }

    /// Why the operating system refused, in its words ("Permission denied"), for an error
    /// thrown by Foundation (never the NSError's own long text).
    public static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        // On Linux the underlying error may be stored as a Swift `Error` that `as? NSError` does not match.
        if let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? Error).map({ $0 as NSError }), underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch ns.code {
        case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "Permission denied"
        case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "No such file or directory"
        case NSFileWriteOutOfSpaceError: return "No space left on device"
        case NSFileWriteFileExistsError: return "File exists"
        default: return "\(error)"
        }
    }
}
