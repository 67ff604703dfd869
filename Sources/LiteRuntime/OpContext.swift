import LiteFormat
import LiteKernels

/// What preparing one operator produces: the evaluation closure (pointers and constants captured)
/// and whether it may run once at prepare time when all its inputs are static.
struct PreparedOp {
    var run: () -> Void
    var foldable = false
    /// The output depends only on input shapes (SHAPE): always computed at prepare time.
    var shapeOnly = false
    /// Runs in place of an earlier operator's step (a MAX_POOL_2D fused into the CONV_2D before it).
    var replacesStep: Int? = nil
}

/// A CONV_2D whose only reader is the MAX_POOL_2D right after it: `make` builds the fused step from the
/// pool's parameters, output shape and output buffer, to run in place of step `stepIndex`, or returns nil
/// when the fused kernel does not handle that pool.
struct PoolFusion {
    let convOutput: Int
    let stepIndex: Int
    let make: (PoolParams, Shape4, UnsafeMutableRawPointer) throws -> (() -> Void)?
}

/// One operator being prepared: typed access to its tensors and errors that name it.
struct OpContext {
    let index: Int
    /// "operator 3 (CONV_2D)".
    let name: String
    let op: Operator
    let tensors: [RuntimeTensor]

    func invalid(_ message: String) -> LiteRuntimeError { .invalidModel("\(name): \(message)") }
    func unsupported(_ message: String) -> LiteRuntimeError { .unsupported("\(name): \(message)") }

    /// Input `i`, which must be present.
    func input(_ i: Int) throws -> RuntimeTensor {
        guard let t = optionalInput(i) else { throw invalid("input \(i) is missing") }
        guard t.isAllocated else { throw invalid("input \(i) (tensor \(op.inputs[i])) is read before any operator writes it") }
        return t
    }
    /// Input `i`, or nil when absent (−1 or beyond the list).
    func optionalInput(_ i: Int) -> RuntimeTensor? {
        guard op.inputs.indices.contains(i), op.inputs[i] >= 0 else { return nil }
        return tensors[Int(op.inputs[i])]
    }
    /// Output `i`, which must be present and must not hold constant data.
    func output(_ i: Int = 0) throws -> RuntimeTensor {
        guard op.outputs.indices.contains(i) else { throw invalid("output \(i) is missing") }
        let t = tensors[Int(op.outputs[i])]
        guard !t.isStatic else { throw invalid("output \(i) is a constant tensor") }
        guard !t.isAllocated else {
            throw invalid("output \(i) (tensor \(op.outputs[i])) is already written by a graph input or an earlier operator")
        }
        return t
    }
    /// Output 0 after `output()` checked and `allocate` sized it (for helpers of one preparation).
    var allocatedOutput: RuntimeTensor { tensors[Int(op.outputs[0])] }
    var inputsAreStatic: Bool { op.inputs.allSatisfy { $0 < 0 || tensors[Int($0)].isStatic } }

    func requireType(_ t: RuntimeTensor, _ role: String, _ types: TensorType...) throws {
        guard types.contains(t.type) else {
            throw unsupported("\(role) of type \(t.type) (expected \(types.map(\.description).joined(separator: " or ")))")
        }
    }
    func requireStatic(_ t: RuntimeTensor, _ role: String) throws {
        guard t.isStatic else { throw unsupported("\(role) must be a constant tensor") }
    }
    /// Per-tensor quantization (one scale > 0, one zero point).
    func requireQuantized(_ t: RuntimeTensor, _ role: String) throws {
        guard t.scales.count == 1, t.zeroPoints.count == 1, t.scale > 0, t.scale.isFinite else {
            throw invalid("\(role) needs one positive scale and one zero point, has \(t.scales.count) scales")
        }
        let range: ClosedRange<Int32> = t.type == .uint8 ? 0...255 : t.type == .int8 ? -128...127 : -32768...32767
        guard range.contains(t.zeroPoint) else {
            throw invalid("\(role) zero point \(t.zeroPoint) is outside the \(t.type) range")
        }
    }
    /// The tensor's shape as NHWC.
    func shape4(_ t: RuntimeTensor, _ role: String) throws -> Shape4 {
        guard t.shape.count == 4 else { throw invalid("\(role) must have rank 4, has shape \(t.shape)") }
        return Shape4(t.shape[0], t.shape[1], t.shape[2], t.shape[3])
    }
    /// Maps the schema's fused activation to the kernels' subset.
    func activation(_ a: ActivationFunction) throws -> FusedActivation {
        switch a {
        case .none: return .none
        case .relu: return .relu
        case .relu6: return .relu6
        case .reluN1To1: return .reluN1To1
        case .tanh, .signBit: throw unsupported("fused activation \(a)")
        }
    }
}

extension Interpreter {
    /// Largest total of tensor buffers one interpreter may allocate (hostile shapes fail cleanly).
    /// 256 MiB is ample for the edge models labrun runs (MobileNet-class arenas are tens of MiB)
    /// and keeps a crafted input shape from costing seconds of zero-filling before prepare refuses it.
    static let maxArenaBytes = 1 << 28

    /// Element count of `shape`, or nil when a dimension is negative or the product exceeds the arena limit.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard d >= 0, !overflow, product <= maxArenaBytes else { return nil }
            count = product
        }
        return count
    }

    /// Charges `bytes` to the interpreter's memory budget.
    private func charge(_ bytes: Int, _ c: OpContext) throws {
        allocatedBytes += bytes
        guard bytes <= Self.maxArenaBytes, allocatedBytes <= Self.maxArenaBytes else {
            throw c.unsupported("tensors and scratch buffers need more than \(Self.maxArenaBytes >> 20) MiB")
        }
    }

    /// Gives `t` the shape computed at prepare time and allocates it.
    func allocate(_ t: RuntimeTensor, _ shape: [Int], _ c: OpContext) throws {
        guard let count = Self.elementCount(shape) else { throw c.invalid("tensor shape \(shape) needs more than \(Self.maxArenaBytes >> 20) MiB") }
        try charge(count * t.elementSize, c)
        t.resize(shape)
    }

    /// Kernel working memory (16-byte aligned), freed with the interpreter.
    func allocateScratch(_ bytes: Int, _ c: OpContext) throws -> UnsafeMutableRawPointer {
        try charge(bytes, c)
        let size = max(bytes, 16)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size + GuardZone.bytes, alignment: 16)
        GuardZone.fill(buffer + size)
        scratchBuffers.append(buffer)
        scratchEnds.append(buffer + size)
        return buffer
    }

    /// Debug builds: whether every tensor and scratch buffer still has its guard zone, i.e. no kernel
    /// wrote past its end since prepare (the shape-mutation tests check this after `invoke()`).
    var guardZonesAreIntact: Bool {
        tensors.allSatisfy(\.guardZoneIsIntact) && scratchEnds.allSatisfy { GuardZone.isIntact($0) }
    }
}
