import Foundation
import PackagePlugin

/// Gives LabRunner a constant, `EngineSources.sha256`, the SHA-256 of every source file that
/// computes a step's result: the engine targets and LabRunner's `Steps/`. It is part of every
/// recipe, so a change to that code makes cached results stale by itself; nobody has to
/// remember to bump a version. SwiftPM re-runs the command whenever one of the files changes.
@main
struct EngineSourceHashPlugin: BuildToolPlugin {
    /// The targets whose code decides what a step computes.
    static let engineTargets: Set<String> = [
        "LabEngine", "EngineKernels", "LiteKernels", "CLiteKernels", "LiteRuntime", "LiteQuantizer", "LiteFormat", "LabData",
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        // Every file in those folders, headers included (a C target's `sourceFiles` leaves them out).
        var files: [URL] = []
        // Targets in the conventional `Sources/NAME` (a target's own folder needs tools 6.1).
        let sources = context.package.directoryURL.appendingPathComponent("Sources")
        for name in Self.engineTargets.sorted() { files += Self.files(under: sources.appendingPathComponent(name)) }
        files += Self.files(under: sources.appendingPathComponent(target.name).appendingPathComponent("Steps"))
        files.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EngineSources.swift")
        return [.buildCommand(
            displayName: "Hashing the engine's sources (\(files.count) files)",
            executable: try context.tool(named: "EngineSourceHash").url,
            arguments: [output.path, context.package.directoryURL.path] + files.map(\.path),
            inputFiles: files,
            outputFiles: [output])]
    }

    private static func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }
}
