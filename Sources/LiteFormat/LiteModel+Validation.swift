extension LiteModel {
    /// Largest element count accepted for one tensor (keeps all size arithmetic far from overflow).
    public static let maxTensorElements = 1 << 31

    /// Semantic checks after decoding (what LiteRT checks before it builds an interpreter): schema version 3, every index in
    /// range, shapes non-negative, constant data exactly as long as the shape needs, and
    /// quantization parameters consistent with the shape.
    public func validate() throws {
        guard version == 3 else {
            throw LiteFormatError.invalidModel("schema version is \(version), expected 3")
        }
        guard !subgraphs.isEmpty else { throw LiteFormatError.invalidModel("the model has no subgraphs") }
        for (index, code) in operatorCodes.enumerated() where code.version < 1 {
            throw LiteFormatError.invalidModel("operator code \(index) (\(code.builtin)) has version \(code.version)")
        }
        for (g, graph) in subgraphs.enumerated() {
            let prefix = subgraphs.count == 1 ? "" : "subgraph \(g): "
            for (i, tensor) in graph.tensors.enumerated() {
                try validate(tensor, "\(prefix)tensor \(i)\(tensor.name.map { " (\"\($0)\")" } ?? "")")
            }
            let tensorCount = graph.tensors.count
            func check(_ indices: [Int32], _ what: String, optional: Bool) throws {
                for index in indices where !(0..<tensorCount).contains(Int(index)) && !(optional && index == -1) {
                    throw LiteFormatError.invalidModel(
                        "\(prefix)\(what) refers to tensor \(index), but the subgraph has \(tensorCount) tensors")
                }
            }
            try check(graph.inputs, "graph input", optional: false)
            try check(graph.outputs, "graph output", optional: false)
            for (o, op) in graph.operators.enumerated() {
                guard Int(op.opcodeIndex) < operatorCodes.count else {
                    throw LiteFormatError.invalidModel(
                        "\(prefix)operator \(o) uses opcode \(op.opcodeIndex), but the model has \(operatorCodes.count)")
                }
                let name = "operator \(o) (\(operatorCodes[Int(op.opcodeIndex)].builtin))"
                try check(op.inputs, "\(name) input", optional: true)
                try check(op.outputs, "\(name) output", optional: false)
                try check(op.intermediates, "\(name) intermediate", optional: false)
            }
        }
    }

    private func validate(_ tensor: Tensor, _ what: String) throws {
        guard Int(tensor.buffer) < buffers.count else {
            throw LiteFormatError.invalidModel("\(what) uses buffer \(tensor.buffer), but the model has \(buffers.count)")
        }
        var count = 1
        for dim in tensor.shape {
            guard dim >= 0 else { throw LiteFormatError.invalidModel("\(what) has negative dimension \(dim) in shape \(tensor.shape)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
            guard !overflow, product <= Self.maxTensorElements else {
                throw LiteFormatError.invalidModel("\(what) has shape \(tensor.shape), more than 2^31 elements")
            }
            count = product
        }
        let data = buffers[Int(tensor.buffer)].data
        if !data.isEmpty, let size = tensor.type.elementSize, data.count != count * size {
            throw LiteFormatError.invalidModel(
                "\(what) has shape \(tensor.shape) of \(tensor.type) (\(count * size) bytes), but its buffer \(tensor.buffer) holds \(data.count) bytes")
        }
        guard let q = tensor.quantization, !q.scale.isEmpty else { return }
        guard q.zeroPoint.count == q.scale.count else {
            throw LiteFormatError.invalidModel("\(what) has \(q.scale.count) scales but \(q.zeroPoint.count) zero points")
        }
        if q.scale.count > 1 {
            let axis = Int(q.quantizedDimension)
            guard tensor.shape.indices.contains(axis) else {
                throw LiteFormatError.invalidModel(
                    "\(what) is quantized along dimension \(axis), but its shape \(tensor.shape) has rank \(tensor.shape.count)")
            }
            guard Int(tensor.shape[axis]) == q.scale.count else {
                throw LiteFormatError.invalidModel(
                    "\(what) has \(q.scale.count) scales; per-axis quantization along dimension \(axis) needs \(tensor.shape[axis])")
            }
        }
    }
}
