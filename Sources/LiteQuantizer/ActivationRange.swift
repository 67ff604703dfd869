/// What calibration decided for one activation tensor of an int8 model.
public struct ActivationRange: Sendable, Equatable {
    /// Where a tensor's quantization parameters came from.
    public enum Source: String, Sendable {
        /// Observed on the representative samples (after the calibration method's clipping).
        case calibrated
        /// Recorded in the float model as min/max (quantization-aware training).
        case recorded
        /// Copied from the operator's input (MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE).
        case inherited
        /// Fixed by the runtime (SOFTMAX output: 1/256, −128).
        case fixed
    }

    /// The tensor's name in the written model.
    public var tensor: String
    /// The range the parameters were chosen from (before widening to contain 0).
    public var min: Float
    public var max: Float
    public var parameters: AffineParameters
    public var source: Source

    public init(tensor: String, min: Float, max: Float, parameters: AffineParameters, source: Source) {
        self.tensor = tensor
        self.min = min
        self.max = max
        self.parameters = parameters
        self.source = source
    }
}
