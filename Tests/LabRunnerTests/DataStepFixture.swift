import Foundation
import LabData
import LabDocument
@testable import LabRunner

/// Builds `Parameters` and a `RunContext` by hand for the data, quantize and model-size step tests.
enum DataStepFixture {
    static let file = "lab.md"
    /// The package's data directory (`Data/`, or `$LABRUN_DATA`): real MNIST when fetched.
    static let packageData = DataDirectory.resolve(currentDirectory: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path)

    /// Parameters from a body, with each key at line 10 + its index, column 1, and the step's
    /// defaults filled in for keys the body does not give (as the runner does).
    static func parameters<S: Step>(_ step: S.Type, _ body: [(String, Value)], id: String = "x") -> Parameters {
        let directive = Directive(step: S.name, id: id, idWasGiven: true, body: .record(Record(body)),
                                  keyLocations: [:], source: "", location: SourceLocation(file: file, line: 9, column: 1),
                                  bodyLocation: SourceLocation(file: file, line: 10, column: 1))
        var values = Record(body)
        for spec in S.parameters where values[spec.name] == nil { values[spec.name] = spec.defaultValue ?? .null }
        var locations: [String: SourceLocation] = [:]
        for (i, (key, _)) in body.enumerated() { locations[key] = SourceLocation(file: file, line: 10 + i, column: 1) }
        return Parameters(directive: directive, values: values, locations: locations)
    }

    static func context(dataDirectory: URL = URL(fileURLWithPath: "/nonexistent"), labParams: Record = Record(),
                        evaluator: @escaping @Sendable (Expr) throws -> Value = { _ in throw StepFailure("no expressions here") })
        -> RunContext {
        RunContext(artifactsDirectory: FileManager.default.temporaryDirectory, dataDirectory: dataDirectory,
                   labParams: labParams, progress: SilentProgress(), outcomes: [:], evaluator: evaluator)
    }

    struct SilentProgress: ProgressReporter {
        func update(fraction: Double, detail: String) {}
        func log(_ line: String) {}
    }
}

extension Record {
    /// A field as a number, for `#expect`s.
    func num(_ key: String) -> Double? { self[key]?.number }
    /// A list field as numbers.
    func nums(_ key: String) -> [Double]? { self[key]?.list?.compactMap(\.number) }
}
