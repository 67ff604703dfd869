import Dispatch
import EngineKernels

/// Keras's `fit` recipe: shuffle the training part every epoch, mean loss over each batch,
/// one optimizer step per batch, validation on the last `validationFraction` of the data
/// (taken before any shuffling).
///
/// Each batch runs as two halves on two threads (the first half gets the extra example), each
/// with its own buffers; their gradients are summed in a fixed order, so a seed gives the same
/// bits whether or not the second thread is used.
public struct Trainer: Sendable {
    public struct Options: Sendable, Equatable {
        public var epochs: Int
        public var batchSize: Int
        public var seed: UInt64
        public var optimizer: OptimizerChoice
        public var validationFraction: Double
        /// Run the two half-batches on two threads (false: one after the other, same results).
        public var parallel: Bool
        /// Magnitude pruning while training (fine-tuning a trained model), or nil.
        public var pruning: PruningPlan?
        public init(epochs: Int = 5, batchSize: Int = 32, seed: UInt64 = 42, optimizer: OptimizerChoice = .adam(),
                    validationFraction: Double = 0.1, parallel: Bool = true, pruning: PruningPlan? = nil) {
            self.epochs = epochs
            self.batchSize = batchSize
            self.seed = seed
            self.optimizer = optimizer
            self.validationFraction = validationFraction
            self.parallel = parallel
            self.pruning = pruning
        }
    }

    public var options: Options
    public init(_ options: Options) { self.options = options }

    /// Trains `model` in place (its parameters must already be initialized or loaded).
    /// `onEvent` is called on the calling thread after every batch and every epoch.
    public func fit(_ model: inout Sequential, on data: LabeledImages,
                    onEvent: (TrainingEvent) -> Void = { _ in }) throws(ModelError) -> TrainingReport {
        guard data.shape == model.inputShape else {
            throw ModelError(index: nil, "the model expects \(model.inputShape) inputs but the data has \(data.shape)")
        }
        guard options.batchSize >= 1, options.epochs >= 1 else {
            throw ModelError(index: nil, "batch size and epochs must be at least 1")
        }
        try model.checkLabels(data)
        let trainCount = options.validationFraction > 0
            ? Int((Double(data.count) * (1 - options.validationFraction)).rounded(.up)) : data.count
        guard trainCount > 0 else { throw ModelError(index: nil, "no training examples left after the validation split") }
        let training = data.slice(0..<trainCount)
        let validation = trainCount < data.count ? data.slice(trainCount..<data.count) : nil

        var rng = RandomGenerator(seed: options.seed &+ 0x5EED)
        var order = (0..<Int32(trainCount)).map { $0 }
        var optimizer = Optimizer(options.optimizer, parameterCount: model.parameterCount)
        var pruner = try options.pruning.map { plan throws(ModelError) in try Pruner(plan, model: model) }
        let halfCapacity = (options.batchSize + 1) / 2
        let halves = [Workspace(model: model, capacity: halfCapacity), Workspace(model: model, capacity: halfCapacity)]
        let batches = (trainCount + options.batchSize - 1) / options.batchSize
        let params = SharedBuffer(copying: model.parameters)
        // With quantization-aware training the passes see per-channel-rounded kernels (a copy
        // made each batch); the optimizer updates the float weights (straight-through).
        let quantized = model.quantizesWeights ? SharedBuffer(copying: model.parameters) : nil
        defer { params.free(); quantized?.free() }
        var history: [EpochRecord] = []
        let clock = ContinuousClock(), started = clock.now

        for epoch in 1...options.epochs {
            rng.shuffle(&order)
            let epochStart = clock.now
            var lossSum = 0.0, correct = 0, seen = 0
            for b in 0..<batches {
                let lo = b * options.batchSize, hi = min(lo + options.batchSize, trainCount)
                pruner?.beginStep((epoch - 1) * batches + b, params: params.pointer)
                if let quantized {
                    quantized.pointer.update(from: params.pointer, count: model.parameterCount)
                    model.fakeQuantizeKernels(quantized.pointer)
                }
                let step = runBatch(model, training, order[lo..<hi], halves, quantized?.pointer ?? params.pointer)
                lossSum += step.lossSum; correct += step.correct; seen += hi - lo
                if hi - lo > (hi - lo + 1) / 2 {
                    addInPlace(halves[0].parameterGradients, halves[1].parameterGradients, count: model.parameterCount)
                }
                pruner?.maskGradients(halves[0].parameterGradients)
                optimizer.step(params.pointer, grads: halves[0].parameterGradients, count: model.parameterCount)
                pruner?.applyMasks(to: params.pointer)
                let sizes = [(hi - lo + 1) / 2, (hi - lo) / 2]
                for (i, layer) in model.layers.enumerated() {
                    layer.updateState(params.pointer + model.offsets[i], saved: halves.map { UnsafePointer($0.saved[i]) }, batches: sizes)
                }
                let elapsed = Self.seconds(clock.now - epochStart)
                onEvent(.batch(BatchProgress(
                    epoch: epoch, epochs: options.epochs, batch: b + 1, batches: batches,
                    loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                    imagesPerSecond: Double(seen) / max(elapsed, 1e-9),
                    secondsRemaining: elapsed / Double(b + 1) * Double(batches - b - 1))))
            }
            var record = EpochRecord(epoch: epoch, loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                                     valLoss: nil, valAccuracy: nil, seconds: 0)
            if let validation {
                model.parameters = params.array(count: model.parameterCount)
                let v = try model.evaluate(validation, parallel: options.parallel)
                record.valLoss = v.loss
                record.valAccuracy = v.accuracy
            }
            record.seconds = Self.seconds(clock.now - epochStart)
            history.append(record)
            onEvent(.epoch(record))
        }
        model.parameters = params.array(count: model.parameterCount)
        let seconds = Self.seconds(clock.now - started)
        return TrainingReport(history: history, seconds: seconds, trainCount: trainCount,
                              validationCount: data.count - trainCount,
                              imagesPerSecond: Double(trainCount * options.epochs) / max(seconds, 1e-9))
    }

    /// Forward and backward over both halves of one batch; gradients end in each half's buffer.
    private func runBatch(_ model: Sequential, _ data: LabeledImages, _ indices: ArraySlice<Int32>,
                          _ halves: [Workspace], _ params: UnsafeMutablePointer<Float>) -> (lossSum: Double, correct: Int) {
        let n = indices.count, first = (n + 1) / 2
        let parts = [indices.prefix(first), indices.dropFirst(first)]
        let results = SharedBuffer<(Double, Int)>(repeating: (0, 0), count: 2)
        defer { results.free() }
        let shared = UnsafeSendable(params)
        let work: @Sendable (Int) -> Void = { r in
            let part = parts[r], ws = halves[r]
            guard !part.isEmpty else { return }
            data.gather(part, into: ws.activations[0], labels: ws.labels)
            let logits = model.forwardPass(ws, batch: part.count, params: shared.value, training: true)
            let out = softmaxCrossEntropy(logits: logits, labels: ws.labels, rows: part.count, classes: model.classCount,
                                          gradients: ws.gradientA, gradientScale: 1 / Float(n))
            results.pointer[r] = (out.lossSum, out.correct)
            model.backwardPass(ws, batch: part.count, params: shared.value)
        }
        if options.parallel && parts[1].count > 0 {
            DispatchQueue.concurrentPerform(iterations: 2, execute: work)
        } else {
            work(0); work(1)
        }
        return (results.pointer[0].0 + results.pointer[1].0, results.pointer[0].1 + results.pointer[1].1)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
