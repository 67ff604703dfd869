import LiteFormat
import LiteRuntime

/// Short, readable tensor names: `input`, `output`, each operator's result named after the
/// operator (`conv1`, `pool2`, `fc1`), and its constant inputs after their role (`conv1.w`,
/// `conv1.b`, `reshape1.shape`; `conv1.w16` for the float16 data a DEQUANTIZE expands). Stems and
/// roles come from each operator's registration.
enum TensorNamer {
    static func names(_ editor: GraphEditor) -> [Int32: String] {
        let graph = editor.graph
        var names: [Int32: String] = [:]
        for (k, t) in graph.inputs.enumerated() { names[t] = graph.inputs.count == 1 ? "input" : "input\(k + 1)" }
        for (k, t) in graph.outputs.enumerated() where names[t] == nil {
            names[t] = graph.outputs.count == 1 ? "output" : "output\(k + 1)"
        }
        var counters: [String: Int] = [:]
        var opNames: [String] = []
        for op in graph.operators {
            let stem = OperatorRegistry.all[editor.builtin(op)]?.stem ?? editor.builtin(op).name.lowercased()
            counters[stem, default: 0] += 1
            opNames.append("\(stem)\(counters[stem]!)")
        }
        // Roles first, so a DEQUANTIZE feeding conv1's weights is named from conv1.
        for (i, op) in graph.operators.enumerated() {
            let roles = OperatorRegistry.all[editor.builtin(op)]?.inputRoles ?? []
            for (k, t) in op.inputs.enumerated() where k > 0 && t >= 0 && names[t] == nil {
                let role = k - 1 < roles.count ? roles[k - 1].suffix : "in\(k)"
                names[t] = "\(opNames[i]).\(role)"
                if let p = editor.producer(of: t), editor.builtin(ofOperator: p) == .dequantize,
                   let source = graph.operators[p].inputs.first, names[source] == nil {
                    names[source] = "\(opNames[i]).\(role)16"
                }
            }
        }
        for (i, op) in graph.operators.enumerated() {
            for (k, t) in op.outputs.enumerated() where names[t] == nil {
                names[t] = k == 0 ? opNames[i] : "\(opNames[i]).\(k)"
            }
            for t in op.inputs where t >= 0 && names[t] == nil { names[t] = "\(opNames[i]).in" }
        }
        return names
    }

}
