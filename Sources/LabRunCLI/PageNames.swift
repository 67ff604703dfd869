import Foundation
import LabData
import LabRunner

/// The pages a run writes. A run that exits 0 writes `NAME.html` and `NAME.md`; a run that
/// fails writes `NAME.failed.html` and `NAME.failed.md` beside them and leaves the last good
/// pages as they were, so a missing input file or a broken step never replaces a good page
/// with error boxes. A run that succeeds removes the failure pages it makes stale.
struct PageNames {
    let name: String
    let failed: Bool

    private var stem: String { failed ? "\(name).failed" : name }
    var html: String { "\(stem).html" }
    var markdown: String { "\(stem).md" }

    /// `Output/NAME.failed.html` → `Output/NAME.html`.
    func goodPage(of failedPage: URL) -> String {
        failedPage.deletingLastPathComponent().appendingPathComponent("\(name).\(failedPage.pathExtension)").path
    }

    /// After a successful run: the failure pages of an earlier run no longer describe the lab.
    func removeStaleFailures(in directory: URL, console: Console) {
        for ext in ["html", "md"] {
            let url = directory.appendingPathComponent("\(name).failed.\(ext)")
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do { try FileManager.default.removeItem(at: url) } catch {
                console.error("warning: cannot remove the stale failure page \(url.path) (\(FileStatus.reason(error)))")
            }
        }
    }
}
