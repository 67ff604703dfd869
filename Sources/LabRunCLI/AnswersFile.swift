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
        // A YAML error's message may go on with the offending line: its first line is the one that helps.
        func fail(_ problem: Diagnostic) -> ExitCode {
            fail("\(problem.location): error: \(problem.message.prefix(while: { $0 != "\n" }))", hint: problem.hint)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw fail("error: \(path): no such file")
        }
        if isFolder.boolValue { throw fail("error: \(path): is a folder, not an answers file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("error: \(path): cannot be read") }
        let text: String
        do { text = try UTF8Text.decode(data, path: path) } catch { throw fail(error) }
        let template = "'labrun answers LAB.md --template > \(path)' writes one to fill in"
        if text.allSatisfy(\.isWhitespace) { throw fail("error: \(path): the file is empty", hint: template) }
        let value: Value
        do { value = try Document.readYAML(text, path: path) } catch { throw fail(error) }
        switch value {
        case .record(let record): return record
        case .null: throw fail("error: \(path): the file holds no answers, only comments", hint: template)
        default:
            throw fail("error: \(path): expected lines of 'question-id: answer', found \(value.kindName)",
                       hint: "this is not an answers file; \(template)")
        }
    }
}
