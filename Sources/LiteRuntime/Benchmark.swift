/// Timing statistics of repeated runs, in microseconds.
public struct BenchmarkResult: Sendable, Equatable, CustomStringConvertible {
    public var warmup: Int
    public var runs: Int
    public var meanMicroseconds: Double
    public var standardDeviationMicroseconds: Double
    public var medianMicroseconds: Double
    public var minimumMicroseconds: Double
    public var maximumMicroseconds: Double

    /// Statistics of `samples` (microseconds; at least one).
    public init(samples: [Double], warmup: Int) {
        let sorted = samples.sorted()
        let n = Double(sorted.count)
        let mean = sorted.reduce(0, +) / n
        let variance = sorted.count > 1 ? sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        let middle = sorted.count / 2
        self.warmup = warmup
        runs = sorted.count
        meanMicroseconds = mean
        standardDeviationMicroseconds = variance.squareRoot()
        medianMicroseconds = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        minimumMicroseconds = sorted.first ?? 0
        maximumMicroseconds = sorted.last ?? 0
    }

    public var description: String {
        func f(_ v: Double) -> String { String(Double(Int((v * 10).rounded())) / 10) }
        return "\(f(meanMicroseconds)) ± \(f(standardDeviationMicroseconds)) µs (median \(f(medianMicroseconds)), \(runs) runs)"
    }
}

/// A micro-benchmark harness: untimed warm-up runs, then `runs` individually timed runs.
public enum Benchmark {
    /// Longest the warm-up, and then the timed runs, may take: a huge count stops there.
    public static let timeLimit = Duration.seconds(60)
    /// Most samples kept (bounds the sample array whatever count a caller passes).
    public static let maxRuns = 1_000_000

    /// Runs `body` `warmup` times, then times up to `runs` (at least one, at most `maxRuns`) runs; each phase
    /// stops early once it has taken `timeLimit`, so `BenchmarkResult.runs` may be smaller than `runs`.
    public static func measure(warmup: Int = 10, runs: Int = 100, timeLimit: Duration = Benchmark.timeLimit,
                               _ body: () throws -> Void) rethrows -> BenchmarkResult {
        let clock = ContinuousClock()
        let warmupEnd = clock.now.advanced(by: timeLimit)
        var warmed = 0
        while warmed < warmup && clock.now < warmupEnd { try body(); warmed += 1 }
        let count = min(max(runs, 1), maxRuns)
        var samples: [Double] = []
        samples.reserveCapacity(count)
        let end = clock.now.advanced(by: timeLimit)
        repeat {
            let elapsed = try clock.measure(body)
            samples.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) * 1e-12)
        } while samples.count < count && clock.now < end
        return BenchmarkResult(samples: samples, warmup: warmed)
    }
}

extension Interpreter {
    /// Time of one `invoke()` on a fixed input given as real values (µs per single-image inference).
    public func benchmark(input: [Float], warmup: Int = 10, runs: Int = 100) throws -> BenchmarkResult {
        try setInput(realValues: input)
        return Benchmark.measure(warmup: warmup, runs: runs) { invoke() }
    }
}
