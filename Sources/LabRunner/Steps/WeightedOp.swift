import Foundation
import LiteFormat
import LiteRuntime

/// An operator of a model's main graph whose registration has weights (`weightsAxis`: CONV_2D,
/// DEPTHWISE_CONV_2D, FULLY_CONNECTED), with its filter (weight) tensor. `explore` and `fixedpoint`
/// number these ops 0, 1, … in graph order.
struct WeightedOp {
    /// Position among the weighted ops.
    var number: Int
    var kind: BuiltinOperator
    var op: Operator
    /// Tensor index of the filter (input 1).
    var filter: Int
    var filterTensor: Tensor
    /// The output-channel axis of the filter (3 for depthwise `[1, H, W, C]`, else 0), from the registration.
    var channelAxis: Int
    /// Output channels of the filter.
    var channels: Int {
        filterTensor.shape.indices.contains(channelAxis) ? Int(filterTensor.shape[channelAxis]) : 1
    }
    /// e.g. `CONV_2D #0 (chapter_cnn_1/conv1_1/convolution)`.
    var title: String { "\(kind.name) #\(number)" + (filterTensor.name.map { " (\($0))" } ?? "") }

    /// The weighted ops of subgraph 0, in execution order.
    static func all(in model: LiteModel) -> [WeightedOp] {
        guard let graph = model.subgraphs.first else { return [] }
        var out: [WeightedOp] = []
        for op in graph.operators {
            guard model.operatorCodes.indices.contains(Int(op.opcodeIndex)) else { continue }
            let kind = model.operatorCodes[Int(op.opcodeIndex)].builtin
            guard let axis = OperatorRegistry.registration(kind)?.weightsAxis, op.inputs.count > 1,
                  graph.tensors.indices.contains(Int(op.inputs[1])) else { continue }
            let filter = Int(op.inputs[1])
            out.append(WeightedOp(number: out.count, kind: kind, op: op, filter: filter, filterTensor: graph.tensors[filter],
                                  channelAxis: axis))
        }
        return out
    }

    /// The model a `convert` step left: its payload, else the `.tflite` file named by its `path` field.
    static func model(of id: String, _ context: RunContext) throws -> LiteModel {
        if let model = try context.liteModelPayload(of: id) { return model }
        guard let relative = try context.result(of: id).fields["path"]?.string else {
            throw StepFailure("'\(id)' left no model and has no 'path' field", hint: "'model' must name a convert step")
        }
        let url = context.artifactsDirectory.appendingPathComponent(relative)
        do { return try LiteModel.read(contentsOf: url) } catch {
            throw StepFailure("cannot read the model '\(relative)' of '\(id)': \(error)")
        }
    }
}
