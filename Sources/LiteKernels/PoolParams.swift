/// Parameters of MAX_POOL_2D / AVERAGE_POOL_2D (TFLite `PoolParams`).
public struct PoolParams: Sendable, Equatable {
    public var padding: PaddingValues
    public var strideHeight: Int
    public var strideWidth: Int
    public var filterHeight: Int
    public var filterWidth: Int
    public var quantizedActivationMin: Int32
    public var quantizedActivationMax: Int32
    public var floatActivationMin: Float
    public var floatActivationMax: Float

    public init(padding: PaddingValues = PaddingValues(), strideHeight: Int, strideWidth: Int,
                filterHeight: Int, filterWidth: Int,
                quantizedActivationMin: Int32 = -128, quantizedActivationMax: Int32 = 127,
                floatActivationMin: Float = -.greatestFiniteMagnitude,
                floatActivationMax: Float = .greatestFiniteMagnitude) {
        self.padding = padding
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.quantizedActivationMin = quantizedActivationMin
        self.quantizedActivationMax = quantizedActivationMax
        self.floatActivationMin = floatActivationMin
        self.floatActivationMax = floatActivationMax
    }

    /// The in-image part of the window of output `(outY, outX)`: the filter `rows` and `columns`
    /// that fall inside the input (empty when none do), and the window origin in the input.
    @inline(__always)
    func window(outY: Int, outX: Int, inputHeight: Int, inputWidth: Int)
        -> (inY: Int, inX: Int, rows: Range<Int>, columns: Range<Int>) {
        let inY = outY * strideHeight - padding.height
        let inX = outX * strideWidth - padding.width
        let yStart = Swift.max(0, -inY), yEnd = Swift.min(filterHeight, inputHeight - inY)
        let xStart = Swift.max(0, -inX), xEnd = Swift.min(filterWidth, inputWidth - inX)
        return (inY, inX, yStart..<Swift.max(yStart, yEnd), xStart..<Swift.max(xStart, xEnd))
    }
}

/// Reference int8 MAX_POOL_2D (`reference_integer_ops::MaxPool`): max over in-image taps,
/// then the activation clamp. Input and output share scale and zero point.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func maxPool(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Int8>,
                    outputShape: Shape4, output: UnsafeMutablePointer<Int8>) {
    for b in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            for outX in 0..<outputShape.width {
                let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height,
                                      inputWidth: inputShape.width)
                for c in 0..<inputShape.depth {
                    var maxValue: Int32 = -128
                    for fy in w.rows {
                        for fx in w.columns {
                            maxValue = Swift.max(maxValue, Int32(input[inputShape.offset(b, w.inY + fy, w.inX + fx, c)]))
                        }
                    }
                    maxValue = Swift.min(Swift.max(maxValue, params.quantizedActivationMin), params.quantizedActivationMax)
                    output[outputShape.offset(b, outY, outX, c)] = Int8(truncatingIfNeeded: maxValue)
                }
            }
        }
    }
}

/// Reference int8 AVERAGE_POOL_2D (`reference_integer_ops::AveragePool`): the Int32 sum of the
/// in-image taps divided by their count, rounding half away from zero, then the activation clamp.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; strides and filter sizes ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with
/// the input's batches and depth.
public func averagePool(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Int8>,
                        outputShape: Shape4, output: UnsafeMutablePointer<Int8>) {
    for b in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            for outX in 0..<outputShape.width {
                let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height,
                                      inputWidth: inputShape.width)
                for c in 0..<inputShape.depth {
                    var sum: Int32 = 0
                    var count: Int32 = 0
                    for fy in w.rows {
                        for fx in w.columns {
                            sum &+= Int32(input[inputShape.offset(b, w.inY + fy, w.inX + fx, c)])
                            count += 1
                        }
                    }
                    var average: Int32 = 0
                    if count > 0 {
                        average = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count
                    }
                    average = Swift.min(Swift.max(average, params.quantizedActivationMin), params.quantizedActivationMax)
                    output[outputShape.offset(b, outY, outX, c)] = Int8(truncatingIfNeeded: average)
                }
            }
        }
    }
}
