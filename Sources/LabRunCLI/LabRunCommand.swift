import ArgumentParser

/// `labrun`: placeholder root command until the CLI lands.
public struct LabRunCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "labrun",
        abstract: "Run a Markdown lab and render it as HTML and Markdown.")
    public init() {}
    public func run() throws {}
}
