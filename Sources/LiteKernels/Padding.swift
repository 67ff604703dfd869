/// Padding scheme of convolutions and pools (`Padding` in the schema).
public enum Padding: Sendable, Equatable {
    case same, valid
}

/// Resolved padding of a 2-D window op (TFLite `TfLitePaddingValues`). `width`/`height` are the
/// pixels added before the image; the odd extra pixel of SAME padding (`widthOffset`,
/// `heightOffset`) goes after it and is never read, because out-of-image taps are skipped.
public struct PaddingValues: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var widthOffset: Int
    public var heightOffset: Int

    public init(width: Int = 0, height: Int = 0, widthOffset: Int = 0, heightOffset: Int = 0) {
        self.width = width
        self.height = height
        self.widthOffset = widthOffset
        self.heightOffset = heightOffset
    }
}

/// Output size along one axis: SAME gives `ceil(in / stride)`, VALID `(in − effectiveFilter) / stride + 1`
/// (0 when the filter does not fit). Requires `stride ≥ 1`, `dilation ≥ 1`.
public func computeOutputSize(_ padding: Padding, imageSize: Int, filterSize: Int, stride: Int,
                              dilation: Int = 1) -> Int {
    let effectiveFilter = (filterSize - 1) * dilation + 1
    switch padding {
    case .same: return (imageSize + stride - 1) / stride
    case .valid: return Swift.max((imageSize + stride - effectiveFilter) / stride, 0)
    }
}

/// Padding before the image along one axis and the odd remainder after it
/// (TFLite `ComputePaddingWithOffset`): `total = max((out − 1)·stride + effectiveFilter − in, 0)`.
public func computePaddingWithOffset(stride: Int, dilation: Int = 1, imageSize: Int, filterSize: Int,
                                     outputSize: Int) -> (padding: Int, offset: Int) {
    let effectiveFilter = (filterSize - 1) * dilation + 1
    let total = Swift.max((outputSize - 1) * stride + effectiveFilter - imageSize, 0)
    return (total / 2, total % 2)
}

/// Output size and padding of a 2-D window op (TFLite `ComputePaddingHeightWidth`).
public func computePadding(_ padding: Padding, strideHeight: Int, strideWidth: Int,
                           dilationHeight: Int = 1, dilationWidth: Int = 1,
                           inputHeight: Int, inputWidth: Int, filterHeight: Int, filterWidth: Int)
    -> (values: PaddingValues, outputHeight: Int, outputWidth: Int) {
    let outH = computeOutputSize(padding, imageSize: inputHeight, filterSize: filterHeight,
                                 stride: strideHeight, dilation: dilationHeight)
    let outW = computeOutputSize(padding, imageSize: inputWidth, filterSize: filterWidth,
                                 stride: strideWidth, dilation: dilationWidth)
    let h = computePaddingWithOffset(stride: strideHeight, dilation: dilationHeight, imageSize: inputHeight,
                                     filterSize: filterHeight, outputSize: outH)
    let w = computePaddingWithOffset(stride: strideWidth, dilation: dilationWidth, imageSize: inputWidth,
                                     filterSize: filterWidth, outputSize: outW)
    return (PaddingValues(width: w.padding, height: h.padding, widthOffset: w.offset, heightOffset: h.offset),
            outH, outW)
}
