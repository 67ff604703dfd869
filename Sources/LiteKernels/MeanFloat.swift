/// Float32 MEAN over height and width of an NHWC tensor (`reference_ops::Mean`, axes [1, 2]):
/// sum in (y, x) order, divided by `height · width`. Output `[batches, depth]`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; output `batches × depth` values.
public func meanOverHeightWidthFloat(inputShape: Shape4, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
    let count = Float(inputShape.height * inputShape.width)
    for b in 0..<inputShape.batches {
        for c in 0..<inputShape.depth {
            var total: Float = 0
            for y in 0..<inputShape.height {
                for x in 0..<inputShape.width { total += input[inputShape.offset(b, y, x, c)] }
            }
            output[b * inputShape.depth + c] = total / count
        }
    }
}
