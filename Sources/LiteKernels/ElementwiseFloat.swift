/// Float32 RELU / RELU6 / RELU_N1_TO_1 as a clamp to `min...max`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func clampFloat(_ input: UnsafePointer<Float>, count: Int, min: Float, max: Float,
                       output: UnsafeMutablePointer<Float>) {
    for i in 0..<count { output[i] = Swift.min(Swift.max(input[i], min), max) }
}

/// Float32 ADD of two same-shaped tensors (or `b` of one element, broadcast), then the activation clamp.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): `a` and `output` `count` values;
/// `b` `bCount` values, `bCount` = `count` or 1.
public func addFloat(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, bCount: Int,
                     activationMin: Float = -.greatestFiniteMagnitude, activationMax: Float = .greatestFiniteMagnitude,
                     output: UnsafeMutablePointer<Float>) {
    for i in 0..<count {
        let sum = a[i] + b[bCount == 1 ? 0 : i]
        output[i] = Swift.min(Swift.max(sum, activationMin), activationMax)
    }
}
