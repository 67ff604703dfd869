import ArgumentParser
import Foundation
import LabRunner
import LiteRuntime

/// `labrun bench MODEL.tflite`: microseconds per single-image invoke.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time one single-image inference of a .tflite model in labrun's interpreter.",
        discussion: """
            Prepares the model once, runs --warmup untimed invokes, then times --runs invokes one by one
            and prints one figure a line (mean, std, median, min, max) in microseconds.
            Build with 'swift build -c release' for meaningful figures.

            Examples:
              labrun bench Output/03-quantization_files/int8.tflite
              labrun bench model.tflite --runs 1000 --warmup 100
            """)

    @Argument(help: "The .tflite model.")
    var model: String

    @Option(help: "Timed runs (1…1000000; timing stops after \(BenchCommand.timeLimitSeconds) s, with at least one run).")
    var runs = 100

    @Option(help: "Untimed runs first (0…1000000; warm-up stops after \(BenchCommand.timeLimitSeconds) s).")
    var warmup = 10

    @Option(help: "Threads per invoke (the interpreter runs an invoke on one thread; only 1 is accepted).")
    var threads = 1

    func validate() throws {
        try CountOption.check(runs, "runs", CountOption.runs)
        try CountOption.check(warmup, "warmup", CountOption.warmup)
        guard threads == 1 else { throw ValidationError("--threads: only 1 is supported (one invoke runs on one thread)") }
    }

    /// Wall-time budget of the warm-up and of the timed runs, each (`Benchmark.timeLimit`).
    static let timeLimitSeconds = Benchmark.timeLimit.components.seconds

    func run() throws {
        let liteModel = try ModelFile.read(model)
        let result: BenchmarkResult
        do {
            result = try BenchmarkStep.time(liteModel, warmup: warmup, runs: runs)
        } catch {
            throw ModelFile.fail(model, error)
        }
        if result.runs < runs {
            TerminalText.printError("note: stopped after \(result.runs) of \(runs) runs (\(Self.timeLimitSeconds) s limit)\n")
        }
        for (name, value) in [("mean", result.meanMicroseconds), ("std", result.standardDeviationMicroseconds),
                              ("median", result.medianMicroseconds), ("min", result.minimumMicroseconds),
                              ("max", result.maximumMicroseconds)] {
            print("\(name) \(Filters.fixed(value, 1)) µs")
        }
    }
}
