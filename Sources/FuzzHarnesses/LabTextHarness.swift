import Foundation
import LabDocument
import LabRunner

/// What `labrun lint` does, in-process: parse the lab text, plan it (step graph, parameters,
/// references, expression checks) and format every diagnostic.
enum LabTextHarness {
    static func run(_ input: Data) {
        // `labrun lint` refuses text that is not UTF-8 before parsing; so do we.
        guard let text = String(data: input, encoding: .utf8) else { return }
        let document = Document.parse(text: text, path: "fuzz.md")
        let plan = Planner().plan(document)
        for diagnostic in document.diagnostics + plan.diagnostics { _ = diagnostic.description }
    }
}
