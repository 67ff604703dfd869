import Foundation
import Glibc

/// Calls a handler once each time a file changes, by polling its modification time, size and identity.
///
/// Polling rather than inotify: it works for any editor and file system, and one `stat` every 150 ms
/// costs nothing. Editors save in steps (truncate then write, or write a temporary file and rename it
/// over the original), so a change is reported only once the file has looked the same for one more
/// poll, and never while the file is missing.
public final class FileWatcher: @unchecked Sendable {
    private let path: String
    private let interval: TimeInterval
    private let onChange: @Sendable () -> Void
    private let queue = DispatchQueue(label: "labrun.preview.file-watcher")
    private let queueKey = DispatchSpecificKey<Bool>()

    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    // Only touched on `queue`.
    private var reported: Signature?
    private var candidate: Signature?

    /// What is compared between polls. The inode and device catch a rename-save that keeps size and
    /// (to the second) mtime; nil means the file is missing.
    struct Signature: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    /// - Parameters:
    ///   - file: the file to watch; it may be missing at times (it is then treated as unchanged).
    ///   - interval: seconds between polls; a change is reported one to two intervals after it settles.
    ///   - onChange: called on a background queue, never twice at once; a change made while it runs
    ///     is reported after it returns.
    public init(file: URL, interval: TimeInterval = 0.15, onChange: @escaping @Sendable () -> Void) {
        self.path = file.path
        self.interval = interval
        self.onChange = onChange
        queue.setSpecific(key: queueKey, value: true)
    }

    deinit { timer?.cancel() }

    /// Starts polling; the file's state at this moment is the baseline. Does nothing if already started.
    public func start() {
        lock.withLock {
            guard timer == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: queue)
            onQueue {
                reported = Self.signature(of: path)
                candidate = nil
            }
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
            timer.setEventHandler { [weak self] in self?.poll() }
            self.timer = timer
            timer.resume()
        }
    }

    /// Stops polling. Once it returns the handler is not called again (a call in progress may finish
    /// when `stop()` is called from elsewhere than the handler itself).
    public func stop() {
        let stopped: DispatchSourceTimer? = lock.withLock {
            defer { timer = nil }
            return timer
        }
        guard let stopped else { return }
        stopped.cancel()
        // Wait for a poll in progress, unless we are that poll (the handler called stop()).
        onQueue {}
    }

    /// Runs `work` on `queue` and waits for it; runs it directly when already there (from the handler).
    private func onQueue(_ work: () -> Void) {
        if DispatchQueue.getSpecific(key: queueKey) == nil { queue.sync(execute: work) } else { work() }
    }

    private func poll() {
        guard lock.withLock({ timer != nil }) else { return }
        // Missing (mid rename-save, or deleted): wait for the file to come back and settle.
        guard let current = Self.signature(of: path) else {
            candidate = nil
            return
        }
        if current == reported {
            candidate = nil
        } else if current == candidate {
            reported = current
            candidate = nil
            onChange()
        } else {
            candidate = current
        }
    }

    /// The file's identity, size and modification time; nil when it cannot be read (e.g. missing).
    static func signature(of path: String) -> Signature? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Signature(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                         seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec))
    }
}
