import LiteFormat

/// Writes the edited graph back without needless bytes: only tensors and operator codes that
/// are used, one buffer per constant (activations share the empty buffer 0), short tensor
/// names, no shape signatures, metadata or description, and a signature only when asked.
enum ModelCompactor {
    static func compact(_ editor: GraphEditor, keepSignature: Bool) -> LiteModel {
        let source = editor.graph
        var order: [Int32] = []
        var newIndex: [Int32: Int32] = [:]
        func visit(_ t: Int32) {
            guard t >= 0, newIndex[t] == nil else { return }
            newIndex[t] = Int32(order.count)
            order.append(t)
        }
        source.inputs.forEach(visit)
        for op in source.operators { op.inputs.forEach(visit); op.outputs.forEach(visit) }
        source.outputs.forEach(visit)

        let names = TensorNamer.names(editor)
        var buffers = [Buffer()]
        var tensors: [Tensor] = []
        for old in order {
            var tensor = source.tensors[Int(old)]
            if let data = editor.constant(old) {
                buffers.append(data)
                tensor.buffer = UInt32(buffers.count - 1)
            } else {
                tensor.buffer = 0
            }
            tensor.name = names[old]
            tensor.shapeSignature = nil
            if let q = tensor.quantization, q.scale.isEmpty { tensor.quantization = nil }
            tensors.append(tensor)
        }

        var codes: [OperatorCode] = []
        var operators: [Operator] = []
        for op in source.operators {
            let code = editor.model.operatorCodes[Int(op.opcodeIndex)]
            let codeIndex = codes.firstIndex(of: code) ?? { codes.append(code); return codes.count - 1 }()
            var copy = op
            copy.opcodeIndex = UInt32(codeIndex)
            copy.inputs = op.inputs.map { $0 < 0 ? $0 : newIndex[$0] ?? -1 }
            copy.outputs = op.outputs.map { newIndex[$0] ?? -1 }
            copy.intermediates = []
            operators.append(copy)
        }
        let inputs = source.inputs.compactMap { newIndex[$0] }
        let outputs = source.outputs.compactMap { newIndex[$0] }
        let graph = SubGraph(tensors: tensors, inputs: inputs, outputs: outputs, operators: operators)
        var signatures: [SignatureDef] = []
        if keepSignature {
            let map = { (ts: [Int32]) in ts.map { TensorMap(name: tensors[Int($0)].name, tensorIndex: UInt32($0)) } }
            signatures = [SignatureDef(inputs: map(inputs), outputs: map(outputs), signatureKey: "serving_default")]
        }
        return LiteModel(operatorCodes: codes, subgraphs: [graph], buffers: buffers, signatureDefs: signatures)
    }
}
