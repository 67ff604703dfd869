import ArgumentParser
import LabRunner

/// `labrun lint LAB.md`: check the lab text and run nothing.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a lab's text (steps, keys, types, references, expressions) without running it.",
        discussion: """
            Prints every problem as file:line:col: error: … and exits 2 if there is any, \
            0 if the lab is ready to run.

            Example:
              labrun lint Labs/03-quantization.md
            """)

    @OptionGroup var options: LabOptions

    func run() throws {
        let console = Console(quiet: options.quiet)
        let (_, plan) = try options.loadPlan(console: console)
        console.info("\(options.lab): \(plan.steps.count) steps, no problems")
    }
}
