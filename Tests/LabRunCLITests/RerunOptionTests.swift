import Foundation
import Testing

@Suite struct RerunOptionTests {
    @Test func aRerunWordThatNamesNothingIsABadCommandLine() throws {
        let dir = try LabrunBinary.scratch(lab: """
            ```lab quantize #w
            range: [-1, 1]
            values: [0.5]
            ```
            """)
        let typo = try LabrunBinary.run(["lab.md", "--rerun", "qantize"], in: dir)
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("Error: --rerun qantize: no step or directive id 'qantize' in this lab (did you mean 'quantize'?)\n"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("Output").path))
        let byID = try LabrunBinary.run(["lab.md", "--rerun", "w", "--explain", "--quiet"], in: dir)
        #expect(byID.status == 0)
        #expect(byID.stdout == "#w (quantize): ran: --rerun w\n")
    }
}
