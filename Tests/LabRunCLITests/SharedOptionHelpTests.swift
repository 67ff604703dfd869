import ArgumentParser
import Testing
@testable import LabRunCLI

/// `--frozen` and `--cache-dir` are declared once (`ResultSourceOptions`) and read the same in the
/// help of every command that takes them, under the same heading.
@Suite struct SharedOptionHelpTests {
    static let commands: [(String, ParsableCommand.Type)] = [
        ("run", RunCommand.self), ("book", BookCommand.self), ("answers", AnswersCommand.self),
    ]

    @Test(arguments: commands.map(\.0))
    func helpDescribesTheSharedOptionsOnce(_ name: String) throws {
        let command = try #require(Self.commands.first { $0.0 == name }).1
        let help = LabRunCommand.helpMessage(for: command, columns: 200)
        #expect(help.contains("STEP CACHE AND LOCK FILE:"))
        #expect(help.contains("--frozen") && help.contains(
            "Take every result from the lab's lock file (NAME.lab.lock): run nothing, need no data."))
        #expect(help.contains("--cache-dir <DIR>") && help.contains("Where step results are cached. (default: .labrun)"))
        let optionLines = help.split(separator: "\n").filter { $0.hasPrefix("  --frozen ") || $0.hasPrefix("  --cache-dir ") }
        #expect(optionLines.count == 2, "each is listed once")
    }
}
