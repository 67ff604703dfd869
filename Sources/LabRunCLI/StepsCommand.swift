import ArgumentParser
import LabRunner

/// `labrun steps`: every step a lab can use, with its parameters.
struct StepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps",
        abstract: "List every step a lab can use, with its parameters and defaults.",
        discussion: """
            Examples:
              labrun steps            # the reference, as Markdown tables
              labrun steps quantize   # one step
            """)

    @Argument(help: "Show only this step.")
    var step: String?

    func validate() throws {
        if let step, StepRegistry.standard.step(named: step) == nil {
            let hint = Suggest.closest(to: step, in: StepRegistry.standard.names).map { " (did you mean '\($0)'?)" } ?? ""
            throw ValidationError("unknown step '\(step)'\(hint)")
        }
    }

    func run() {
        if let step, let type = StepRegistry.standard.step(named: step) {
            print(StepReference.markdown(StepRegistry([type])))
        } else {
            print(StepReference.markdown())
        }
    }
}
