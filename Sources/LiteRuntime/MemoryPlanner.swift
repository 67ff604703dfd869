import LiteFormat

/// Where each activation tensor lives in a microcontroller's tensor arena, and how big the arena
/// and the flash image are.
public struct MemoryPlan: Sendable, Equatable {
    /// One non-constant tensor placed in the arena.
    public struct Allocation: Sendable, Equatable {
        public var tensor: Int
        public var name: String
        /// Byte offset in the arena (a multiple of the alignment).
        public var offset: Int
        /// Bytes reserved: element count × element size, rounded up to the alignment.
        public var size: Int
        /// First and last operator (execution order) during which the tensor must hold its value.
        public var firstOperator: Int
        public var lastOperator: Int
    }
    public var allocations: [Allocation]
    /// Arena bytes for activations with greedy reuse (the peak over the plan).
    public var arenaBytes: Int
    /// Arena bytes if every activation had its own buffer (no reuse).
    public var unsharedBytes: Int
    /// Estimate of the runtime's persistent bookkeeping in the arena (see `MemoryPlanner`).
    public var persistentBytesEstimate: Int
    /// Bytes of the model in flash: the `.tflite` file itself.
    public var flashBytes: Int
    /// `arenaBytes + persistentBytesEstimate`: what to give `MicroInterpreter` as arena size.
    public var totalArenaEstimate: Int { arenaBytes + persistentBytesEstimate }
}

/// Computes a tensor arena like TensorFlow Lite Micro's `GreedyMemoryPlanner`:
///
/// 1. every tensor without constant data that an operator reads or writes (and every graph
///    input/output) needs a buffer from the first operator that writes it (0 for graph inputs) to
///    the last one that reads it (the last operator for graph outputs);
/// 2. sizes are rounded up to the alignment (16 bytes, as TFLM);
/// 3. buffers are placed largest first; each goes at the lowest offset that does not overlap a
///    placed buffer whose lifetime intersects its own.
///
/// The persistent estimate follows TFLM's 32-bit layout: 12 bytes per `TfLiteEvalTensor` for every
/// tensor, 64 bytes per operator (node and registration pointers, op data header), and 8 bytes per
/// output channel of every operator with weights (registration `weightsAxis`: CONV_2D, DEPTHWISE_CONV_2D,
/// FULLY_CONNECTED; per-channel multiplier and shift). It is an estimate; the real figure depends on the TFLM build and kernels (CMSIS-NN adds
/// scratch buffers).
public enum MemoryPlanner {
    /// Plans subgraph 0 of `model`. `fileSize` defaults to the size of `model.serialized()`.
    public static func plan(_ model: LiteModel, fileSize: Int? = nil, alignment: Int = 16) throws -> MemoryPlan {
        try model.validate()
        let graph = model.subgraphs[0]
        let isConstant = graph.tensors.map { !model.buffers[Int($0.buffer)].data.isEmpty }
        let lastOperator = max(graph.operators.count - 1, 0)
        var first = [Int?](repeating: nil, count: graph.tensors.count)
        var last = [Int?](repeating: nil, count: graph.tensors.count)
        func use(_ tensor: Int32, at step: Int) {
            let t = Int(tensor)
            guard t >= 0, !isConstant[t] else { return }
            first[t] = min(first[t] ?? step, step)
            last[t] = max(last[t] ?? step, step)
        }
        for t in graph.inputs { use(t, at: 0) }
        for (step, op) in graph.operators.enumerated() {
            for t in op.inputs + op.outputs { use(t, at: step) }
        }
        for t in graph.outputs { use(t, at: lastOperator) }

        var pending: [MemoryPlan.Allocation] = []
        for (t, tensor) in graph.tensors.enumerated() {
            guard let start = first[t], let end = last[t] else { continue }
            let bytes = tensor.elementCount * (tensor.type.elementSize ?? 1)
            pending.append(MemoryPlan.Allocation(tensor: t, name: tensor.name ?? "", offset: 0,
                                                 size: (bytes + alignment - 1) / alignment * alignment,
                                                 firstOperator: start, lastOperator: end))
        }
        // Largest first; ties keep tensor order (a stable sort, as TFLM's reverse sort by size).
        let order = pending.indices.sorted { pending[$0].size != pending[$1].size ? pending[$0].size > pending[$1].size : $0 < $1 }
        var placed: [MemoryPlan.Allocation] = []
        for index in order {
            var candidate = pending[index]
            let conflicts = placed.filter {
                $0.firstOperator <= candidate.lastOperator && candidate.firstOperator <= $0.lastOperator
            }.sorted { $0.offset < $1.offset }
            var offset = 0
            for other in conflicts {
                if offset + candidate.size <= other.offset { break }
                offset = max(offset, other.offset + other.size)
            }
            candidate.offset = offset
            placed.append(candidate)
        }
        placed.sort { $0.tensor < $1.tensor }

        var persistent = 12 * graph.tensors.count + 64 * graph.operators.count
        for op in graph.operators {
            let code = model.operatorCodes[Int(op.opcodeIndex)].builtin
            guard OperatorRegistry.all[code]?.weightsAxis != nil, op.outputs.count == 1 else { continue }
            let output = graph.tensors[Int(op.outputs[0])]
            persistent += 8 * Int(output.shape.last ?? 0)
        }
        return MemoryPlan(allocations: placed, arenaBytes: placed.map { $0.offset + $0.size }.max() ?? 0,
                          unsharedBytes: placed.reduce(0) { $0 + $1.size }, persistentBytesEstimate: persistent,
                          flashBytes: fileSize ?? model.serialized().count)
    }
}
