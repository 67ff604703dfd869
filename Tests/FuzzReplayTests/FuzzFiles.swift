import Foundation
import FuzzHarnesses
import Testing

/// The committed inputs under `Fuzz/`.
enum FuzzFiles {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// One file of `Fuzz/crashes/TARGET/`.
    struct Reproducer: Sendable, CustomStringConvertible, CustomTestStringConvertible {
        var target: String
        var file: URL
        var description: String { "\(target)/\(file.lastPathComponent)" }
        var testDescription: String { description }
    }

    /// The files of a folder, sorted (hidden files and a README excluded).
    static func inputs(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") && $0 != "README.md" }.map { folder.appendingPathComponent($0) }
    }

    static func crashReproducers() -> [Reproducer] {
        FuzzTarget.all.flatMap { target in
            inputs(in: fuzzFolder.appendingPathComponent("crashes/\(target.name)")).map { Reproducer(target: target.name, file: $0) }
        }
    }

    /// `Fuzz/crashes/OPEN.txt`: `TARGET/FILE  why it is open`, one a line; `#` starts a comment.
    static let openCrashes: [String: String] = {
        let text = (try? String(contentsOf: fuzzFolder.appendingPathComponent("crashes/OPEN.txt"), encoding: .utf8)) ?? ""
        var open: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let key = parts.first else { continue }
            open[String(key)] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "open"
        }
        return open
    }()
}
