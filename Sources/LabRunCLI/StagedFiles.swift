import ArgumentParser
import Foundation
import LabData
import LabRunner

/// The files one run writes (models, C arrays, figures) belong to the pages of that run only.
/// The run writes them into a fresh hidden folder beside the pages, `.NAME_files.partial`; once
/// its pages are rendered the folder becomes `NAME_files/` (the run exited 0) or
/// `NAME.failed_files/` (it failed), replacing the earlier one whole. So a failed run cannot
/// change the files of the last good page, and a file no directive writes any more goes away
/// with the run that stopped writing it.
struct StagedFiles {
    let outputDirectory: URL
    /// The lab's name: `03-quantization`.
    let name: String

    /// Where this run's files go until its pages are written.
    var url: URL { outputDirectory.appendingPathComponent(".\(name)_files.partial") }

    /// The folder a published run's files replace: `NAME_files` or `NAME.failed_files`.
    func folder(_ folderName: String) -> URL { outputDirectory.appendingPathComponent(folderName) }

    /// Where `publish` keeps the folder it replaces until the new one is in place.
    private func backup(of folderName: String) -> URL { outputDirectory.appendingPathComponent(".\(folderName).old") }

    /// An empty staging folder, after repairing what an interrupted run left behind.
    func start() throws {
        let files = FileManager.default
        do { try files.createDirectory(at: outputDirectory, withIntermediateDirectories: true) } catch {
            throw Self.failure("cannot create the output folder \(outputDirectory.path) (\(FileStatus.reason(error)))")
        }
        for folderName in [PageNames(name: name, failed: false).filesFolder, PageNames(name: name, failed: true).filesFolder] {
            let old = backup(of: folderName)
            guard files.fileExists(atPath: old.path) else { continue }
            // Interrupted between the two renames of `publish`: the page still names the old folder.
            if !files.fileExists(atPath: folder(folderName).path) {
                try? files.moveItem(at: old, to: folder(folderName))
            } else {
                try? files.removeItem(at: old)
            }
        }
        // What an interrupted run staged must go: whatever stayed would be published with this run's files.
        if files.fileExists(atPath: url.path) {
            do { try files.removeItem(at: url) } catch {
                throw Self.failure("cannot remove \(url.path), which an interrupted run left (\(FileStatus.reason(error)))")
            }
        }
        do { try files.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw Self.failure("cannot create \(url.path) for this run's files (\(FileStatus.reason(error)))")
        }
    }

    /// `--frozen` runs nothing, so it cannot write the models again: it starts from the files
    /// the recorded results name that the current `NAME_files/` holds (a clone's committed
    /// ones). Files no recorded result names are left behind, as after any run.
    func seed(with names: some Sequence<String>, from folderName: String, console: Console) {
        let files = FileManager.default
        // Names come from the lock file, which a clone may have from anyone: only plain paths inside the folder.
        for file in Set(names).sorted() where !file.hasPrefix("/") && !file.split(separator: "/").contains("..") {
            let source = folder(folderName).appendingPathComponent(file)
            guard files.fileExists(atPath: source.path) else { continue }
            let target = url.appendingPathComponent(file)
            do {
                try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try files.copyItem(at: source, to: target)
            } catch {
                console.error("warning: cannot copy \(source.path) (\(FileStatus.reason(error))); the page will not link it")
            }
        }
    }

    /// Makes the staging folder `folderName`, replacing the folder of that name. The old folder
    /// is renamed away first and removed last: a crash in between leaves it beside the page
    /// (`.NAME_files.old`), and the next run's `start` puts it back.
    func publish(as folderName: String, console: Console) throws {
        let files = FileManager.default
        let target = folder(folderName), old = backup(of: folderName)
        try? files.removeItem(at: old)
        let replacing = files.fileExists(atPath: target.path)
        if replacing {
            do { try files.moveItem(at: target, to: old) } catch {
                throw Self.failure("cannot replace \(target.path) with this run's files (\(FileStatus.reason(error)))")
            }
        }
        do { try files.moveItem(at: url, to: target) } catch {
            if replacing { try? files.moveItem(at: old, to: target) }
            throw Self.failure("cannot move this run's files from \(url.path) to \(target.path) (\(FileStatus.reason(error)))")
        }
        guard replacing else { return }
        do { try files.removeItem(at: old) } catch {
            console.error("warning: cannot remove \(old.path), the files of the run before (\(FileStatus.reason(error)))")
        }
    }

    /// A run whose pages are not written (an error, `--verify`) leaves no staging folder.
    func discard() {
        try? FileManager.default.removeItem(at: url)
    }

    /// The files folder could not be created or replaced: said with what to do, exit 1 (the
    /// pages were not written).
    private static func failure(_ problem: String) -> ExitCode {
        TerminalText.printError("error: \(problem)\n  hint: check that the output folder is writable and run again; the pages were not changed\n")
        return ExitCode(1)
    }
}
