import ArgumentParser
import Foundation
import LabRunner

/// Every `print` in this module goes through `TerminalText.visible` (this declaration shadows
/// the standard library's), so no command can print a lab's or an answers file's escape
/// sequences raw.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    TerminalText.printOut(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

extension LabRunCommand {
    /// Parses the command line, runs the command and exits, like `main()`, except that
    /// ArgumentParser's own messages (a `ValidationError` quoting a `--set` value, help) are
    /// printed through `TerminalText` too.
    public static func runFromCommandLine() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { TerminalText.printOut(message + "\n") } else { TerminalText.printError(message + "\n") }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
