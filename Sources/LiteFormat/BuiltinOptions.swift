/// Options of one operator: the `BuiltinOptions` union restricted to the ops this package runs.
public enum BuiltinOptions: Sendable, Equatable {
    case none
    case conv2D(Conv2DOptions)
    case depthwiseConv2D(DepthwiseConv2DOptions)
    case pool2D(Pool2DOptions)
    case fullyConnected(FullyConnectedOptions)
    case softmax(SoftmaxOptions)
    case add(AddOptions)
    case reshape(ReshapeOptions)
    case pad
    case reducer(ReducerOptions)
    case stridedSlice(StridedSliceOptions)
    case shape(ShapeOptions)
    case pack(PackOptions)
    case dequantize
    case quantize
    /// A union member outside the subset; its table is not decoded and is not written back.
    case unsupported(unionType: UInt8)

    /// Union type value in the schema (`BuiltinOptions` enum).
    public var unionType: UInt8 {
        switch self {
        case .none: return 0
        case .conv2D: return 1
        case .depthwiseConv2D: return 2
        case .pool2D: return 5
        case .fullyConnected: return 8
        case .softmax: return 9
        case .add: return 11
        case .reshape: return 17
        case .pad: return 22
        case .reducer: return 27
        case .stridedSlice: return 32
        case .dequantize: return 38
        case .shape: return 55
        case .pack: return 59
        case .quantize: return 89
        case .unsupported(let type): return type
        }
    }

    /// The activation fused into the operator, for the options that have one (nil for the others).
    public var fusedActivation: ActivationFunction? {
        switch self {
        case .conv2D(let o): return o.activation
        case .depthwiseConv2D(let o): return o.activation
        case .pool2D(let o): return o.activation
        case .fullyConnected(let o): return o.activation
        case .add(let o): return o.activation
        default: return nil
        }
    }
}

/// `Conv2DOptions`. Note width comes before height in the schema.
public struct Conv2DOptions: Sendable, Equatable {
    public var padding: Padding
    public var strideW: Int32, strideH: Int32
    public var activation: ActivationFunction
    public var dilationW: Int32 = 1, dilationH: Int32 = 1
    public init(padding: Padding, strideW: Int32, strideH: Int32, activation: ActivationFunction,
                dilationW: Int32 = 1, dilationH: Int32 = 1) {
        self.padding = padding; self.strideW = strideW; self.strideH = strideH
        self.activation = activation; self.dilationW = dilationW; self.dilationH = dilationH
    }
}

/// `DepthwiseConv2DOptions`.
public struct DepthwiseConv2DOptions: Sendable, Equatable {
    public var padding: Padding
    public var strideW: Int32, strideH: Int32
    public var depthMultiplier: Int32
    public var activation: ActivationFunction
    public var dilationW: Int32 = 1, dilationH: Int32 = 1
    public init(padding: Padding, strideW: Int32, strideH: Int32, depthMultiplier: Int32,
                activation: ActivationFunction, dilationW: Int32 = 1, dilationH: Int32 = 1) {
        self.padding = padding; self.strideW = strideW; self.strideH = strideH
        self.depthMultiplier = depthMultiplier; self.activation = activation
        self.dilationW = dilationW; self.dilationH = dilationH
    }
}

/// `Pool2DOptions` (MAX_POOL_2D and AVERAGE_POOL_2D).
public struct Pool2DOptions: Sendable, Equatable {
    public var padding: Padding
    public var strideW: Int32, strideH: Int32
    public var filterWidth: Int32, filterHeight: Int32
    public var activation: ActivationFunction
    public init(padding: Padding, strideW: Int32, strideH: Int32, filterWidth: Int32, filterHeight: Int32,
                activation: ActivationFunction = .none) {
        self.padding = padding; self.strideW = strideW; self.strideH = strideH
        self.filterWidth = filterWidth; self.filterHeight = filterHeight; self.activation = activation
    }
}

/// `FullyConnectedOptions`.
public struct FullyConnectedOptions: Sendable, Equatable {
    public var activation: ActivationFunction = .none
    /// 0 = DEFAULT; 1 = SHUFFLED4x16INT8 (not supported by the runtime).
    public var weightsFormat: Int8 = 0
    public var keepNumDims = false
    /// Hybrid (dynamic-range) models: quantize each input row with its own zero point.
    public var asymmetricQuantizeInputs = false
    public init(activation: ActivationFunction = .none, weightsFormat: Int8 = 0, keepNumDims: Bool = false,
                asymmetricQuantizeInputs: Bool = false) {
        self.activation = activation; self.weightsFormat = weightsFormat
        self.keepNumDims = keepNumDims; self.asymmetricQuantizeInputs = asymmetricQuantizeInputs
    }
}

/// `SoftmaxOptions`. The schema default of `beta` is 0, not 1.
public struct SoftmaxOptions: Sendable, Equatable {
    public var beta: Float
    public init(beta: Float) { self.beta = beta }
}

/// `AddOptions`.
public struct AddOptions: Sendable, Equatable {
    public var activation: ActivationFunction
    public var potScaleInt16: Bool
    public init(activation: ActivationFunction = .none, potScaleInt16: Bool = true) {
        self.activation = activation; self.potScaleInt16 = potScaleInt16
    }
}

/// `ReshapeOptions`; the new shape usually comes from the op's second input instead.
public struct ReshapeOptions: Sendable, Equatable {
    public var newShape: [Int32]?
    public init(newShape: [Int32]?) { self.newShape = newShape }
}

/// `ReducerOptions` (MEAN).
public struct ReducerOptions: Sendable, Equatable {
    public var keepDims: Bool
    public init(keepDims: Bool) { self.keepDims = keepDims }
}

/// `StridedSliceOptions`: bit masks over the sliced dimensions.
public struct StridedSliceOptions: Sendable, Equatable {
    public var beginMask: Int32 = 0, endMask: Int32 = 0, ellipsisMask: Int32 = 0
    public var newAxisMask: Int32 = 0, shrinkAxisMask: Int32 = 0
    /// When true, `end` is an offset from `begin`.
    public var offset = false
    public init(beginMask: Int32 = 0, endMask: Int32 = 0, ellipsisMask: Int32 = 0, newAxisMask: Int32 = 0,
                shrinkAxisMask: Int32 = 0, offset: Bool = false) {
        self.beginMask = beginMask; self.endMask = endMask; self.ellipsisMask = ellipsisMask
        self.newAxisMask = newAxisMask; self.shrinkAxisMask = shrinkAxisMask; self.offset = offset
    }
}

/// `ShapeOptions`: element type of the produced shape tensor.
public struct ShapeOptions: Sendable, Equatable {
    public var outType: TensorType
    public init(outType: TensorType = .int32) { self.outType = outType }
}

/// `PackOptions`.
public struct PackOptions: Sendable, Equatable {
    public var valuesCount: Int32, axis: Int32
    public init(valuesCount: Int32, axis: Int32 = 0) { self.valuesCount = valuesCount; self.axis = axis }
}
