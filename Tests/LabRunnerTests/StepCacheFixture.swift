import Foundation
import LabDocument
@testable import LabRunner

/// A small lab (training on the 200 fixture images, an int8 conversion, arithmetic, an assert)
/// run against one cache folder, as `labrun` runs it twice in a row.
struct StepCacheFixture {
    let root: URL
    var cache: StepCache { StepCache(directory: root.appendingPathComponent(".labrun")) }
    var artifacts: URL { root.appendingPathComponent("files") }

    init() throws {
        root = try ModelStepFixture.temporaryDirectory("step-cache")
        try ModelStepFixture.writeMNIST(under: root)
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
    }

    static func lab(epochs: Int = 1, prose: String = "Some prose.", variant: String = "int8") -> String {
        """
        ---
        title: Cache test
        params:
          epochs: \(epochs)
          seed: 3
        ---
        \(prose)

        ```lab train #net
        model:
          - flatten
          - dense: {units: 10, activation: softmax}
        ```

        ```lab convert #small
        model: net
        variant: \(variant)
        io: uint8
        calibration: {samples: 20}
        ```

        ```lab quantize #arith
        range: [-1, 1]
        values: [0.3]
        ```

        ```lab assert #checks
        - small.size_bytes > 100000
        ```

        Accuracy {{ net.test_accuracy | percent(1) }}, epochs {{ params.epochs }}.
        """
    }

    /// A quiet run against this fixture's cache, explaining itself against `previous`.
    func labRun(previous: [String: StepRecord] = [:], cached: Bool = true) -> LabRun {
        var labRun = LabRun(artifactsDirectory: artifacts, dataDirectory: root.appendingPathComponent("Data"),
                            console: Console(quiet: true))
        labRun.cache = cached ? cache : nil
        labRun.previous = previous.mapValues(\.summary)
        return labRun
    }

    /// Runs `text`, with the last run's records as `previous` (what the lock file gives).
    func run(_ text: String, previous: [String: StepRecord] = [:], rerun: Set<String> = [], frozen: Bool = false,
             cached: Bool = true) -> (LabRun.Report, Plan) {
        let document = Document.parse(text: text, path: "lab.md")
        let plan = Planner().plan(document)
        var labRun = labRun(previous: previous, cached: cached)
        labRun.rerun = rerun
        labRun.frozen = frozen ? previous : nil
        return (labRun.run(plan, document: document), plan)
    }

    /// `id: reason` of every step that ran.
    static func ran(_ report: LabRun.Report) -> [String] {
        report.explanations.filter(\.ran).map { "\($0.id): \($0.reason)" }
    }
}
