import LiteFormat
import LiteKernels

/// FULLY_CONNECTED int8 requantization variant (from LiteKernels): `.reference` (LiteRT `BUILTIN_REF`)
/// or `.micro` (TFLite Micro's integer rescale).
public typealias RescaleMode = LiteKernels.RescaleMode

/// How the interpreter evaluates int8 operators.
public struct InterpreterOptions: Sendable, Equatable {
    /// Which kernel implementations run CONV_2D, FULLY_CONNECTED, the pools and integer QUANTIZE.
    /// int8 and hybrid results are identical; `.fast` float CONV_2D fuses multiply and add (FMA) in
    /// models without hybrid operators, so its results differ from `.reference` in the last bits.
    public enum Kernels: Sendable, Equatable {
        /// The readable reference loops.
        case reference
        /// Packed weights and an int8 GEMM. A MAX_POOL_2D that is the only reader of a CONV_2D's
        /// output is fused into it (pooling the accumulators, exact because requantization is monotone);
        /// that intermediate tensor is then not written.
        case fast
    }
    public var kernels: Kernels
    /// FULLY_CONNECTED int8 requantization: `.reference` matches LiteRT `BUILTIN_REF` bit for bit,
    /// `.micro` is TFLite Micro's integer-only rescale.
    public var rescale: RescaleMode
    /// With `.fast` kernels, run a MAX_POOL_2D that is the only reader of a CONV_2D's output inside that
    /// CONV_2D, leaving the conv output unwritten. Set false to read every intermediate tensor after
    /// `invoke()` (calibration).
    public var fusesPools: Bool
    public init(kernels: Kernels = .fast, rescale: RescaleMode = .reference, fusesPools: Bool = true) {
        self.kernels = kernels; self.rescale = rescale; self.fusesPools = fusesPools
    }
}

/// Name, type, shape and quantization of a graph input or output.
public struct TensorInfo: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var type: TensorType
    public var shape: [Int]
    /// Per-tensor scale, 0 for float tensors.
    public var scale: Float
    public var zeroPoint: Int32
}

/// Runs subgraph 0 of a `LiteModel`, like TensorFlow Lite Micro: `init` prepares every operator
/// once through its `OperatorRegistry` entry (multipliers, shifts, padding, activation ranges, packed weights, tensor buffers) and
/// `invoke()` only evaluates, integer-only for int8 operators.
///
/// Not thread-safe: use one interpreter per thread (see `predict(model:images:options:)`).
public final class Interpreter {
    public let model: LiteModel
    public let options: InterpreterOptions
    var tensors: [RuntimeTensor] = []
    private var steps: [() -> Void] = []
    /// Set while preparing a CONV_2D that the next operator (a MAX_POOL_2D) may fuse with.
    var pendingPoolFusion: PoolFusion?
    /// Working memory of kernels (im2col columns, quantized hybrid inputs), freed on deinit.
    var scratchBuffers: [UnsafeMutableRawPointer] = []
    /// Where each scratch buffer's guard zone starts (see `GuardZone`).
    var scratchEnds: [UnsafeMutableRawPointer] = []
    /// Bytes of tensor storage allocated so far (bounded by `maxArenaBytes`).
    var allocatedBytes = 0
    let inputIndices: [Int]
    let outputIndices: [Int]
    /// `.separate` (bit-identical to the reference loops) in models with hybrid operators, which
    /// re-quantize float activations to int8 at run time: there one last-bit difference can move an
    /// int8 value, and the outputs, by a whole step. `.fused` (FMA) everywhere else.
    let floatAccumulation: FloatAccumulation

    /// Validates and prepares `model`; throws `LiteFormatError` or `LiteRuntimeError` naming the
    /// operator and what is wrong.
    public init(model: LiteModel, options: InterpreterOptions = InterpreterOptions()) throws {
        try model.validate()
        self.model = model
        self.options = options
        let graph = model.subgraphs[0]
        inputIndices = graph.inputs.map(Int.init)
        outputIndices = graph.outputs.map(Int.init)
        floatAccumulation = Self.hasHybridOperator(model) ? .separate : .fused
        for (i, tensor) in graph.tensors.enumerated() {
            let buffer = model.buffers[Int(tensor.buffer)]
            guard !tensor.isSparse, buffer.offset <= 1 else {
                throw LiteRuntimeError.unsupported("tensor \(i) uses sparse or external (>2 GB) storage")
            }
            tensors.append(RuntimeTensor(tensor, constant: buffer.data.isEmpty ? nil : buffer.data))
        }
        for index in inputIndices where !tensors[index].isAllocated {
            let context = OpContext(index: -1, name: "graph input \(index)", op: Operator(opcodeIndex: 0, inputs: [], outputs: []),
                                    tensors: tensors)
            try allocate(tensors[index], tensors[index].shape, context)
        }
        for (i, op) in graph.operators.enumerated() {
            let code = model.operatorCodes[Int(op.opcodeIndex)]
            let name = "operator \(i) (\(code.builtin))"
            guard let registration = OperatorRegistry.all[code.builtin] else {
                throw LiteRuntimeError.unsupported("\(name): this runtime does not implement \(code.builtin)")
            }
            guard code.version <= registration.maxVersion else {
                throw LiteRuntimeError.unsupported(
                    "\(name): version \(code.version); this runtime implements versions 1…\(registration.maxVersion)")
            }
            let context = OpContext(index: i, name: name, op: op, tensors: tensors)
            let prepared = try registration.prepare(self, context)
            if prepared.shapeOnly || (prepared.foldable && context.inputsAreStatic) {
                prepared.run()                          // e.g. DEQUANTIZE of fp16 weights, SHAPE
                for output in op.outputs { tensors[Int(output)].isStatic = true }
            } else if let index = prepared.replacesStep {
                steps[index] = prepared.run
            } else {
                steps.append(prepared.run)
            }
        }
        for (position, index) in outputIndices.enumerated() where !tensors[index].isAllocated {
            throw LiteRuntimeError.invalidModel("graph output \(position) (tensor \(index)) is not written by any operator")
        }
    }

    /// Whether an operator with weights (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED) takes float input and int8 weights.
    static func hasHybridOperator(_ model: LiteModel) -> Bool {
        let graph = model.subgraphs[0]
        return graph.operators.contains { op in
            let code = model.operatorCodes[Int(op.opcodeIndex)].builtin
            guard OperatorRegistry.all[code]?.weightsAxis != nil, op.inputs.count >= 2,
                  graph.tensors.indices.contains(Int(op.inputs[0])), graph.tensors.indices.contains(Int(op.inputs[1]))
            else { return false }
            return graph.tensors[Int(op.inputs[0])].type == .float32 && graph.tensors[Int(op.inputs[1])].type == .int8
        }
    }

    deinit { for buffer in scratchBuffers { buffer.deallocate() } }

    /// Runs every operator once on the current inputs.
    public func invoke() {
        for step in steps { step() }
    }

    /// Number of operators evaluated by `invoke()` (folded ones excluded).
    public var evaluatedOperatorCount: Int { steps.count }

    // MARK: Inputs and outputs

    func info(_ index: Int) -> TensorInfo {
        let t = tensors[index]
        return TensorInfo(index: index, name: t.name, type: t.type, shape: t.shape, scale: t.scale, zeroPoint: t.zeroPoint)
    }
    /// Graph inputs in order.
    public var inputs: [TensorInfo] { inputIndices.map(info) }
    /// Graph outputs in order.
    public var outputs: [TensorInfo] { outputIndices.map(info) }
    /// Number of tensors in the graph.
    public var tensorCount: Int { tensors.count }

    /// Copies raw values into graph input `input`; `T` must match the tensor's type.
    public func setInput<T: LiteElement>(_ values: [T], at input: Int = 0) throws {
        guard inputIndices.indices.contains(input) else {
            throw LiteRuntimeError.badInput("input \(input) does not exist; the model has \(inputIndices.count)")
        }
        let t = tensors[inputIndices[input]]
        guard T.tensorType == t.type else {
            throw LiteRuntimeError.badInput("input \(input) holds \(t.type), not \(T.tensorType)")
        }
        guard values.count == t.count else {
            throw LiteRuntimeError.badInput("input \(input) needs \(t.count) values (shape \(t.shape)), got \(values.count)")
        }
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { t.pointer(T.self).update(from: start, count: values.count) }
        }
    }

    /// Sets graph input `input` from real values, quantizing them (reference QUANTIZE) when the
    /// input is int8 or uint8.
    public func setInput(realValues values: [Float], at input: Int = 0) throws {
        guard inputIndices.indices.contains(input) else {
            throw LiteRuntimeError.badInput("input \(input) does not exist; the model has \(inputIndices.count)")
        }
        let t = tensors[inputIndices[input]]
        switch t.type {
        case .float32: try setInput(values, at: input)
        case .int8:
            try setInput(values.map { Int8(quantizeValue($0, scale: t.scale, zeroPoint: t.zeroPoint, qmin: -128, qmax: 127)) }, at: input)
        case .uint8:
            try setInput(values.map { UInt8(quantizeValue($0, scale: t.scale, zeroPoint: t.zeroPoint, qmin: 0, qmax: 255)) }, at: input)
        default: throw LiteRuntimeError.unsupported("input \(input) of type \(t.type)")
        }
    }

    /// Raw values of graph output `output`; `T` must match its type.
    public func output<T: LiteElement>(_ output: Int = 0, as: T.Type = T.self) throws -> [T] {
        guard outputIndices.indices.contains(output) else {
            throw LiteRuntimeError.badInput("output \(output) does not exist; the model has \(outputIndices.count)")
        }
        let t = tensors[outputIndices[output]]
        guard T.tensorType == t.type else {
            throw LiteRuntimeError.badInput("output \(output) holds \(t.type), not \(T.tensorType)")
        }
        return t.values(T.self)
    }

    /// Real values of graph output `output` (dequantized when quantized).
    public func outputRealValues(_ output: Int = 0) throws -> [Float] {
        guard outputIndices.indices.contains(output) else {
            throw LiteRuntimeError.badInput("output \(output) does not exist; the model has \(outputIndices.count)")
        }
        return try realValues(tensor: outputIndices[output])
    }

    /// Real values of any tensor after `invoke()` (calibration, debugging; the output of a CONV_2D whose
    /// pool was fused into it is not written, see `InterpreterOptions.fusesPools`): float32 as is,
    /// int8/uint8/int32 dequantized with their per-tensor scale (raw when not quantized), float16 widened.
    public func realValues(tensor index: Int) throws -> [Float] {
        guard tensors.indices.contains(index) else {
            throw LiteRuntimeError.badInput("tensor \(index) does not exist; the model has \(tensors.count)")
        }
        let t = tensors[index]
        let scale = t.scales.isEmpty ? Float(1) : t.scale
        switch t.type {
        case .float32: return t.values(Float.self)
        case .float16: return t.values(UInt16.self).map { Float(Float16(bitPattern: $0)) }
        case .int8: return t.values(Int8.self).map { Float(Double(scale) * Double(Int32($0) - t.zeroPoint)) }
        case .uint8: return t.values(UInt8.self).map { Float(Double(scale) * Double(Int32($0) - t.zeroPoint)) }
        case .int32: return t.values(Int32.self).map { Float(Double(scale) * Double(Int64($0) - Int64(t.zeroPoint))) }
        default: throw LiteRuntimeError.unsupported("reading tensor \(index) of type \(t.type)")
        }
    }
}

/// Element types that can be copied in and out of tensors.
public protocol LiteElement: Sendable { static var tensorType: TensorType { get } }
extension Float: LiteElement { public static var tensorType: TensorType { .float32 } }
extension Int8: LiteElement { public static var tensorType: TensorType { .int8 } }
extension UInt8: LiteElement { public static var tensorType: TensorType { .uint8 } }
extension Int32: LiteElement { public static var tensorType: TensorType { .int32 } }
