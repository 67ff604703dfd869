import Foundation
import LabData
import LabRunner

/// The pages a run writes. A run that exits 0 writes `NAME.html`, `NAME.md` and `NAME_files/`; a
/// run that fails writes `NAME.failed.html`, `NAME.failed.md` and `NAME.failed_files/` beside
/// them and leaves the last good pages and their files as they were, so a missing input file or
/// a broken step never replaces a good page with error boxes. A run that succeeds removes the
/// failure pages it makes stale.
struct PageNames {
    let name: String
    let failed: Bool

    /// The lab's name, from its path: `Labs/03-quantization.md` → `03-quantization`.
    static func name(ofLab lab: String) -> String {
        URL(fileURLWithPath: lab).deletingPathExtension().lastPathComponent
    }

    /// The pages' file name without extension: `NAME` or `NAME.failed`.
    var stem: String { failed ? "\(name).failed" : name }
    var html: String { "\(stem).html" }
    var markdown: String { "\(stem).md" }
    /// The folder of the run's models, C arrays and figures, which the pages link (see `StagedFiles`).
    var filesFolder: String { "\(stem)_files" }

    /// `Output/NAME.failed.html` → `Output/NAME.html`.
    func goodPage(of failedPage: URL) -> String {
        failedPage.deletingLastPathComponent().appendingPathComponent("\(name).\(failedPage.pathExtension)").path
    }

    /// After a successful run: the failure pages of an earlier run no longer describe the lab.
    func removeStaleFailures(in directory: URL, console: Console) {
        let failure = PageNames(name: name, failed: true)
        for file in [failure.html, failure.markdown, failure.filesFolder] {
            let url = directory.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do { try FileManager.default.removeItem(at: url) } catch {
                console.error("warning: cannot remove \(url.path), which an earlier failed run left (\(FileStatus.reason(error)))")
            }
        }
    }
}
