import Foundation

/// Softmax fused with sparse categorical cross-entropy, per row of `logits` (`[rows, classes]`).
///
/// Numerically stable: `loss = log Σ exp(z - max) - (z_label - max)`. Writes
/// `∂loss/∂z = (softmax(z) - onehot(label)) · gradientScale` into `gradients` (when given;
/// pass `1 / full batch size` for a mean loss). Returns the summed loss and the number of rows
/// whose arg-max is the label (ties go to the first index, like `argmax`).
public func softmaxCrossEntropy(
    logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int, classes: Int,
    gradients: UnsafeMutablePointer<Float>?, gradientScale: Float
) -> (lossSum: Double, correct: Int) {
    var lossSum = 0.0, correct = 0
    for r in 0..<rows {
        let z = logits + r * classes
        var top = 0
        for j in 1..<classes where z[j] > z[top] { top = j }
        let peak = z[top]
        var sum: Float = 0
        for j in 0..<classes { sum += expf(z[j] - peak) }
        let label = Int(labels[r])
        lossSum += Double(logf(sum) - (z[label] - peak))
        if top == label { correct += 1 }
        if let gradients {
            let g = gradients + r * classes
            for j in 0..<classes { g[j] = expf(z[j] - peak) / sum * gradientScale }
            g[label] -= gradientScale
        }
    }
    return (lossSum, correct)
}

/// Softmax of each row in place (stable).
public func softmaxRows(_ z: UnsafeMutablePointer<Float>, rows: Int, classes: Int) {
    for r in 0..<rows {
        let row = z + r * classes
        var peak = row[0]
        for j in 1..<classes { peak = max(peak, row[j]) }
        var sum: Float = 0
        for j in 0..<classes { row[j] = expf(row[j] - peak); sum += row[j] }
        for j in 0..<classes { row[j] /= sum }
    }
}
