import Checksum
import Foundation
import LabData
import Testing
@testable import LabRunner

/// The engine version in every recipe is the hash of the code that computes results, as it is
/// now (made by the build plugin), so changed code can never serve results of the old code.
@Suite struct EngineVersionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The hash as `EngineSourceHash` computes it, from the files on disk.
    static func sourcesHash() throws -> (sha256: String, count: Int) {
        let folders = ["LabEngine", "EngineKernels", "LiteKernels", "CLiteKernels", "LiteRuntime", "LiteQuantizer",
                       "LiteFormat", "LabData", "LabRunner/Steps"].map { "Sources/\($0)" }
        var paths: [String] = []
        for folder in folders {
            let walker = try #require(FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path))
            for case let file as String in walker where FileStatus.of(root.appendingPathComponent("\(folder)/\(file)").path)?.isRegularFile == true {
                paths.append("\(folder)/\(file)")
            }
        }
        var message: [UInt8] = []
        for path in paths.sorted() {
            let bytes = try Data(contentsOf: root.appendingPathComponent(path))
            message += Array(path.utf8) + [0] + Array(String(bytes.count).utf8) + [0] + [UInt8](bytes)
        }
        return (SHA256.hex(of: message), paths.count)
    }

    @Test func theEngineVersionIsTheHashOfTheEnginesSourcesAsTheyAreNow() throws {
        let now = try Self.sourcesHash()
        #expect(EngineSources.fileCount == now.count)
        #expect(LabRunVersion.engine == now.sha256)
    }

    @Test func everyRecipeHoldsTheEngineVersionAndAChangeIsExplained() {
        let old = Recipe(parts: ["labrun": LabRunVersion.current, "engine": "0123", "step": "train"])
        var new = old
        new.parts["engine"] = LabRunVersion.engine
        #expect(new.key != old.key)
        #expect(new.changes(since: old) == ["labrun's engine changed"])
    }
}
