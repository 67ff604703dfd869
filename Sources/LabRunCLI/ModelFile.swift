import ArgumentParser
import Foundation
import LiteFormat

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
            throw fail("\(path): \(error)")
        }
    }

    /// Prints `error: MESSAGE` on stderr and gives the exit code 1 to throw.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(1)
    }
}
