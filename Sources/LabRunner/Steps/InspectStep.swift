import LabDocument
import LiteFormat
import LiteRuntime

/// `inspect`: a converted model's operators, tensors and quantization parameters, drawn as a
/// graph (one column per model, e.g. float32 next to int8) with a table of its tensors.
///
/// ```yaml
/// model: int8
/// compare: f32
/// ```
///
/// Fields (of `model`): `ops`, `op_list`, `tensors`, `arena_bytes` (activations, planned like
/// TFLM's greedy planner), `flash_bytes` (the file), `weights_bytes` (constant data); with
/// `compare`, the same under the compared model's id (`graph.f32.ops`).
public enum InspectStep: Step {
    public static let name = "inspect"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields(InspectStep.factFields, perEntry: ("compare", InspectStep.factFields))
    public static let summary = "operators, tensors and quantization parameters of a model; graph picture"
    public static let parameters = [
        ParameterSpec("model", .reference(["convert"]), help: "the convert step whose model to inspect"),
        ParameterSpec("compare", .reference(["convert"]), default: .null, help: "a second model drawn beside it"),
        ParameterSpec("tensor_table", .bool, default: true, help: "show the table of tensors"),
    ]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        if let other = p.string("compare"), other == p.string("model") {
            return [Diagnostic(p.location(of: "compare"), "'compare' names the same model as 'model' ('\(other)')")]
        }
        return []
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let main = try ConvertedModel.load(p.string("model") ?? "", context)
        let compared = try p.string("compare").map { try ConvertedModel.load($0, context) }
        var fields = try facts(main)
        var columns: [[Diagram.Node]] = []
        var edges: [Diagram.Edge] = []
        var outputs: [Output] = []
        for m in [main] + (compared.map { [$0] } ?? []) {
            let (nodes, e) = graph(m)
            columns.append(nodes)
            edges += e
        }
        if let compared { fields[compared.id] = .record(try facts(compared)) }
        let title = compared.map { "\(main.id) and \($0.id)" } ?? main.id
        outputs.append(.diagram(Diagram(title: "Operators of \(title)", columns: columns, edges: edges,
                                        caption: p.string("caption"))))
        if p.bool("tensor_table") ?? true {
            for m in [main] + (compared.map { [$0] } ?? []) { outputs.append(.table(tensorTable(m))) }
        }
        return StepOutcome(StepResult(fields: fields, outputs: outputs))
    }

    /// The fields `facts` reports for one model.
    static let factFields = [
        ResultField("ops", "number", "operators in the graph"),
        ResultField("op_list", "list of text", "the operators' names in graph order"),
        ResultField("tensors", "number", "tensors in the graph"),
        ResultField("arena_bytes", "number", "planned activation memory, in bytes", aliases: ["arena"]),
        ResultField("flash_bytes", "number", "flash needed, in bytes"),
        ResultField("weights_bytes", "number", "bytes of constant data (weights and biases)", aliases: ["weights"]),
        ResultField("input_type", "text", "the input tensor's type: float32, int8 or uint8"),
        ResultField("input_scale", "number", "the input's quantization scale as stored in the file (null for float)"),
        ResultField("input_zero_point", "number", "the input's zero point (null for float)"),
        ResultField("output_type", "text", "the output tensor's type"),
        ResultField("output_scale", "number", "the output's quantization scale (null for float)"),
        ResultField("output_zero_point", "number", "the output's zero point (null for float)"),
    ]

    /// `ops`, `op_list`, `tensors`, `arena_bytes`, `flash_bytes`, `weights_bytes` of one model.
    static func facts(_ m: ConvertedModel) throws -> Record {
        let d = ModelDescription(m.model)
        let plan: MemoryPlan
        do { plan = try MemoryPlanner.plan(m.model, fileSize: m.sizeBytes) } catch {
            throw StepFailure("cannot plan the memory of '\(m.id)': \(error)")
        }
        return Record([
            ("ops", .number(Double(d.operators.count))),
            ("op_list", .list(d.operators.map { .string($0.name) })),
            ("tensors", .number(Double(d.tensors.count))),
            ("arena_bytes", .number(Double(plan.arenaBytes))),
            ("flash_bytes", .number(Double(plan.flashBytes))),
            ("weights_bytes", .number(Double(d.weightsBytes))),
        ] + ioFacts(m, "input", m.model.subgraphs[0].inputs) + ioFacts(m, "output", m.model.subgraphs[0].outputs))
    }

    /// `input_type`, `input_scale`, `input_zero_point` (and the same for the output): what a program
    /// feeding the model must know. Scale and zero point are null for a float tensor.
    static func ioFacts(_ m: ConvertedModel, _ side: String, _ indices: [Int32]) -> [(String, Value)] {
        guard let first = indices.first, Int(first) < m.model.subgraphs[0].tensors.count else { return [] }
        let tensor = m.model.subgraphs[0].tensors[Int(first)]
        let q = tensor.quantization
        let scale = q?.scale.first.map { Value.number(Double($0)) } ?? .null
        let zero = q?.zeroPoint.first.map { Value.number(Double($0)) } ?? .null
        return [("\(side)_type", .string(tensor.type.description.lowercased())), ("\(side)_scale", scale), ("\(side)_zero_point", zero)]
    }

    /// One column: the input, each operator in order, the output; edges follow the tensors.
    static func graph(_ m: ConvertedModel) -> ([Diagram.Node], [Diagram.Edge]) {
        let d = ModelDescription(m.model)
        let header = m.variant.isEmpty ? m.id : "\(m.id) (\(m.variant))"
        var nodes = [Diagram.Node(id: "\(m.id)-in", lines: ["input · \(header)"] + d.inputs.map { "\(d.tensors[$0].type) \(d.tensors[$0].shape)" },
                                  style: .terminal)]
        var edges: [Diagram.Edge] = []
        var producer: [Int: String] = [:]
        for t in d.inputs { producer[t] = "\(m.id)-in" }
        for op in d.operators {
            let id = "\(m.id)-op\(op.index)"
            nodes.append(Diagram.Node(id: id, lines: [op.title] + op.details))
            for t in op.inputs { if let from = producer[t] { edges.append(Diagram.Edge(from: from, to: id)) } }
            for t in op.outputs { producer[t] = id }
        }
        nodes.append(Diagram.Node(id: "\(m.id)-out", lines: ["output"] + d.outputs.map { "\(d.tensors[$0].type) \(d.tensors[$0].shape)" },
                                  style: .terminal))
        for t in d.outputs { if let from = producer[t] { edges.append(Diagram.Edge(from: from, to: "\(m.id)-out")) } }
        return (nodes, edges)
    }

    static func tensorTable(_ m: ConvertedModel) -> ResultTable {
        let d = ModelDescription(m.model)
        return ResultTable(columns: ["#", "name", "type", "shape", "scale", "zero point", "bytes"],
                           rows: d.tensors.map { t in
                               ["\(t.index)", t.name + (t.isConstant ? " (const)" : ""), t.type, t.shape, t.scale, t.zeroPoint,
                                Filters.fixed(Double(t.bytes), 0)]
                           },
                           alignments: [.right, .left, .left, .left, .right, .right, .right],
                           caption: "Tensors of \(m.id): \(d.tensors.count), \(Filters.fixed(Double(d.weightsBytes), 0)) bytes of constant data")
    }
}
