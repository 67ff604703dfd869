import ArgumentParser
import Foundation
import LabRunner
import LiteFormat
import LiteRuntime

/// Reading a `.tflite` named on the command line, with messages instead of crashes.
enum ModelFile {
    /// The model in `path`; prints `error: …` and exits 1 when it is missing or not valid.
    static func read(_ path: String) throws -> LiteModel { try readWithSize(path).model }

    /// The model in `path` and the file's size in bytes.
    static func readWithSize(_ path: String) throws -> (model: LiteModel, bytes: Int) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw fail(exists ? "cannot read '\(path)'" : "no such file: '\(path)'")
        }
        do { return (try LiteModel.read(data), data.count) } catch {
            throw fail(path, error)
        }
    }

    /// Prints `error: MESSAGE` on stderr, then the hint if any, and gives the exit code 1 to throw.
    static func fail(_ message: String, hint: String? = nil) -> ExitCode {
        TerminalText.printError("error: \(message)\n" + (hint.map { "  hint: \($0)\n" } ?? ""))
        return ExitCode(1)
    }

    /// `error: PATH: ERROR` with what to do when the file itself is at fault.
    static func fail(_ path: String, _ error: Error) -> ExitCode {
        fail("\(path): \(error)", hint: hint(for: error))
    }

    static let damagedHint = "the file is damaged or was not written by a TensorFlow Lite converter; re-export it"

    /// What to do about `error`: a file that does not decode or is inconsistent must be written again.
    static func hint(for error: Error) -> String? {
        switch error {
        case is LiteFormatError: return damagedHint
        case LiteRuntimeError.invalidModel: return damagedHint
        default: return nil
        }
    }
}

/// Range checks of the count options of `bench`, `eval` and `quantize`: a count the user types goes into
/// allocations and loops, so each has a documented range and a clear exit-64 message outside it.
enum CountOption {
    /// Most runs or warm-up runs `bench` times (about a minute of a small model).
    static let runs = 1...1_000_000
    static let warmup = 0...1_000_000
    /// Most images `eval --limit` takes (more than any data set here holds).
    static let limit = 1...10_000_000

    /// Throws `--NAME must be between LOW and HIGH, got VALUE` when `value` is outside `range`.
    static func check(_ value: Int, _ name: String, _ range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("--\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
    }

    /// A plain reason for a failed write of `path` (no NSError text): the missing folder, the permission.
    static func writeFailure(_ path: String, _ error: Error) -> String {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        let cause: String
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            cause = "no such directory"
        } else if !isDirectory.boolValue {
            cause = "\(folder) is not a directory"
        } else if !FileManager.default.isWritableFile(atPath: folder) {
            cause = "permission denied"
        } else if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain,
                  let message = strerror(Int32(posix.code)) {
            cause = String(cString: message).lowercased()
        } else {
            cause = "the file could not be written"
        }
        return "cannot write \(path): \(cause)"
    }
}
