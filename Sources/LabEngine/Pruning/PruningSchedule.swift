import Foundation

/// When magnitude pruning runs during training and to what sparsity, after TensorFlow Model
/// Optimization's `ConstantSparsity` and `PolynomialDecay` (same parameters and defaults).
///
/// Steps count optimizer updates from 0 (the first batch of the fine-tuning is step 0). Pruning
/// happens on the steps `begin + n·frequency` that lie in `[begin, end]` (`end` nil: forever).
/// Unlike TFMOT, `PolynomialDecay` also prunes at `end` itself, so the final sparsity is reached
/// even when `end - begin` is not a multiple of `frequency`.
public enum PruningSchedule: Sendable, Equatable {
    /// The same sparsity at every pruning step.
    case constant(sparsity: Double, begin: Int = 0, end: Int? = nil, frequency: Int = 100)
    /// `s(t) = final + (initial − final)·(1 − p)^power`, `p = (t − begin)/(end − begin)` clamped to [0, 1].
    case polynomialDecay(initial: Double, final: Double, begin: Int = 0, end: Int, power: Double = 3, frequency: Int = 100)

    /// Why a schedule cannot be used.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Checks the parameters (sparsities in [0, 1), steps ordered, frequency ≥ 1).
    public func validate() throws(Invalid) {
        func sparsity(_ value: Double, _ what: String) throws(Invalid) {
            guard value >= 0, value < 1 else {
                throw Invalid(description: "\(what) must be at least 0 and below 1, got \(value)")
            }
        }
        let (begin, end, frequency): (Int, Int?, Int)
        switch self {
        case let .constant(s, b, e, f):
            try sparsity(s, "sparsity")
            (begin, end, frequency) = (b, e, f)
        case let .polynomialDecay(initial, final, b, e, power, f):
            try sparsity(initial, "initial sparsity")
            try sparsity(final, "final sparsity")
            guard power > 0 else { throw Invalid(description: "power must be positive, got \(power)") }
            guard e > b else { throw Invalid(description: "end step (\(e)) must come after begin step (\(b))") }
            (begin, end, frequency) = (b, e, f)
        }
        guard begin >= 0 else { throw Invalid(description: "begin step must be at least 0, got \(begin)") }
        if let end, end < begin { throw Invalid(description: "end step (\(end)) must not come before begin step (\(begin))") }
        guard frequency >= 1 else { throw Invalid(description: "frequency must be at least 1, got \(frequency)") }
    }

    /// The scheduled sparsity at `step` (whether or not pruning runs then).
    public func sparsity(at step: Int) -> Double {
        switch self {
        case let .constant(s, _, _, _):
            return s
        case let .polynomialDecay(initial, final, begin, end, power, _):
            let p = min(1, max(0, Double(step - begin) / Double(end - begin)))
            return final + (initial - final) * pow(1 - p, power)
        }
    }

    /// Whether masks are recomputed at `step`.
    public func prunes(at step: Int) -> Bool {
        switch self {
        case let .constant(_, begin, end, frequency):
            return step >= begin && (end.map { step <= $0 } ?? true) && (step - begin) % frequency == 0
        case let .polynomialDecay(_, _, begin, end, _, frequency):
            return step >= begin && step <= end && ((step - begin) % frequency == 0 || step == end)
        }
    }

    /// The sparsity to prune to at `step`, or nil when `step` is not a pruning step.
    public func target(at step: Int) -> Double? {
        prunes(at: step) ? sparsity(at: step) : nil
    }
}
