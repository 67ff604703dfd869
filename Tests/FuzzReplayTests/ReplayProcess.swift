import Foundation

/// Runs `labrun-fuzz TARGET FILE` (replay mode) in a child process with a time limit.
enum ReplayProcess {
    enum Result: Equatable, CustomStringConvertible {
        case passed
        case failed(status: Int32, stderr: String)
        case timedOut(seconds: Double)

        var description: String {
            switch self {
            case .passed: "passed"
            case .failed(let status, let stderr): "exit \(status): \(stderr.suffix(600))"
            case .timedOut(let seconds): "still running after \(seconds) s (killed)"
            }
        }
    }

    /// A fixed reproducer runs in well under a second; a hang is a failure, not a wait.
    static let timeLimit = 5.0

    static var binary: URL {
        let nextToBundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("labrun-fuzz")
        if FileManager.default.isExecutableFile(atPath: nextToBundle.path) { return nextToBundle }
        return FuzzFiles.fuzzFolder.deletingLastPathComponent().appendingPathComponent(".build/debug/labrun-fuzz")
    }

    static func run(target: String, file: URL) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = [target, file.path]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"       // a crash should end the child at once
        process.environment = environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeLimit)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return .timedOut(seconds: timeLimit)
        }
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return process.terminationStatus == 0 && process.terminationReason == .exit ? .passed
            : .failed(status: process.terminationStatus, stderr: stderr)
    }
}
