import Checksum
import Foundation
import LabData

/// Runs the built `labrun` executable, as a user would.
struct LabrunBinary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary next to this test bundle (`.build/<config>/labrun`).
    static var url: URL {
        let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent()
        for dir in [bundleDir, packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = dir.appendingPathComponent("labrun")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/labrun")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let acceptedDataList = "accepted-data.sha256"

    /// Lets `labrun` runs in `directory` use these hand-made data files (not the pinned data
    /// sets): their SHA-256 go to `$LABRUN_TEST_DATA_SHA256`.
    static func acceptDataFiles(_ files: [Data], in directory: URL) throws {
        let list = files.map { SHA256.hex(of: [UInt8]($0)) }.joined(separator: ",")
        try list.write(to: directory.appendingPathComponent(acceptedDataList), atomically: true, encoding: .utf8)
    }

    /// Runs `labrun ARGS` in `directory` and waits; `environment` adds to (or replaces) variables.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = environment
        // A scratch folder with hand-made data sets lists their hashes (see `acceptDataFiles`).
        if let accepted = try? String(contentsOf: directory.appendingPathComponent(acceptedDataList), encoding: .utf8) {
            environment["LABRUN_TEST_DATA_SHA256"] = accepted
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh scratch folder holding `lab.md` with `text`.
    static func scratch(lab text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        return dir
    }
}
