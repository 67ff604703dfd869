import Dispatch
import EngineKernels

extension Sequential {
    /// Mean softmax cross-entropy and accuracy over `data` (inference mode). The set is split in
    /// two halves evaluated on two threads; sums are combined in a fixed order.
    public func evaluate(_ data: LabeledImages, parallel: Bool = true) throws(ModelError) -> (loss: Double, accuracy: Double) {
        try checkLabels(data)
        let half = (data.count + 1) / 2
        let ranges = [0..<half, half..<data.count]
        let results = SharedBuffer<(Double, Int)>(repeating: (0, 0), count: 2)
        defer { results.free() }
        let model = self, effective = effectiveParameters()
        let work: @Sendable (Int) -> Void = { r in
            let range = ranges[r]
            guard !range.isEmpty else { return }
            let ws = Workspace(model: model, capacity: 64)
            let order = (Int32(range.lowerBound)..<Int32(range.upperBound)).map { $0 }
            var lossSum = 0.0, correct = 0, start = 0
            effective.withUnsafeBufferPointer { params in
                while start < order.count {
                    let n = min(ws.capacity, order.count - start)
                    data.gather(order[start..<(start + n)], into: ws.activations[0], labels: ws.labels)
                    let logits = model.forwardPass(ws, batch: n, params: params.baseAddress!, training: false)
                    let out = softmaxCrossEntropy(logits: logits, labels: ws.labels, rows: n, classes: model.classCount,
                                                  gradients: nil, gradientScale: 0)
                    lossSum += out.lossSum
                    correct += out.correct
                    start += n
                }
            }
            results.pointer[r] = (lossSum, correct)
        }
        if parallel { DispatchQueue.concurrentPerform(iterations: 2, execute: work) } else { work(0); work(1) }
        let loss = results.pointer[0].0 + results.pointer[1].0
        let correct = results.pointer[0].1 + results.pointer[1].1
        return (loss / Double(data.count), Double(correct) / Double(data.count))
    }

    /// Throws unless the data's shape is the model's input and every label is a valid class.
    func checkLabels(_ data: LabeledImages) throws(ModelError) {
        guard data.shape == inputShape else {
            throw ModelError(index: nil, "the model expects \(inputShape) inputs but the data has \(data.shape)")
        }
        guard data.count > 0 else { throw ModelError(index: nil, "the data set is empty") }
        for label in data.labels where label < 0 || Int(label) >= classCount {
            throw ModelError(index: nil, "label \(label) is outside 0..<\(classCount) (the last layer's width)")
        }
    }
}
