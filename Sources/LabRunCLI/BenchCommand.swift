import ArgumentParser
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

    @Option(help: "Timed runs.")
    var runs = 100

    @Option(help: "Untimed runs first.")
    var warmup = 10

    @Option(help: "Threads per invoke (the interpreter runs an invoke on one thread; only 1 is accepted).")
    var threads = 1

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be 0 or more") }
        guard threads == 1 else { throw ValidationError("--threads: only 1 is supported (one invoke runs on one thread)") }
    }

    func run() throws {
        let liteModel = try ModelFile.read(model)
        let result: BenchmarkResult
        do { result = try BenchmarkStep.time(liteModel, warmup: warmup, runs: runs) } catch {
            throw ModelFile.fail("\(model): \(error)")
        }
        for (name, value) in [("mean", result.meanMicroseconds), ("std", result.standardDeviationMicroseconds),
                              ("median", result.medianMicroseconds), ("min", result.minimumMicroseconds),
                              ("max", result.maximumMicroseconds)] {
            print("\(name) \(Filters.fixed(value, 1)) µs")
        }
    }
}
