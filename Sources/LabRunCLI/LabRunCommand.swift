import ArgumentParser

/// `labrun`: runs a Markdown lab and renders it; also checks labs, grades answers, fetches
/// data sets and works with `.tflite` files.
public struct LabRunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "labrun",
        abstract: "Run a Markdown lab chapter and render it as one HTML page and GitHub Markdown.",
        discussion: """
            A lab is a Markdown file with fenced `lab STEP #id` blocks (train, convert, evaluate, \
            quantize, plot, quiz, …). labrun checks the whole file, runs every step on this \
            machine, and writes Output/NAME.html and Output/NAME.md with every number computed. \
            Results are cached in .labrun/: re-rendering after a prose edit runs nothing.

            Examples:
              labrun Labs/03-quantization.md                  # same as 'labrun run …'
              labrun Labs/03-quantization.md --set dataset=fashion-mnist
              labrun lint Labs/03-quantization.md             # check the text, run nothing
              labrun preview Labs/03-quantization.md          # live page on save
              labrun Labs/03-quantization.md --explain        # why each step ran
              labrun Labs/03-quantization.md --frozen         # committed results only
              labrun book Labs -o Output                      # every lab as one course
              labrun answers Labs/03-quantization.md --answers mine.yaml
              labrun data fetch all

            Exit codes: 0 all ran and every assert held; 1 a step or an assert failed; \
            2 errors in the lab text; 64 a bad command line. \
            The lab format: Labs/README.md.
            """,
        subcommands: [RunCommand.self, BookCommand.self, LintCommand.self, AnswersCommand.self, StepsCommand.self, DataCommand.self,
                      QuantizeCommand.self, InspectCommand.self, EvalCommand.self, BenchCommand.self, PreviewCommand.self],
        defaultSubcommand: RunCommand.self)

    public init() {}
}
