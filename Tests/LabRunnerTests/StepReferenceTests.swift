import Foundation
import Testing
@testable import LabRunner

@Suite struct StepReferenceTests {
    /// Labs/README.md documents every step and parameter exactly as the code declares them.
    @Test func labsReadmeHoldsTheCurrentStepReference() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("Labs/README.md"), encoding: .utf8)
        #expect(readme.contains(StepReference.markdown()),
                "Labs/README.md is out of date: replace its step reference with the output of 'labrun steps'")
        for name in StepRegistry.standard.names { #expect(readme.contains("### `\(name)`")) }
    }
}
