// QUANTIZE between integer types without generics: the reference `requantize<In, Out>` is generic
// across modules, so every element costs witness calls (`bitWidth`, `truncatingIfNeeded`). These
// concrete overloads specialize it inside LiteKernels, and take a plain `q − z_in + z_out` loop
// when input and output scales are equal (the uint8 ↔ int8 I/O conversions of int8 models).

extension RequantizeParams {
    /// The multiplier is exactly 1 (`quantizeMultiplier(1) = (2³⁰, 1)`): `MBQM(x, 2³⁰, 1) = x` for every
    /// 8-bit difference `x`, so the op is a zero-point shift.
    @inline(__always)
    var isIdentityScale: Bool { multiplier == 1 << 30 && shift == 1 }
}

@inline(__always)
func requantizeSpecialized<In: FixedWidthInteger, Out: FixedWidthInteger>(
    _ input: UnsafePointer<In>, count: Int, params: RequantizeParams, output: UnsafeMutablePointer<Out>) {
    let qmin = Int32(Out.min), qmax = Int32(Out.max)
    if params.isIdentityScale {
        let offset = params.outputZeroPoint &- params.inputZeroPoint
        for i in 0..<count {
            output[i] = Out(truncatingIfNeeded: Swift.min(Swift.max(Int32(input[i]) &+ offset, qmin), qmax))
        }
        return
    }
    for i in 0..<count {
        output[i] = Out(truncatingIfNeeded: Swift.min(Swift.max(params.apply(Int32(input[i])), qmin), qmax))
    }
}

/// QUANTIZE uint8 → int8, equal to `requantize` (tests hold it so) but specialized.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func requantizeFast(_ input: UnsafePointer<UInt8>, count: Int, params: RequantizeParams,
                           output: UnsafeMutablePointer<Int8>) {
    requantizeSpecialized(input, count: count, params: params, output: output)
}

/// QUANTIZE int8 → uint8, equal to `requantize` but specialized.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func requantizeFast(_ input: UnsafePointer<Int8>, count: Int, params: RequantizeParams,
                           output: UnsafeMutablePointer<UInt8>) {
    requantizeSpecialized(input, count: count, params: params, output: output)
}

/// QUANTIZE int8 → int8 (a rescale), equal to `requantize` but specialized.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func requantizeFast(_ input: UnsafePointer<Int8>, count: Int, params: RequantizeParams,
                           output: UnsafeMutablePointer<Int8>) {
    requantizeSpecialized(input, count: count, params: params, output: output)
}

/// QUANTIZE uint8 → uint8 (a rescale), equal to `requantize` but specialized.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input and output `count` values
/// each.
public func requantizeFast(_ input: UnsafePointer<UInt8>, count: Int, params: RequantizeParams,
                           output: UnsafeMutablePointer<UInt8>) {
    requantizeSpecialized(input, count: count, params: params, output: output)
}
