import ArgumentParser
import Foundation
import LabDocument
import LabRunner

/// Reads a student's answers file. Whatever is wrong with it is one plain line on stderr
/// and exit 64, never a usage dump: the command line was right, the file was not.
enum AnswersFile {
    static func read(_ path: String, console: Console) throws -> Record {
        func fail(_ message: String, hint: String? = nil) -> ExitCode {
            console.error("\(message)\(hint.map { " (hint: \($0))" } ?? "")")
            return ExitCode(64)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw fail("error: \(path): no such file")
        }
        if isFolder.boolValue { throw fail("error: \(path): is a folder, not an answers file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("error: \(path): cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("error: \(path): is not UTF-8 text") }
        let template = "'labrun answers LAB.md --template > \(path)' writes one to fill in"
        if text.allSatisfy(\.isWhitespace) { throw fail("error: \(path): the file is empty", hint: template) }
        let value: Value
        do { value = try Document.readYAML(text, path: path) } catch {
            // A YAML error spans two lines (message and context): the first is the one that helps.
            throw fail(error.description.split(separator: "\n").first.map(String.init) ?? "error: \(path): not YAML")
        }
        switch value {
        case .record(let record): return record
        case .null: throw fail("error: \(path): the file holds no answers, only comments", hint: template)
        default:
            throw fail("error: \(path): expected lines of 'question-id: answer', found \(value.kindName)",
                       hint: "this is not an answers file; \(template)")
        }
    }
}
