import ArgumentParser
import Foundation
import LabPreview
import LabRunner

/// `labrun preview LAB.md`: serves the rendered lab on 127.0.0.1 and keeps it current.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve the lab on 127.0.0.1 and re-render it on every save.",
        discussion: """
            Open the printed address in a browser and edit the lab: on every save the page \
            re-renders from the step cache within a second and reloads itself. Steps whose \
            inputs changed keep their last result under a "Stale" badge while they re-run in \
            the background; their progress shows at the bottom right of the page. Models and \
            C arrays go to OUTPUT/.NAME_files.preview (never the rendered page's NAME_files/) \
            and are served under /files/. Stop with Ctrl-C.

            Examples:
              labrun preview Labs/03-quantization.md
              labrun preview Labs/03-quantization.md --port 0      # any free port
            """)

    @OptionGroup var options: LabOptions

    @Option(help: ArgumentHelp("Port on 127.0.0.1 (0: any free port).", valueName: "N"))
    var port = 8000

    @Option(help: ArgumentHelp("Where step results are cached.", valueName: "DIR"))
    var cacheDir = StepCache.defaultFolder

    @Option(name: .shortAndLong, help: ArgumentHelp("Output folder; the preview's models and C arrays go to DIR/.NAME_files.preview.", valueName: "DIR"))
    var output = "Output"

    func run() throws {
        let console = Console(quiet: options.quiet)
        guard FileManager.default.fileExists(atPath: options.lab) else {
            throw ValidationError("no such lab file: '\(options.lab)'")
        }
        let session = PreviewSession(lab: options.lab, overrides: options.parsedOverrides, dataDirectory: options.dataDirectory,
                                     cache: StepCache(directory: URL(fileURLWithPath: cacheDir)),
                                     output: URL(fileURLWithPath: output), port: port, console: console)
        try FileManager.default.createDirectory(at: session.files, withIntermediateDirectories: true)
        do { try session.server.start() } catch { throw ValidationError("\(error)") }
        // Unbuffered: scripts and tests read the address (with the port 0 chose) as soon as it is printed.
        TerminalText.printOut("Previewing \(options.lab) at http://127.0.0.1:\(session.server.port)/ (Ctrl-C to stop)\n")
        session.refresh()
        let watcher = FileWatcher(file: URL(fileURLWithPath: options.lab)) { session.refresh() }
        watcher.start()
        withExtendedLifetime(watcher) { dispatchMain() }
    }
}
