import Foundation

/// A TFLite model (the schema's root `Model` table), restricted to what this package uses.
///
/// Read one with `LiteModel.read(_:)`, write one with `serialized()`.
public struct LiteModel: Sendable, Equatable {
    /// Schema version; TFLite runtimes only accept 3.
    public var version: UInt32
    public var operatorCodes: [OperatorCode]
    /// Subgraph 0 is the main graph.
    public var subgraphs: [SubGraph]
    public var description: String?
    /// Constant data; entry 0 is by convention empty, activations point at it.
    public var buffers: [Buffer]
    public var metadata: [Metadata]
    public var signatureDefs: [SignatureDef]

    public init(version: UInt32 = 3, operatorCodes: [OperatorCode], subgraphs: [SubGraph],
                description: String? = nil, buffers: [Buffer], metadata: [Metadata] = [],
                signatureDefs: [SignatureDef] = []) {
        self.version = version; self.operatorCodes = operatorCodes; self.subgraphs = subgraphs
        self.description = description; self.buffers = buffers; self.metadata = metadata
        self.signatureDefs = signatureDefs
    }
}

/// `OperatorCode`: which builtin an operator runs and at which version.
public struct OperatorCode: Sendable, Equatable {
    /// Effective operator: `max(builtin_code, deprecated_builtin_code)` on reading.
    public var builtin: BuiltinOperator
    public var version: Int32
    /// Name of a custom operator (builtin is then CUSTOM).
    public var customCode: String?
    public init(builtin: BuiltinOperator, version: Int32 = 1, customCode: String? = nil) {
        self.builtin = builtin; self.version = version; self.customCode = customCode
    }
}

/// `SubGraph`: tensors and the operators that connect them, in execution order.
public struct SubGraph: Sendable, Equatable {
    public var tensors: [Tensor]
    public var inputs: [Int32]
    public var outputs: [Int32]
    public var operators: [Operator]
    public var name: String?
    public init(tensors: [Tensor], inputs: [Int32], outputs: [Int32], operators: [Operator], name: String? = nil) {
        self.tensors = tensors; self.inputs = inputs; self.outputs = outputs
        self.operators = operators; self.name = name
    }
}

/// `Tensor`: shape, element type, data buffer and quantization.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int32]
    public var type: TensorType
    /// Index into `LiteModel.buffers`; 0 (or an empty buffer) means no constant data.
    public var buffer: UInt32
    public var name: String?
    public var quantization: QuantizationParameters?
    public var isVariable: Bool
    /// Shape with −1 for dynamic dimensions (dynamic-batch models only).
    public var shapeSignature: [Int32]?
    /// True when the file attaches sparsity parameters (not supported by the runtime).
    public var isSparse: Bool
    public init(shape: [Int32], type: TensorType, buffer: UInt32 = 0, name: String? = nil,
                quantization: QuantizationParameters? = nil, isVariable: Bool = false,
                shapeSignature: [Int32]? = nil, isSparse: Bool = false) {
        self.shape = shape; self.type = type; self.buffer = buffer; self.name = name
        self.quantization = quantization; self.isVariable = isVariable
        self.shapeSignature = shapeSignature; self.isSparse = isSparse
    }

    /// Number of elements (product of the shape; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1) { $0 * Int($1) } }
}

/// `QuantizationParameters`: real = scale · (q − zeroPoint), per tensor or per axis.
public struct QuantizationParameters: Sendable, Equatable {
    public var min: [Float]
    public var max: [Float]
    public var scale: [Float]
    public var zeroPoint: [Int64]
    /// Axis of per-channel scales.
    public var quantizedDimension: Int32
    public init(min: [Float] = [], max: [Float] = [], scale: [Float] = [], zeroPoint: [Int64] = [],
                quantizedDimension: Int32 = 0) {
        self.min = min; self.max = max; self.scale = scale; self.zeroPoint = zeroPoint
        self.quantizedDimension = quantizedDimension
    }
    /// True when scales are present (the tensor holds quantized values).
    public var isQuantized: Bool { !scale.isEmpty }
}

/// `Buffer`: raw little-endian tensor bytes.
public struct Buffer: Sendable, Equatable {
    public var data: [UInt8]
    /// Offset/size of data stored outside the FlatBuffer (models over 2 GB); 0 when unused.
    public var offset: UInt64, size: UInt64
    public init(data: [UInt8] = [], offset: UInt64 = 0, size: UInt64 = 0) {
        self.data = data; self.offset = offset; self.size = size
    }
}

/// `Operator`: one node of the graph.
public struct Operator: Sendable, Equatable {
    /// Index into `LiteModel.operatorCodes`.
    public var opcodeIndex: UInt32
    /// Tensor indices; −1 marks an absent optional input.
    public var inputs: [Int32]
    public var outputs: [Int32]
    public var options: BuiltinOptions
    public var intermediates: [Int32]
    public init(opcodeIndex: UInt32, inputs: [Int32], outputs: [Int32], options: BuiltinOptions = .none,
                intermediates: [Int32] = []) {
        self.opcodeIndex = opcodeIndex; self.inputs = inputs; self.outputs = outputs
        self.options = options; self.intermediates = intermediates
    }
}

/// `Metadata`: a named buffer (e.g. `min_runtime_version`).
public struct Metadata: Sendable, Equatable {
    public var name: String?
    public var buffer: UInt32
    public init(name: String?, buffer: UInt32) { self.name = name; self.buffer = buffer }
}

/// `SignatureDef`: named entry points (`serving_default`).
public struct SignatureDef: Sendable, Equatable {
    /// (name, tensor index) pairs.
    public var inputs: [TensorMap]
    public var outputs: [TensorMap]
    public var signatureKey: String?
    public var subgraphIndex: UInt32
    public init(inputs: [TensorMap], outputs: [TensorMap], signatureKey: String?, subgraphIndex: UInt32 = 0) {
        self.inputs = inputs; self.outputs = outputs; self.signatureKey = signatureKey
        self.subgraphIndex = subgraphIndex
    }
}

/// `TensorMap`: a signature's name for a tensor.
public struct TensorMap: Sendable, Equatable {
    public var name: String?
    public var tensorIndex: UInt32
    public init(name: String?, tensorIndex: UInt32) { self.name = name; self.tensorIndex = tensorIndex }
}
