import Foundation
import FuzzHarnesses
import Testing

/// Every committed fuzz input, replayed through the harness the fuzzer used: the seed corpus
/// in-process (none may crash), and each crash reproducer in a child process, so a crash still
/// open fails one test instead of the whole run.
@Suite struct FuzzReplayTests {
    @Test(arguments: FuzzTarget.all.map(\.name))
    func seedCorpusRunsWithoutCrashing(target name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let files = FuzzFiles.inputs(in: FuzzFiles.fuzzFolder.appendingPathComponent("corpus/\(name)"))
        #expect(!files.isEmpty, "no seed corpus for \(name)")
        for file in files { target.run(try Data(contentsOf: file)) }
    }

    @Test(arguments: FuzzFiles.crashReproducers())
    func crashReproducerNoLongerCrashes(_ reproducer: FuzzFiles.Reproducer) throws {
        let check = {
            let result = try ReplayProcess.run(target: reproducer.target, file: reproducer.file)
            #expect(result == .passed, "\(reproducer): \(result)")
        }
        if let reason = FuzzFiles.openCrashes[reproducer.description] {
            // Listed in Fuzz/crashes/OPEN.txt: still expected to crash until its fix is merged.
            try withKnownIssue(Comment(rawValue: reason)) { try check() }
        } else {
            try check()
        }
    }

    @Test func everyOpenCrashHasItsReproducer() {
        let present = Set(FuzzFiles.crashReproducers().map(\.description))
        for listed in FuzzFiles.openCrashes.keys { #expect(present.contains(listed), "OPEN.txt lists \(listed), which is not in Fuzz/crashes/") }
    }
}
