import LabDocument
import LiteFormat
import LiteRuntime

/// `benchmark`: latency of one single-image `invoke()` of each model in our interpreter
/// (untimed warm-up runs, then individually timed runs).
///
/// ```yaml
/// models: [f32, int8]
/// runs: 200
/// ```
///
/// Fields: per model id `{median_ms, median_us, mean_ms, std_ms, mean_us, speedup}`, `fastest`,
/// `runs`, `warmup`. Comparisons (`speedup`, `fastest`, the chart) use the median: on a shared
/// machine a few preempted runs inflate the mean many times over, and the median ignores them.
public enum BenchmarkStep: Step {
    public static let name = "benchmark"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("fastest", "text", "the id of the model with the lowest median latency"),
        ResultField("runs", "number", "timed runs per model"),
        ResultField("warmup", "number", "untimed runs per model"),
    ], perEntry: ("models", [
        ResultField("mean_ms", "number", "mean latency of one inference, in milliseconds", aliases: ["latency", "ms", "mean", "time"]),
        ResultField("std_ms", "number", "standard deviation of the latency, in milliseconds"),
        ResultField("median_ms", "number", "median latency, in milliseconds"),
        ResultField("median_us", "number", "median latency, in microseconds"),
        ResultField("mean_us", "number", "mean latency, in microseconds", aliases: ["us"]),
        ResultField("speedup", "number", "the first model's median latency over this one's", aliases: ["speed"]),
    ]))
    public static let summary = "latency of one single-image inference per model (warm-up, then timed runs)"
    public static let parameters = [
        ParameterSpec("models", .references(["convert"]), help: "the convert steps whose models to time"),
        ParameterSpec("warmup", .integer(min: 0, max: 100_000), default: 10, help: "untimed runs first"),
        ParameterSpec("runs", .integer(min: 1, max: 1_000_000), default: 100, help: "timed runs"),
        ParameterSpec("threads", .integer(min: 1, max: 1), default: 1,
                      help: "threads per invoke (our interpreter runs one invoke on one core)"),
    ]

    static let ownFields = ["fastest", "runs", "warmup"]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        var out = p.modelListProblems()
        for id in (p.list("models") ?? []).compactMap(\.string) where ownFields.contains(id) {
            out.append(Diagnostic(p.location(of: "models"), "a model listed in 'models' cannot be called '\(id)': "
                + "'\(p.id).\(id)' is a field of the step", hint: "rename the convert step"))
        }
        return out
    }

    public static let measuresMachine = true

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let models = try ConvertedModel.loadAll(p, context)
        let warmup = p.int("warmup") ?? 10, runs = p.int("runs") ?? 100
        var timings: [(id: String, variant: String, result: BenchmarkResult)] = []
        for (k, m) in models.enumerated() {
            context.progress.update(fraction: Double(k) / Double(models.count), detail: "\(m.id) · \(runs) runs")
            do {
                timings.append((m.id, m.variant, try time(m.model, warmup: warmup, runs: runs)))
            } catch {
                throw StepFailure("cannot run '\(m.id)': \(error)")
            }
        }
        let first = timings[0].result.medianMicroseconds
        var fields = Record()
        for t in timings {
            let r = t.result
            fields[t.id] = .record(Record([
                ("mean_ms", .number(r.meanMicroseconds / 1000)), ("std_ms", .number(r.standardDeviationMicroseconds / 1000)),
                ("median_ms", .number(r.medianMicroseconds / 1000)), ("median_us", .number(r.medianMicroseconds)),
                ("mean_us", .number(r.meanMicroseconds)), ("speedup", .number(first / r.medianMicroseconds)),
            ]))
        }
        fields["fastest"] = .string(timings.min { $0.result.medianMicroseconds < $1.result.medianMicroseconds }!.id)
        fields["runs"] = .number(Double(runs))
        fields["warmup"] = .number(Double(warmup))
        let table = ResultTable(
            columns: ["model", "variant", "median (µs)", "mean (µs)", "std (µs)", "speedup"],
            rows: timings.map { t in
                [t.id, t.variant, Filters.fixed(t.result.medianMicroseconds, 1), Filters.fixed(t.result.meanMicroseconds, 1),
                 Filters.fixed(t.result.standardDeviationMicroseconds, 1), Filters.fixed(first / t.result.medianMicroseconds, 2) + "×"]
            },
            alignments: [.left, .left, .right, .right, .right, .right],
            caption: p.string("caption") ?? "One image per invoke, 1 thread, \(runs) timed runs after \(warmup) warm-up runs, on the machine that ran the lab; speed-up from the medians")
        return StepOutcome(StepResult(fields: fields, outputs: [
            .table(table),
            .chart(Chart(kind: .bar, title: "Latency per image (median)", xLabel: "model", yLabel: "µs", categories: timings.map(\.id),
                         series: [.init(name: "median (µs)", y: timings.map(\.result.medianMicroseconds))])),
        ]))
    }

    /// Times `invoke()` on a fixed image-like input (values `(i mod 256) / 255`).
    public static func time(_ model: LiteModel, warmup: Int, runs: Int) throws -> BenchmarkResult {
        let interpreter = try Interpreter(model: model)
        guard let input = interpreter.inputs.first else { throw LiteRuntimeError.invalidModel("the model has no input") }
        let values = (0..<input.shape.reduce(1, *)).map { Float($0 % 256) / 255 }
        return try interpreter.benchmark(input: values, warmup: warmup, runs: runs)
    }
}
