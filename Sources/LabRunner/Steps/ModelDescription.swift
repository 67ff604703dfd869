import Foundation
import LiteFormat
import LiteRuntime

/// Human-readable facts about a `.tflite` model: operators with their kernel shapes and
/// quantization, tensors with types, shapes and bytes. Shared by `inspect`, `memory` and
/// `labrun inspect`. What it says about each operator (title, input roles) comes from the operator's
/// registration in `OperatorRegistry`, so it keeps no list of operators of its own.
public struct ModelDescription: Sendable {
    /// One operator as a reader of the graph wants it.
    public struct OperatorLine: Sendable {
        public var index: Int
        /// `CONV_2D`.
        public var name: String
        /// `CONV_2D 3×3 · relu`, `FULLY_CONNECTED 1600→10`.
        public var title: String
        /// `in int8 1×28×28×1 s=0.003922 z=-128`, `weights int8 32×3×3×1 per-channel (32)`, `out …`.
        public var details: [String]
        public var inputs: [Int]
        public var outputs: [Int]
    }
    /// One tensor row.
    public struct TensorLine: Sendable {
        public var index: Int
        public var name: String
        public var type: String
        public var shape: String
        /// `0.003922`, `per-channel (32): 0.0011…0.0046`, or `—`.
        public var scale: String
        public var zeroPoint: String
        public var bytes: Int
        public var isConstant: Bool
    }

    public var operators: [OperatorLine]
    public var tensors: [TensorLine]
    public var inputs: [Int]
    public var outputs: [Int]
    /// Bytes of constant tensor data (weights, biases, shapes).
    public var weightsBytes: Int

    public init(_ model: LiteModel) {
        let graph = model.subgraphs.first ?? SubGraph(tensors: [], inputs: [], outputs: [], operators: [])
        func isConstant(_ t: Tensor) -> Bool { model.buffers.indices.contains(Int(t.buffer)) && !model.buffers[Int(t.buffer)].data.isEmpty }
        tensors = graph.tensors.enumerated().map { i, t in
            let q = t.quantization
            let scale: String, zero: String
            if let q, q.scale.count > 1 {
                scale = "per-channel (\(q.scale.count)): \(Self.number(q.scale.min() ?? 0))…\(Self.number(q.scale.max() ?? 0))"
                zero = Set(q.zeroPoint).count == 1 ? String(q.zeroPoint[0]) : "per-channel"
            } else if let q, let s = q.scale.first {
                scale = Self.number(s)
                zero = String(q.zeroPoint.first ?? 0)
            } else {
                scale = "—"; zero = "—"
            }
            return TensorLine(index: i, name: t.name ?? "tensor \(i)", type: t.type.description.lowercased(),
                              shape: Self.shape(t.shape), scale: scale, zeroPoint: zero,
                              bytes: t.elementCount * (t.type.elementSize ?? 1), isConstant: isConstant(t))
        }
        weightsBytes = graph.tensors.filter(isConstant).reduce(0) { $0 + model.buffers[Int($1.buffer)].data.count }
        inputs = graph.inputs.map(Int.init)
        outputs = graph.outputs.map(Int.init)
        operators = graph.operators.enumerated().map { i, op in
            let code = model.operatorCodes.indices.contains(Int(op.opcodeIndex))
                ? model.operatorCodes[Int(op.opcodeIndex)].builtin : BuiltinOperator(rawValue: -1)
            let registration = OperatorRegistry.registration(code)
            let ins = op.inputs.map(Int.init).filter { graph.tensors.indices.contains($0) }
            let outs = op.outputs.map(Int.init).filter { graph.tensors.indices.contains($0) }
            var details: [String] = []
            // Constant inputs 1, 2, … are named by the operator's registration (`weights`, `bias`).
            for (k, t) in op.inputs.map(Int.init).enumerated() where graph.tensors.indices.contains(t) {
                let roles = registration?.inputRoles ?? []
                let role = !isConstant(graph.tensors[t]) ? "in"
                    : k >= 1 && k - 1 < roles.count ? roles[k - 1].word ?? "const" : "const"
                details.append("\(role) " + Self.summary(graph.tensors[t]))
            }
            for t in outs { details.append("out " + Self.summary(graph.tensors[t])) }
            let inputShapes = op.inputs.map { graph.tensors.indices.contains(Int($0)) ? graph.tensors[Int($0)].shape : [] }
            return OperatorLine(index: i, name: code.name, title: registration?.title(op, inputShapes) ?? code.name,
                                details: details,
                                inputs: ins, outputs: outs)
        }
    }

    /// `int8 1×28×28×1 s=0.003922 z=-128`, `int8 32×3×3×1 per-channel (32)`.
    static func summary(_ t: Tensor) -> String {
        var s = "\(t.type.description.lowercased()) \(shape(t.shape))"
        if let q = t.quantization, q.scale.count > 1 {
            s += " per-channel (\(q.scale.count))"
        } else if let q = t.quantization, let scale = q.scale.first {
            s += " s=\(number(scale)) z=\(q.zeroPoint.first ?? 0)"
        }
        return s
    }

    /// `1×28×28×1` (`scalar` for rank 0).
    static func shape(_ s: [Int32]) -> String { s.isEmpty ? "scalar" : s.map(String.init).joined(separator: "×") }

    /// Four significant digits: `0.003922`, `12.5`.
    static func number(_ x: Float) -> String { String(format: "%.4g", Double(x)) }
}
