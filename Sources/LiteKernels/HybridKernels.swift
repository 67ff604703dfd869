/// TFLite `AsymmetricQuantizeFloats` (portable reference): quantizes `count` floats to int8 with their
/// own range `[min(0, min x), max(0, max x)]`: scale `(rmax − rmin)/255` in double, the zero point chosen
/// and nudged as in the converter, `q = clamp(roundf(x · Float(1/scale)) + zp, −128, 127)`.
/// An all-zero range gives zeros with scale 1 and offset 0.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func asymmetricQuantizeFloats(_ values: UnsafePointer<Float>, count: Int,
                                     output: UnsafeMutablePointer<Int8>) -> (scale: Float, offset: Int32) {
    var minValue: Float = 0, maxValue: Float = 0
    for i in 0..<count {
        minValue = Swift.min(minValue, values[i])
        maxValue = Swift.max(maxValue, values[i])
    }
    return asymmetricQuantizeFloats(values, count: count, min: minValue, max: maxValue, output: output)
}

/// The part of `asymmetricQuantizeFloats` after the range: zero point, scale and the quantizing loop.
func asymmetricQuantizeFloats(_ values: UnsafePointer<Float>, count: Int, min minValue: Float, max maxValue: Float,
                              output: UnsafeMutablePointer<Int8>) -> (scale: Float, offset: Int32) {
    guard let q = AsymmetricQuantization(min: minValue, max: maxValue) else {
        output.update(repeating: 0, count: count)
        return (1, 0)
    }
    quantizeFloats(values, count: count, inverse: q.inverse, offset: q.offset, output: output)
    return (q.scale, q.offset)
}

/// The quantizing loop of `asymmetricQuantizeFloats`: `clamp(roundf(x · inverse) + offset, −128, 127)`, NaN → 0.
/// Requires: input and output `count` values each.
func quantizeFloats(_ values: UnsafePointer<Float>, count: Int, inverse: Float, offset: Int32,
                    output: UnsafeMutablePointer<Int8>) {
    // LiteRT's x86 build rounds the scaled value first and adds the offset after, as an integer;
    // rounding `offset + x/scale` instead differs on ties (measured on the chapter's files, where
    // the offset is −128: 187 of 3,872 conv2 outputs of one image moved by a weight step).
    for i in 0..<count {
        let scaled = (values[i] * inverse).rounded()
        let bounded = Swift.min(Swift.max(scaled + Float(offset), -128), 127)  // exact: |scaled| ≤ 2^24 or clamped
        output[i] = Int8(bounded.isNaN ? 0 : bounded)
    }
}

/// Scale, zero point and the inverse scale `asymmetricQuantizeFloats` uses for the range `[min, max]`
/// (`min ≤ 0 ≤ max`), as TFLite computes them: scale `(max − min)/255` in double, the zero point chosen
/// and nudged as in the converter. Nil for an empty range (all zeros).
struct AsymmetricQuantization {
    let scale: Float, offset: Int32, inverse: Float

    init?(min minValue: Float, max maxValue: Float) {
        let rmin = Double(minValue), rmax = Double(maxValue)
        if rmin == rmax { return nil }
        let qmin = -128.0, qmax = 127.0
        let scale = (rmax - rmin) / (qmax - qmin)
        let zeroPointFromMin = qmin - rmin / scale
        let zeroPointFromMax = qmax - rmax / scale
        let errorFromMin = qmin.magnitude + (rmin / scale).magnitude
        let errorFromMax = qmax.magnitude + (rmax / scale).magnitude
        let zeroPoint = errorFromMin < errorFromMax ? zeroPointFromMin : zeroPointFromMax
        offset = zeroPoint <= qmin ? -128 : (zeroPoint >= qmax ? 127 : Int32(zeroPoint.rounded()))
        self.scale = Float(scale)
        inverse = Float(1.0 / Double(self.scale))
    }
}

/// Reference hybrid CONV_2D with per-channel int8 weights (`reference_ops::HybridConvPerChannel`):
/// each batch image is quantized with `asymmetricQuantizeFloats` into `quantizedInput` (same element
/// count as the input), `acc = Σ w · (q − offset)` over in-image taps, then
/// `Float(acc) · filterScale[c] · inputScale + bias[c]`, clamped to the float activation range.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values; groups = 1; `filterScales` one per output channel; `quantizedInput`
/// `inputShape.flatSize` bytes.
public func hybridConvPerChannel(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                                 filterShape: Shape4, filter: UnsafePointer<Int8>, filterScales: UnsafePointer<Float>,
                                 bias: UnsafePointer<Float>?, outputShape: Shape4, output: UnsafeMutablePointer<Float>,
                                 quantizedInput: UnsafeMutablePointer<Int8>) {
    let imageSize = inputShape.height * inputShape.width * inputShape.depth
    let filterInputDepth = filterShape.depth
    let groups = inputShape.depth / filterInputDepth
    let filtersPerGroup = outputShape.depth / groups
    for batch in 0..<inputShape.batches {
        let (scalingFactor, offset) = asymmetricQuantizeFloats(input + batch * imageSize, count: imageSize,
                                                               output: quantizedInput + batch * imageSize)
        for outY in 0..<outputShape.height {
            let inYOrigin = outY * params.strideHeight - params.padding.height
            for outX in 0..<outputShape.width {
                let inXOrigin = outX * params.strideWidth - params.padding.width
                for outChannel in 0..<outputShape.depth {
                    let group = outChannel / filtersPerGroup
                    var acc: Int32 = 0
                    for filterY in 0..<filterShape.height {
                        let inY = inYOrigin + params.dilationHeightFactor * filterY
                        if inY < 0 || inY >= inputShape.height { continue }
                        for filterX in 0..<filterShape.width {
                            let inX = inXOrigin + params.dilationWidthFactor * filterX
                            if inX < 0 || inX >= inputShape.width { continue }
                            for inChannel in 0..<filterInputDepth {
                                let q = Int32(quantizedInput[inputShape.offset(batch, inY, inX,
                                                                               inChannel + group * filterInputDepth)])
                                let w = Int32(filter[filterShape.offset(outChannel, filterY, filterX, inChannel)])
                                acc &+= w &* (q &- offset)
                            }
                        }
                    }
                    let value = Float(acc) * filterScales[outChannel] * scalingFactor + (bias?[outChannel] ?? 0)
                    output[outputShape.offset(batch, outY, outX, outChannel)] =
                        Swift.min(Swift.max(value, params.floatActivationMin), params.floatActivationMax)
                }
            }
        }
    }
}

/// Reference hybrid FULLY_CONNECTED with int8 weights (`asymmetric_quantize_inputs`): each input row is
/// quantized with `asymmetricQuantizeFloats` into `quantizedInput` (`accumDepth` bytes), then
/// `bias[c] + Float(Σ w·q − offset·Σw) · (inputScale · filterScale[c])`, clamped.
/// `filterScales` holds `outputDepth` scales, or one for per-tensor weights (`filterScaleCount` 1).
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `batches × accumDepth`
/// values; weights `[outputDepth, accumDepth]`, both ≥ 1; output exactly `batches × outputDepth` values; bias nil
/// or `outputDepth` values; `filterScaleCount` = `outputDepth` scales; `quantizedInput` `accumDepth` bytes.
public func hybridFullyConnected(batches: Int, accumDepth: Int, outputDepth: Int, input: UnsafePointer<Float>,
                                 weights: UnsafePointer<Int8>, filterScales: UnsafePointer<Float>, filterScaleCount: Int,
                                 bias: UnsafePointer<Float>?, activationMin: Float = -.greatestFiniteMagnitude,
                                 activationMax: Float = .greatestFiniteMagnitude,
                                 output: UnsafeMutablePointer<Float>, quantizedInput: UnsafeMutablePointer<Int8>) {
    for b in 0..<batches {
        let (scalingFactor, offset) = asymmetricQuantizeFloats(input + b * accumDepth, count: accumDepth,
                                                               output: quantizedInput)
        for c in 0..<outputDepth {
            var dot: Int32 = 0
            var rowSum: Int32 = 0
            for k in 0..<accumDepth {
                let w = Int32(weights[c * accumDepth + k])
                dot &+= w &* Int32(quantizedInput[k])
                rowSum &+= w
            }
            // TFLite subtracts rowSum·offset in float and truncates back; exact while |values| < 2^24.
            dot &-= rowSum &* offset
            let scale = scalingFactor * filterScales[filterScaleCount == 1 ? 0 : c]
            let value = (bias?[c] ?? 0) + Float(dot) * scale
            output[b * outputDepth + c] = Swift.min(Swift.max(value, activationMin), activationMax)
        }
    }
}
