import LiteFormat

/// A one-subgraph model under edit: lookups of producers and consumers, and appending of
/// tensors, buffers and operator codes. Transformations leave unused entries behind;
/// `ModelCompactor` removes them at the end.
struct GraphEditor {
    var model: LiteModel

    init(_ model: LiteModel) throws {
        guard model.subgraphs.count == 1 else { throw QuantizerError.subgraphCount(model.subgraphs.count) }
        self.model = model
    }

    var graph: SubGraph {
        get { model.subgraphs[0] }
        _modify { yield &model.subgraphs[0] }
    }

    func builtin(_ op: Operator) -> BuiltinOperator {
        model.operatorCodes.indices.contains(Int(op.opcodeIndex))
            ? model.operatorCodes[Int(op.opcodeIndex)].builtin : BuiltinOperator(rawValue: -1)
    }

    func builtin(ofOperator index: Int) -> BuiltinOperator { builtin(graph.operators[index]) }

    func tensor(_ index: Int32) -> Tensor { graph.tensors[Int(index)] }

    /// The constant data of a tensor, or nil for activations.
    func constant(_ index: Int32) -> Buffer? { model.constantData(tensor: Int(index)) }

    /// A constant float32 tensor's values.
    func floats(_ index: Int32) -> [Float]? {
        guard index >= 0, tensor(index).type == .float32, let data = constant(index) else { return nil }
        return data.floats
    }

    /// The operator that writes `tensor`, if any.
    func producer(of tensor: Int32) -> Int? {
        graph.operators.firstIndex { $0.outputs.contains(tensor) }
    }

    /// Operators that read `tensor`, in execution order.
    func consumers(of tensor: Int32) -> [Int] {
        graph.operators.indices.filter { graph.operators[$0].inputs.contains(tensor) }
    }

    mutating func addBuffer(_ buffer: Buffer) -> UInt32 {
        model.buffers.append(buffer)
        return UInt32(model.buffers.count - 1)
    }

    mutating func addTensor(_ tensor: Tensor) -> Int32 {
        graph.tensors.append(tensor)
        return Int32(graph.tensors.count - 1)
    }

    /// A constant tensor with its own new buffer.
    mutating func addConstant(shape: [Int32], type: TensorType, data: Buffer,
                              quantization: QuantizationParameters? = nil) -> Int32 {
        let buffer = addBuffer(data)
        return addTensor(Tensor(shape: shape, type: type, buffer: buffer, quantization: quantization))
    }

    /// Index of the operator code for `builtin` at `version`, added if missing.
    mutating func opcode(_ builtin: BuiltinOperator, version: Int32) -> UInt32 {
        if let i = model.operatorCodes.firstIndex(where: { $0.builtin == builtin && $0.version == version && $0.customCode == nil }) {
            return UInt32(i)
        }
        model.operatorCodes.append(OperatorCode(builtin: builtin, version: version))
        return UInt32(model.operatorCodes.count - 1)
    }

    /// Sets the version an operator declares (its code entry is shared or added).
    mutating func setVersion(ofOperator index: Int, _ version: Int32) {
        let code = builtin(ofOperator: index)
        graph.operators[index].opcodeIndex = opcode(code, version: version)
    }

    /// Replaces every read of `old` by a read of `new` (graph outputs included).
    mutating func replaceUses(of old: Int32, with new: Int32) {
        for i in graph.operators.indices {
            graph.operators[i].inputs = graph.operators[i].inputs.map { $0 == old ? new : $0 }
        }
        graph.outputs = graph.outputs.map { $0 == old ? new : $0 }
    }
}
