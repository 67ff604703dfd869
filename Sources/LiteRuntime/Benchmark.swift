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
    public static func measure(warmup: Int = 10, runs: Int = 100, _ body: () throws -> Void) rethrows -> BenchmarkResult {
        for _ in 0..<warmup { try body() }
        let clock = ContinuousClock()
        var samples: [Double] = []
        samples.reserveCapacity(max(runs, 1))
        for _ in 0..<max(runs, 1) {
            let elapsed = try clock.measure(body)
            samples.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) * 1e-12)
        }
        return BenchmarkResult(samples: samples, warmup: warmup)
    }
}

extension Interpreter {
    /// Time of one `invoke()` on a fixed input given as real values (µs per single-image inference).
    public func benchmark(input: [Float], warmup: Int = 10, runs: Int = 100) throws -> BenchmarkResult {
        try setInput(realValues: input)
        return Benchmark.measure(warmup: warmup, runs: runs) { invoke() }
    }
}
