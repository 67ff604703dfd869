/// Reference float32 SOFTMAX (`reference_ops::Softmax`): `exp((x − max)·beta)` per element, summed in
/// order, then each divided by the sum.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `rows × depth`
/// values each, depth ≥ 1.
public func softmaxFloat(beta: Float, rows: Int, depth: Int, input: UnsafePointer<Float>,
                         output: UnsafeMutablePointer<Float>) {
    for row in 0..<rows {
        let x = input + row * depth, y = output + row * depth
        var maxValue = -Float.greatestFiniteMagnitude
        for i in 0..<depth { maxValue = Swift.max(maxValue, x[i]) }
        var sum: Float = 0
        for i in 0..<depth {
            let e = exponential((x[i] - maxValue) * beta)
            y[i] = e
            sum += e
        }
        for i in 0..<depth { y[i] /= sum }
    }
}
