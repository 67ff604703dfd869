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

    /// The in-image part of the window of output `(outY, outX)`:
    /// filter rows `yStart..<yEnd`, columns `xStart..<xEnd`, and the window origin in the input.
    @inline(__always)
    func window(outY: Int, outX: Int, inputHeight: Int, inputWidth: Int)
        -> (inY: Int, inX: Int, yStart: Int, yEnd: Int, xStart: Int, xEnd: Int) {
        let inY = outY * strideHeight - padding.height
        let inX = outX * strideWidth - padding.width
        return (inY, inX, Swift.max(0, -inY), Swift.min(filterHeight, inputHeight - inY),
                Swift.max(0, -inX), Swift.min(filterWidth, inputWidth - inX))
    }
}

/// Reference int8 MAX_POOL_2D (`reference_integer_ops::MaxPool`): max over in-image taps,
/// then the activation clamp. Input and output share scale and zero point.
public func maxPool(params: PoolParams, inputShape: Shape4, input: UnsafePointer<Int8>,
                    outputShape: Shape4, output: UnsafeMutablePointer<Int8>) {
    for b in 0..<inputShape.batches {
        for outY in 0..<outputShape.height {
            for outX in 0..<outputShape.width {
                let w = params.window(outY: outY, outX: outX, inputHeight: inputShape.height,
                                      inputWidth: inputShape.width)
                for c in 0..<inputShape.depth {
                    var maxValue: Int32 = -128
                    for fy in w.yStart..<Swift.max(w.yStart, w.yEnd) {
                        for fx in w.xStart..<Swift.max(w.xStart, w.xEnd) {
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
                    for fy in w.yStart..<Swift.max(w.yStart, w.yEnd) {
                        for fx in w.xStart..<Swift.max(w.xStart, w.xEnd) {
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
