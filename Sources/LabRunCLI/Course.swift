import ArgumentParser
import Foundation
import LabData
import LabDocument
import LabRender
import LabRunner

/// A folder of labs read as a course (`labrun book`): its chapters in file-name order and its title.
struct Course {
    /// The labs: every `*.md` in the folder but README.md, ordered by file name.
    var labs: [String]
    var title: String
    /// The folder as given, without a trailing slash (`Labs/` and `Labs` render the same index).
    var folder: String

    init(folder given: String) throws {
        var folder = given
        while folder.count > 1, folder.hasSuffix("/") { folder.removeLast() }
        self.folder = folder
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw ValidationError("no such folder: '\(folder)' (hint: give the folder that holds the labs, e.g. 'labrun book Labs')")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            // Not "holds no lab": the labs may well be there.
            throw ValidationError("cannot read the folder '\(folder)' (\(FileStatus.reason(error))) (hint: check its permissions)")
        }
        let chapters = names.filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }.sorted()
        guard !chapters.isEmpty else { throw ValidationError("'\(folder)' holds no lab (*.md other than README.md)") }
        if chapters.contains("index.md") {
            throw ValidationError("\(folder)/index.md: a chapter cannot be named 'index' (the course's index page is index.html); rename it")
        }
        let base = URL(fileURLWithPath: folder)
        labs = chapters.map { folder == "/" ? "/" + $0 : folder + "/" + $0 }
        title = Self.bookTitle(in: base) ?? base.standardizedFileURL.lastPathComponent
    }

    /// `title:` from `book.yaml` or `_book.yaml` in the folder, if one says it.
    static func bookTitle(in folder: URL) -> String? {
        for file in ["book.yaml", "_book.yaml"] {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
            for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("title:") {
                var value = line.dropFirst("title:".count).trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                    value = String(value.dropFirst().dropLast())
                }
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// The index's line for a chapter: front matter `summary:`, else the first sentence of the
    /// first paragraph of prose, its `{{ }}` values as the run computed them.
    static func summary(of document: Document, values: [SourceLocation: Result<String, Evaluator.Failure>] = [:]) -> String {
        if let summary = document.summary { return summary }
        for block in document.blocks {
            guard case .paragraph(let content) = block.kind else { continue }
            let filled = content.plainText { span in if case .success(let text)? = values[span.location] { text } else { nil } }
            let text = filled.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            return firstSentence(of: text)
        }
        return ""
    }

    /// Up to the first `.`, `!` or `?` followed by a space (or the end).
    static func firstSentence(of text: String) -> String {
        var previous: Character?
        for index in text.indices {
            let ch = text[index]
            if ch == " ", let p = previous, ".!?".contains(p) { return String(text[..<index]) }
            previous = ch
        }
        return text
    }

    /// Conditions that held and were checked, of all the conditions of the lab's `assert`
    /// directives (an assert whose input failed is not checked).
    static func asserts(_ report: LabRun.Report, plan: Plan) -> (held: Int, checked: Int, total: Int) {
        var held = 0, checked = 0, total = 0
        for step in plan.steps where step.directive.step == "assert" {
            total += step.parameters.list("items")?.count ?? 0
            guard let fields = report.results[step.directive.id]?.fields else { continue }
            if case .number(let n)? = fields["passed"] { held += Int(n) }
            if case .number(let n)? = fields["total"] { checked += Int(n) }
        }
        return (held, checked, total)
    }

    /// Why a failed run failed: a step without a result (failed, or skipped after one that
    /// failed), else an assert that did not hold, else a prose value.
    static func failure(_ report: LabRun.Report, plan: Plan) -> CourseIndex.Chapter.Failure {
        if plan.steps.contains(where: { report.records[$0.directive.id] == nil }) { return .step }
        let asserts = asserts(report, plan: plan)
        return asserts.held < asserts.checked ? .assert : .value
    }

    /// "2026-12-04 22:10 UTC".
    static func utc(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
