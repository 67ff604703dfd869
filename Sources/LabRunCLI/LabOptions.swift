import ArgumentParser
import Foundation
import LabData
import LabDocument
import LabRunner

/// Options every lab command shares.
struct LabOptions: ParsableArguments {
    @Argument(help: "The lab file, e.g. Labs/03-quantization.md.")
    var lab: String

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a parameter: NAME=VALUE for a lab parameter (front matter), ID.NAME=VALUE for one directive's.",
        valueName: "NAME=VALUE"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Where data sets live (default: $LABRUN_DATA, else ./Data).", valueName: "DIR"))
    var dataDir: String?

    @Flag(name: .shortAndLong, help: "Print only errors.")
    var quiet = false

    func validate() throws {
        for o in overrides where Override(o) == nil {
            throw ValidationError("--set \(o): expected NAME=VALUE or ID.NAME=VALUE")
        }
    }

    var parsedOverrides: [Override] { overrides.compactMap(Override.init) }

    var dataDirectory: URL { DataDirectory.resolve(explicit: dataDir).url }

    /// Reads and checks the lab. Problems in the text: printed, exit 2. Bad `--set`: exit 64.
    func loadPlan(console: Console) throws -> (Document, Plan) {
        try Self.loadPlan(lab, overrides: parsedOverrides, console: console)
    }

    static func loadPlan(_ lab: String, overrides: [Override] = [], console: Console) throws -> (Document, Plan) {
        switch try checkedPlan(lab, overrides: overrides, console: console) {
        case .plan(let document, let plan): return (document, plan)
        case .errors: throw ExitCode(2)
        }
    }

    /// A lab's plan, or how many errors its text has (each already printed) and its title if it has one.
    enum Checked {
        case plan(Document, Plan)
        case errors(Int, title: String)
    }

    static func checkedPlan(_ lab: String, overrides parsedOverrides: [Override], console: Console) throws -> Checked {
        guard let data = FileManager.default.contents(atPath: lab) else {
            let exists = FileManager.default.fileExists(atPath: lab)
            throw ValidationError(exists ? "cannot read '\(lab)'" : "no such lab file: '\(lab)'")
        }
        let text: String
        do { text = try UTF8Text.decode(data, path: lab) } catch {
            // A problem in the lab's text, located like every other one.
            console.error(error.description)
            return .errors(1, title: "")
        }
        let document = Document.parse(text: text, path: lab)
        let planner = Planner()
        let problems = planner.checkOverrides(parsedOverrides, in: document)
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
        let plan = planner.plan(document, overrides: parsedOverrides)
        let errors = plan.diagnostics.filter { $0.severity == .error }
        for d in plan.diagnostics { console.error(d.description) }
        if !errors.isEmpty {
            console.error("\(errors.count) error\(errors.count == 1 ? "" : "s") in \(lab); nothing was run.")
            return .errors(errors.count, title: document.title)
        }
        return .plan(document, plan)
    }
}
