import Dispatch
import LiteFormat

extension Interpreter {
    /// Runs the model once per example (real values, e.g. pixels / 255, quantized as the input
    /// requires) and returns the real-valued first output of each.
    public func predict(images: [[Float]]) throws -> [[Float]] {
        try images.map { image in
            try setInput(realValues: image)
            invoke()
            return try outputRealValues()
        }
    }

    /// Index of the largest output per example (the predicted class).
    public static func labels(of outputs: [[Float]]) -> [Int] {
        outputs.map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
    }

    /// `predict(images:)` split over `threads` interpreters running concurrently (one contiguous
    /// share of the examples each); results are in input order and equal the single-thread ones.
    public static func predict(model: LiteModel, images: [[Float]], options: InterpreterOptions = InterpreterOptions(),
                               threads: Int = 2) throws -> [[Float]] {
        let parts = max(1, min(threads, images.count))
        let share = (images.count + parts - 1) / parts
        let results = PartResults(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let range = min(images.count, part * share)..<min(images.count, (part + 1) * share)
            results.set(part, Result {
                try Interpreter(model: model, options: options).predict(images: Array(images[range]))
            })
        }
        return try results.values.flatMap { try $0.get() }
    }
}

/// One result slot per worker; each worker writes only its own slot, under a lock.
private final class PartResults: @unchecked Sendable {
    private var slots: [Result<[[Float]], Error>]
    private let lock = DispatchQueue(label: "LiteRuntime.predict")
    init(count: Int) { slots = Array(repeating: .success([]), count: count) }
    func set(_ index: Int, _ value: Result<[[Float]], Error>) { lock.sync { slots[index] = value } }
    var values: [Result<[[Float]], Error>] { lock.sync { slots } }
}
