/// Reference QUANTIZE float32 → int8 (`reference_ops::AffineQuantize`):
/// `clamp(Int32(roundf(x / scale)) + zeroPoint, −128, 127)` with a float32 division and rounding half
/// away from zero. Clamped in float before converting, so huge inputs saturate; NaN maps to the zero point.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func quantize(_ input: UnsafePointer<Float>, count: Int, scale: Float, zeroPoint: Int32,
                     output: UnsafeMutablePointer<Int8>) {
    for i in 0..<count {
        output[i] = Int8(truncatingIfNeeded: quantizeValue(input[i], scale: scale, zeroPoint: zeroPoint, qmin: -128, qmax: 127))
    }
}

/// Reference QUANTIZE float32 → uint8; see the int8 overload.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func quantize(_ input: UnsafePointer<Float>, count: Int, scale: Float, zeroPoint: Int32,
                     output: UnsafeMutablePointer<UInt8>) {
    for i in 0..<count {
        output[i] = UInt8(truncatingIfNeeded: quantizeValue(input[i], scale: scale, zeroPoint: zeroPoint, qmin: 0, qmax: 255))
    }
}

/// One value of the reference QUANTIZE, in `qmin...qmax`.
@inline(__always)
public func quantizeValue(_ x: Float, scale: Float, zeroPoint: Int32, qmin: Int32, qmax: Int32) -> Int32 {
    let rounded = (x / scale).rounded()
    if rounded.isNaN { return Swift.min(Swift.max(zeroPoint, qmin), qmax) }
    // Values beyond ±2^20 saturate anyway; bounding first keeps Int32(_:) from trapping.
    let bounded = Swift.min(Swift.max(rounded, -1_048_576), 1_048_576)
    return Swift.min(Swift.max(Int32(bounded) &+ zeroPoint, qmin), qmax)
}

/// Constants of an integer → integer QUANTIZE (TFLite `Requantize`), prepared once.
public struct RequantizeParams: Sendable, Equatable {
    public var inputZeroPoint: Int32
    public var outputZeroPoint: Int32
    public var multiplier: Int32
    public var shift: Int

    /// `(M, shift) = quantizeMultiplier(Double(inputScale) / Double(outputScale))`.
    public init(inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32) {
        (multiplier, shift) = quantizeMultiplier(Double(inputScale) / Double(outputScale))
        self.inputZeroPoint = inputZeroPoint
        self.outputZeroPoint = outputZeroPoint
    }

    /// `MBQM(q − z_in, M, shift) + z_out`, before clamping.
    @inline(__always)
    public func apply(_ q: Int32) -> Int32 {
        multiplyByQuantizedMultiplier(q &- inputZeroPoint, multiplier, shift) &+ outputZeroPoint
    }
}

/// Reference QUANTIZE between integer types (uint8 ↔ int8, int8 → int8 rescale):
/// `clamp(MBQM(q − z_in, M, shift) + z_out)`. Same-scale uint8 ↔ int8 reduces to `q ∓ 128`.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func requantize<In: FixedWidthInteger, Out: FixedWidthInteger>(
    _ input: UnsafePointer<In>, count: Int, params: RequantizeParams, output: UnsafeMutablePointer<Out>) {
    let qmin = Int32(Out.min), qmax = Int32(Out.max)
    for i in 0..<count {
        let v = params.apply(Int32(input[i]))
        output[i] = Out(truncatingIfNeeded: Swift.min(Swift.max(v, qmin), qmax))
    }
}

/// Reference DEQUANTIZE: `Float(Double(scale) · Double(q − zeroPoint))` (the correctly rounded product).
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func dequantize<In: FixedWidthInteger>(_ input: UnsafePointer<In>, count: Int, scale: Float, zeroPoint: Int32,
                                              output: UnsafeMutablePointer<Float>) {
    for i in 0..<count {
        output[i] = Float(Double(scale) * Double(Int32(input[i]) &- zeroPoint))
    }
}

/// DEQUANTIZE float16 → float32 (exact IEEE conversion); `input` holds raw binary16 bit patterns.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func dequantizeFloat16(_ input: UnsafePointer<UInt16>, count: Int, output: UnsafeMutablePointer<Float>) {
    for i in 0..<count {
        output[i] = Float(Float16(bitPattern: input[i]))
    }
}
