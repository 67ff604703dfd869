import Foundation
@testable import LabRunCLI
import LabData
import Testing

/// Data that is not the pinned data set is refused by every command that reads it, with its
/// path and the fix; a lab run that needs it fails (exit 1) and keeps the last good page.
@Suite struct DamagedDataCommandTests {
    /// A scratch folder whose `Data/mnist` holds 200 images that are not MNIST's files.
    private func scratchWithUnpinnedData() throws -> URL {
        let dir = try TrainedLabCommandTests.scratch()
        // The fixture's files are accepted through this list; without it they are unknown data.
        try FileManager.default.removeItem(at: dir.appendingPathComponent(LabrunBinary.acceptedDataList))
        return dir
    }

    @Test func evalRefusesDataThatFailsItsPinnedHash() throws {
        let dir = try scratchWithUnpinnedData()
        let model = LabrunBinary.packageRoot.appendingPathComponent("Tests/Fixtures/int8_uint8.tflite").path
        let run = try LabrunBinary.run(["eval", model, "--dataset", "mnist"], in: dir)
        #expect(run.status != 0)
        #expect(!run.stdout.contains("accuracy"))
        #expect(run.stderr.contains("Data/mnist/t10k-images.idx3-ubyte: SHA-256 mismatch: expected 0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"))
        #expect(run.stderr.contains(": the file is damaged or not MNIST's (run 'labrun data fetch --force mnist' to fetch it again)"))
    }

    @Test func aLabRunOnDataThatFailsItsPinnedHashFailsAndSaysWhy() throws {
        let dir = try scratchWithUnpinnedData()
        let run = try LabrunBinary.run(["lab.md", "--data-dir", "Data", "-q"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Data/mnist/train-images.idx3-ubyte: SHA-256 mismatch"))
        #expect(run.stderr.contains("(run 'labrun data fetch --force mnist' to fetch it again)"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab.html").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output/lab.failed.html").path))
    }

    @Test func dataFetchTakesForce() throws {
        let fetch = try #require(try DataCommand.parseAsRoot(["fetch", "--force", "mnist"]) as? DataCommand.Fetch)
        #expect(fetch.force && fetch.selection == .mnist)
    }
}
