import CLiteKernels

/// The pool windows of one fused float conv + max pool, sorted once (at prepare time) into those whose
/// four convolution pixels lie inside the image, for the C kernel `clk_conv_float_max_pool` (AVX-512F,
/// bit-identical to `ConvFloatPlan.window`), and those on a padded border, for Swift's `borderWindow`.
public struct ConvFloatPoolWindows: Sendable {
    /// Input offset of each `kh·kw·ic` tap from a pixel's first input value.
    let taps: [Int32]
    /// Input offset of the top-left pixel, and output offset, of each inside window.
    let insideInput: [Int32], insideOutput: [Int32]
    /// (batch, inY, inX, output offset) of each border window.
    let border: [(Int, Int, Int, Int)]
    /// False when an offset would not fit in Int32: then the lists are empty and the Swift kernel runs.
    let fitsInt32: Bool

    /// Requires: the `convFloatMaxPoolFast` arguments these windows will be used with.
    public init(params: ConvParams, inputShape: Shape4, filterShape: Shape4, outputShape: Shape4) {
        let (kh, kw, ic) = (filterShape.height, filterShape.width, inputShape.depth)
        fitsInt32 = inputShape.flatSize <= Int(Int32.max) && outputShape.flatSize <= Int(Int32.max)
        guard fitsInt32 else { (taps, insideInput, insideOutput, border) = ([], [], [], []); return }
        var taps: [Int32] = []
        for fy in 0..<kh {
            for fx in 0..<kw {
                let tap = (fy * params.dilationHeightFactor * inputShape.width + fx * params.dilationWidthFactor) * ic
                for i in 0..<ic { taps.append(Int32(tap + i)) }
            }
        }
        let geometry = PoolWindowGeometry(params: params, inputShape: inputShape, kh: kh, kw: kw)
        var insideInput: [Int32] = [], insideOutput: [Int32] = [], border: [(Int, Int, Int, Int)] = []
        for batch in 0..<outputShape.batches {
            for poolY in 0..<outputShape.height {
                let inY = 2 * poolY * params.strideHeight - params.padding.height
                for poolX in 0..<outputShape.width {
                    let inX = 2 * poolX * params.strideWidth - params.padding.width
                    let out = outputShape.offset(batch, poolY, poolX, 0)
                    if geometry.windowIsInside(inY: inY, inX: inX) {
                        insideInput.append(Int32(inputShape.offset(batch, inY, inX, 0)))
                        insideOutput.append(Int32(out))
                    } else {
                        border.append((batch, inY, inX, out))
                    }
                }
            }
        }
        (self.taps, self.insideInput, self.insideOutput, self.border) = (taps, insideInput, insideOutput, border)
    }
}

/// Which pool windows of a fused conv + pool read only inside the image.
struct PoolWindowGeometry {
    let params: ConvParams, inputShape: Shape4, kh: Int, kw: Int

    /// Whether the four convolution windows of the pool window whose top-left pixel reads from
    /// (inY, inX) lie inside the image.
    func windowIsInside(inY: Int, inX: Int) -> Bool {
        let dh = params.dilationHeightFactor, dw = params.dilationWidthFactor
        func inside(_ inY: Int, _ inX: Int) -> Bool {
            inY >= 0 && inY + (kh - 1) * dh < inputShape.height && inX >= 0 && inX + (kw - 1) * dw < inputShape.width
        }
        return inside(inY, inX) && inside(inY + params.strideHeight, inX + params.strideWidth)
    }
}

/// `convFloatMaxPoolFast` through `clk_conv_float_max_pool` (FMA or a separate product and sum, as
/// `accumulation` says): returns false, having written nothing,
/// when the active instruction set has no such kernel or `windows` do not fit in Int32.
/// Requires: `convFloatMaxPoolFast`'s, and `windows` built from the same params and shapes.
func convFloatMaxPoolNative(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                            filter: PackedFloatConvFilter, bias: UnsafePointer<Float>?, convOutputShape: Shape4,
                            pool: PoolParams, outputShape: Shape4, output: UnsafeMutablePointer<Float>,
                            accumulation: FloatAccumulation, windows: ConvFloatPoolWindows) -> Bool {
    guard windows.fitsInt32, clk_conv_float_max_pool_supported() != 0 else { return false }
    let (ic, oc, ocp) = (inputShape.depth, outputShape.depth, filter.paddedOutputDepth)
    let rowStep = params.strideHeight * inputShape.width * ic, columnStep = params.strideWidth * ic
    windows.taps.withUnsafeBufferPointer { taps in
        windows.insideInput.withUnsafeBufferPointer { inOffsets in
            windows.insideOutput.withUnsafeBufferPointer { outOffsets in
                filter.values.withUnsafeBufferPointer { w in
                    _ = clk_conv_float_max_pool(input, inOffsets.baseAddress, outOffsets.baseAddress,
                                                Int32(inOffsets.count), Int32(columnStep), Int32(rowStep),
                                                taps.baseAddress, Int32(taps.count), w.baseAddress, Int32(ocp), bias,
                                                Int32(oc), params.floatActivationMin, params.floatActivationMax,
                                                pool.floatActivationMin, pool.floatActivationMax, output,
                                                accumulation == .fused ? 1 : 0)
                }
            }
        }
    }
    if windows.border.isEmpty { return true }
    withConvFloatPlan(params: params, inputShape: inputShape, input: input, filter: filter, bias: bias,
                      outputShape: convOutputShape, output: output) { plan, _ in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * ocp) { scratch in
            let pooled = PooledOutput(shape: outputShape, values: output, lo: pool.floatActivationMin,
                                      hi: pool.floatActivationMax, scratch: scratch.baseAddress!)
            for (batch, inY, inX, out) in windows.border {
                switch accumulation {
                case .fused: plan.borderWindow(batch: batch, inY: inY, inX: inX, out: output + out, pooled,
                                               FusedMultiplyAdd.self)
                case .separate: plan.borderWindow(batch: batch, inY: inY, inX: inX, out: output + out, pooled,
                                                  SeparateMultiplyAdd.self)
                }
            }
        }
    }
    return true
}
