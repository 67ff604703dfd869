/// PAD of a 4-D tensor: `before`/`after` elements per dimension (batch, height, width, depth), filled with `value`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; paddings ≥ 0; output holds the padded shape's element count.
public func padFloat(inputShape: Shape4, input: UnsafePointer<Float>, before: (Int, Int, Int, Int),
                     after: (Int, Int, Int, Int), value: Float = 0, output: UnsafeMutablePointer<Float>) {
    let out = Shape4(inputShape.batches + before.0 + after.0, inputShape.height + before.1 + after.1,
                     inputShape.width + before.2 + after.2, inputShape.depth + before.3 + after.3)
    for b in 0..<out.batches {
        for y in 0..<out.height {
            for x in 0..<out.width {
                for c in 0..<out.depth {
                    let ib = b - before.0, iy = y - before.1, ix = x - before.2, ic = c - before.3
                    let inside = ib >= 0 && ib < inputShape.batches && iy >= 0 && iy < inputShape.height
                        && ix >= 0 && ix < inputShape.width && ic >= 0 && ic < inputShape.depth
                    output[out.offset(b, y, x, c)] = inside ? input[inputShape.offset(ib, iy, ix, ic)] : value
                }
            }
        }
    }
}
