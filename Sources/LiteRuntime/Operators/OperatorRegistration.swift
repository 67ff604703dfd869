import LiteFormat

/// Everything labrun knows about one builtin operator, in one value: the interpreter prepares and
/// evaluates it through `prepare`, the quantizer converts it by `quantization`, the memory planner and
/// the tensor namer read `weightsAxis`, `stem` and `inputRoles`, model descriptions and graph pictures
/// read `inputRoles` and `title`. Each operator's file defines its
/// registration next to its prepare code; `OperatorRegistry` lists them all.
public struct OperatorRegistration: Sendable {
    public let builtin: BuiltinOperator
    /// Highest operator version the interpreter implements.
    public let maxVersion: Int32
    /// Short name of the operator's result in tensor names and diagrams (`conv` → `conv1`, `conv2`).
    public let stem: String
    /// Roles of inputs 1, 2, … when they are constants (`conv1.w`, `weights …`); others are `in1`, `in2`.
    public let inputRoles: [InputRole]
    /// Input 1 is a constant weight tensor with its output channels along this axis (CONV_2D 0,
    /// DEPTHWISE_CONV_2D 3, FULLY_CONNECTED 0) and input 2 an optional bias; nil for other operators.
    public let weightsAxis: Int?
    /// How the quantizer converts the operator; nil when it refuses models that contain it.
    public let quantization: OperatorQuantization?
    /// Size and notes of the operator's title, from the operator and its input shapes.
    let describe: @Sendable (Operator, _ inputShapes: [[Int32]]) -> OperatorTitle
    /// Checks the operator against its tensors, sizes its outputs and builds the evaluation step.
    let prepare: @Sendable (Interpreter, OpContext) throws -> PreparedOp

    init(_ builtin: BuiltinOperator, maxVersion: Int32, stem: String? = nil, inputRoles: [InputRole] = [],
         weightsAxis: Int? = nil, quantization: OperatorQuantization? = nil,
         describe: @escaping @Sendable (Operator, _ inputShapes: [[Int32]]) -> OperatorTitle = OperatorTitle.activationOnly,
         prepare: @escaping @Sendable (Interpreter, OpContext) throws -> PreparedOp) {
        self.builtin = builtin
        self.maxVersion = maxVersion
        self.stem = stem ?? builtin.name.lowercased()
        self.inputRoles = inputRoles
        self.weightsAxis = weightsAxis
        self.quantization = quantization
        self.describe = describe
        self.prepare = prepare
    }

    /// `CONV_2D 3×3 · stride 2 · relu`, `FULLY_CONNECTED 1600→10`, `RESHAPE`: the operator's name with what
    /// matters about it. `inputShapes` are its inputs' shapes in order (empty for an absent input).
    public func title(_ op: Operator, _ inputShapes: [[Int32]]) -> String {
        describe(op, inputShapes).text(builtin)
    }
}

/// How the quantizer converts one operator. Float16 needs no entry: every variant stores each float
/// constant input as float16 behind a DEQUANTIZE, whatever the operator.
public struct OperatorQuantization: Sendable {
    /// Where the int8 output's scale and zero point come from.
    public enum Int8Output: Sendable, Equatable {
        /// Its own range, from calibration or QAT min/max.
        case calibrated
        /// Input 0's parameters (pools, RESHAPE: the kernel then needs no rescale).
        case sameAsInput
        /// Fixed parameters over a fixed real range (SOFTMAX: scale 1/256, zero point −128 over 0…1).
        case fixed(min: Float, max: Float, scale: Float, zeroPoint: Int)
    }
    /// The dynamic-range variant: weights become int8 and the operator runs a hybrid kernel.
    public struct DynamicRange: Sendable {
        /// Versions TensorFlow 2.21 writes with per-channel and per-tensor weight scales.
        public var perChannelVersion: Int32
        public var perTensorVersion: Int32
        /// Options the hybrid kernel needs (FULLY_CONNECTED: asymmetric input quantization).
        public var adjustOptions: (@Sendable (inout Operator) -> Void)?
    }
    public var int8Output: Int8Output
    /// Version of the int8 operator, as TensorFlow 2.21 writes it.
    public var int8Version: Int32
    /// nil: weights stay float32 in the dynamic-range variant.
    public var dynamicRange: DynamicRange?
    /// Inputs that are not float activations (RESHAPE's int32 shape): not required to be float32.
    public var nonFloatInputs: Set<Int>

    init(int8Output: Int8Output, int8Version: Int32, dynamicRange: DynamicRange? = nil, nonFloatInputs: Set<Int> = []) {
        self.int8Output = int8Output
        self.int8Version = int8Version
        self.dynamicRange = dynamicRange
        self.nonFloatInputs = nonFloatInputs
    }
}
