import Foundation

/// The terminal side of a run: `[3/12] quantize #gauss … 0.2 s` lines, a live progress line
/// on a terminal, errors on stderr. `--quiet` keeps only errors.
public final class Console: @unchecked Sendable {
    public let quiet: Bool
    private let isTerminal: Bool
    private let lock = NSLock()
    /// Receives the running step's progress line (`preview` shows it on the page).
    private let status: (@Sendable (String) -> Void)?

    public init(quiet: Bool, status: (@Sendable (String) -> Void)? = nil) {
        self.quiet = quiet
        self.status = status
        isTerminal = isatty(2) != 0
    }

    public func info(_ line: String) {
        guard !quiet else { return }
        write(line + "\n")
    }

    public func error(_ line: String) { write(line + "\n") }

    func stepDone(_ label: String, seconds: Double?, status: String?) {
        if status == nil, let seconds { self.status?("\(label) done in \(Self.duration(seconds))") }
        guard !quiet else { return }
        var line = label + " …"
        if let seconds { line += " " + Self.duration(seconds) }
        if let status { line += " " + status }
        write(line + "\n", control: isTerminal ? "\r\u{1B}[2K" : "")
    }

    /// A step is about to run (the status line shows it before its first progress update).
    func stepStarted(_ label: String) { status?("\(label) …") }

    func progress(for label: String) -> ProgressReporter { Bar(console: self, label: label) }

    static func duration(_ s: Double) -> String {
        s < 10 ? String(format: "%.1f s", s) : s < 120 ? String(format: "%.0f s", s) : String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60)
    }

    /// Writes `text` made visible (`TerminalText`), after `control`: labrun's own line redraw.
    fileprivate func write(_ text: String, control: String = "") {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data((control + TerminalText.visible(text)).utf8))
    }

    /// A progress bar for one step. On a terminal it redraws one line; otherwise it stays
    /// silent but for `log` lines, so CI logs stay short.
    private final class Bar: ProgressReporter, @unchecked Sendable {
        let console: Console
        let label: String
        var lastDraw = DispatchTime.now().uptimeNanoseconds

        init(console: Console, label: String) {
            self.console = console
            self.label = label
        }

        func update(fraction: Double, detail: String) {
            let drawsBar = console.isTerminal && !console.quiet
            guard drawsBar || console.status != nil else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now - lastDraw > 100_000_000 || fraction >= 1 else { return }
            lastDraw = now
            console.status?("\(label) · \(Int(fraction * 100))% · \(detail)")
            guard drawsBar else { return }
            let width = 24, filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded())
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            console.write("\(label) \(bar) \(Int(fraction * 100))% \(detail)", control: "\r\u{1B}[2K")
        }

        func log(_ line: String) {
            guard !console.quiet else { return }
            console.write("    " + line + "\n", control: console.isTerminal ? "\r\u{1B}[2K" : "")
        }
    }
}
