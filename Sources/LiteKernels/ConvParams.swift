/// Parameters of CONV_2D and DEPTHWISE_CONV_2D (TFLite `ConvParams` / `DepthwiseParams`).
/// Quantized kernels read the offsets and take the per-channel constants from `OutputRescale`;
/// float kernels read the float activation range.
public struct ConvParams: Sendable, Equatable {
    public var padding: PaddingValues
    public var strideWidth: Int
    public var strideHeight: Int
    public var dilationWidthFactor: Int
    public var dilationHeightFactor: Int
    /// Output channels per input channel (depthwise only).
    public var depthMultiplier: Int
    /// `−z_in`, added to every input value (TFLM `input_offset`).
    public var inputOffset: Int32
    public var floatActivationMin: Float
    public var floatActivationMax: Float

    public init(padding: PaddingValues = PaddingValues(), strideWidth: Int = 1, strideHeight: Int = 1,
                dilationWidthFactor: Int = 1, dilationHeightFactor: Int = 1, depthMultiplier: Int = 1,
                inputOffset: Int32 = 0,
                floatActivationMin: Float = -.greatestFiniteMagnitude,
                floatActivationMax: Float = .greatestFiniteMagnitude) {
        self.padding = padding
        self.strideWidth = strideWidth
        self.strideHeight = strideHeight
        self.dilationWidthFactor = dilationWidthFactor
        self.dilationHeightFactor = dilationHeightFactor
        self.depthMultiplier = depthMultiplier
        self.inputOffset = inputOffset
        self.floatActivationMin = floatActivationMin
        self.floatActivationMax = floatActivationMax
    }
}
