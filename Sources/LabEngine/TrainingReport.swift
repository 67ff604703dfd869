/// What the trainer reports while it runs.
public enum TrainingEvent: Sendable {
    case batch(BatchProgress)
    case epoch(EpochRecord)
}

/// The running figures of the current epoch after a batch.
public struct BatchProgress: Sendable {
    public var epoch: Int, epochs: Int
    public var batch: Int, batches: Int
    /// Mean loss and accuracy over the epoch's batches so far.
    public var loss: Double, accuracy: Double
    public var imagesPerSecond: Double
    public var secondsRemaining: Double
}

/// One epoch's figures, like a Keras history row.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
    public var valLoss: Double?
    public var valAccuracy: Double?
    /// Wall time of the epoch including validation.
    public var seconds: Double
}

/// The outcome of `Trainer.fit`.
public struct TrainingReport: Sendable {
    public var history: [EpochRecord]
    /// Wall time of the whole fit (training and validation, like timing Keras's `fit`).
    public var seconds: Double
    public var trainCount: Int
    public var validationCount: Int
    /// Training images processed per second of `seconds` (epochs × trainCount / seconds).
    public var imagesPerSecond: Double
}

/// A raw buffer shared by the two half-batch threads (each writes only its own part).
final class SharedBuffer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    let count: Int
    init(repeating value: T, count: Int) {
        self.count = count
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: value, count: count)
    }
    init(copying array: [T]) {
        count = array.count
        pointer = .allocate(capacity: max(count, 1))
        array.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: count) }
    }
    func array(count: Int) -> [T] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
    func free() {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }
}

/// Hands a value the compiler cannot prove thread-safe to the two half-batch threads; they
/// only read through it.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
