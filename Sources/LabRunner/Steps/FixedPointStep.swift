import Foundation
import LabDocument
import LiteFormat
import LiteKernels

/// `lab fixedpoint`: how an int8 model rescales an int32 accumulator without floating point,
/// worked on the real scales of one operator and output channel:
/// `M = s_in·s_w/s_out`, `M = M0·2^(shift−31)`, `q_out = MBQM(acc, M0, shift) + z_out`.
public enum FixedPointStep: Step {
    public static let name = "fixedpoint"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("op_name", "text", "the operator shown"),
        ResultField("channel", "number", "the output channel whose scale is used"),
        ResultField("s_in", "number", "input scale"),
        ResultField("s_w", "number", "filter scale of the channel"),
        ResultField("s_out", "number", "output scale"),
        ResultField("z_out", "number", "output zero point"),
        ResultField("multiplier", "number", "M = s_in · s_w / s_out"),
        ResultField("m0", "number", "M0: M as a 32-bit fixed-point fraction"),
        ResultField("shift", "number", "the power of two with M = M0 · 2^shift / 2^31"),
        ResultField("q31", "number", "M0 / 2^31"),
        ResultField("accumulator", "number", "the example int32 accumulator"),
        ResultField("real_result", "number", "accumulator · M, in real arithmetic"),
        ResultField("fixed_result", "number", "the same in fixed point"),
        ResultField("output", "number", "the int8 output after the zero point and clamping"),
    ])
    public static let summary = "the fixed-point multiplier of an int8 op (M, M0, shift) and one worked requantization"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("model", .reference(["convert"]), help: "the convert step of an int8 model"),
        ParameterSpec("op", .integer(min: 0, max: 100_000), default: 0,
                      help: "which CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED op, counted from 0 in graph order"),
        ParameterSpec("channel", .integer(min: 0, max: 100_000), default: 0, help: "the output channel whose filter scale to use"),
        ParameterSpec("accumulator", .integer(min: Int(Int32.min), max: Int(Int32.max)), default: 1000,
                      help: "an example int32 accumulator (Σ q_in·q_w + bias of one output); 1000 by default, "
                          + "an illustrative value, not one computed from an image"),
    ]

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let modelID = p.string("model") ?? ""
        let model = try WeightedOp.model(of: modelID, context)
        let w = try FixedPointWork(model: model, op: p.int("op") ?? 0, channel: p.int("channel") ?? 0,
                                   accumulator: Int32(clamping: p.int("accumulator") ?? 1000), modelID: modelID)
        return StepOutcome(StepResult(fields: w.fields(), outputs: [.table(w.table()), .text(w.sentence())]))
    }
}

/// The numbers of one fixed-point requantization, read from an int8 model.
struct FixedPointWork {
    var opTitle: String
    var channel: Int
    var channels: Int
    var inputScale: Float
    var filterScale: Float
    var outputScale: Float
    var outputZeroPoint: Int32
    /// `M = s_in·s_w/s_out` in double from the float32 scales, as TFLite's Prepare computes it.
    var multiplier: Double
    var m0: Int32
    var shift: Int
    var accumulator: Int32
    var fixed: Int32
    var clampRange: (min: Int32, max: Int32)
    var output: Int32

    init(model: LiteModel, op number: Int, channel: Int, accumulator: Int32, modelID: String) throws {
        let ops = WeightedOp.all(in: model)
        guard ops.indices.contains(number) else {
            throw StepFailure("'op' is \(number), but '\(modelID)' has \(ops.count) CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED ops",
                              hint: ops.isEmpty ? nil : "ops: " + ops.map(\.title).joined(separator: "; "))
        }
        let op = ops[number]
        let tensors = model.subgraphs[0].tensors
        func quantized(_ index: Int32, _ role: String) throws -> Tensor {
            guard tensors.indices.contains(Int(index)), tensors[Int(index)].type == .int8,
                  let q = tensors[Int(index)].quantization, q.isQuantized else {
                let type = tensors.indices.contains(Int(index)) ? "\(tensors[Int(index)].type)" : "missing"
                throw StepFailure("fixedpoint needs an int8 model: the \(role) of \(op.title) is \(type)",
                                  hint: "point 'model' at a convert step with variant: int8")
            }
            return tensors[Int(index)]
        }
        let input = try quantized(op.op.inputs[0], "input")
        let filter = try quantized(op.op.inputs[1], "filter")
        guard let outputIndex = op.op.outputs.first else { throw StepFailure("\(op.title) has no output") }
        let out = try quantized(outputIndex, "output")
        guard channel < op.channels else {
            throw StepFailure("'channel' is \(channel), but \(op.title) has \(op.channels) output channels (0…\(op.channels - 1))")
        }
        let filterScales = filter.quantization?.scale ?? []
        opTitle = op.title
        self.channel = channel
        channels = filterScales.count
        inputScale = input.quantization?.scale.first ?? 0
        filterScale = filterScales.count == 1 ? filterScales[0] : (filterScales.indices.contains(channel) ? filterScales[channel] : 0)
        outputScale = out.quantization?.scale.first ?? 0
        outputZeroPoint = Int32(clamping: out.quantization?.zeroPoint.first ?? 0)
        guard inputScale > 0, filterScale > 0, outputScale > 0 else {
            throw StepFailure("\(op.title) has a scale that is not positive; the model is not a valid int8 model")
        }
        multiplier = Double(inputScale) * Double(filterScale) / Double(outputScale)
        (m0, shift) = quantizeMultiplier(multiplier)
        self.accumulator = accumulator
        fixed = multiplyByQuantizedMultiplier(accumulator, m0, shift)
        clampRange = quantizedActivationRange(Self.activation(op.op.options), outputScale: outputScale, outputZeroPoint: outputZeroPoint)
        output = min(max(fixed &+ outputZeroPoint, clampRange.min), clampRange.max)
    }

    var q31: Double { Double(m0) / 2_147_483_648 }
    var realResult: Double { Double(accumulator) * multiplier }

    static func activation(_ options: BuiltinOptions) -> FusedActivation {
        switch options.fusedActivation ?? .none {
        case .relu: return .relu
        case .relu6: return .relu6
        case .reluN1To1: return .reluN1To1
        default: return .none
        }
    }

    func fields() -> Record {
        Record([
            ("op_name", .string(opTitle)), ("channel", .number(Double(channel))),
            ("s_in", .number(Double(inputScale))), ("s_w", .number(Double(filterScale))),
            ("s_out", .number(Double(outputScale))), ("z_out", .number(Double(outputZeroPoint))),
            ("multiplier", .number(multiplier)), ("m0", .number(Double(m0))), ("shift", .number(Double(shift))),
            ("q31", .number(q31)), ("accumulator", .number(Double(accumulator))),
            ("real_result", .number(realResult)), ("fixed_result", .number(Double(fixed))),
            ("output", .number(Double(output))),
        ])
    }

    /// Each step of the arithmetic with what it means.
    func table() -> ResultTable {
        let perChannel = channels > 1 ? "one of \(channels) per-channel scales" : "one scale for the whole filter"
        let shiftText = shift <= 0 ? "a right shift by \(-shift) bits" : "a left shift by \(shift) bits"
        let integerSteps = (shift > 0 ? "shift left by \(shift), then " : "")
            + "(acc · M0) / 2³¹ rounded (the high half of the 64-bit product, doubled)"
            + (shift < 0 ? ", then divide by 2^\(-shift) rounding half away from zero" : "")
        let rows: [[String]] = [
            ["s_in", g(Double(inputScale)), "scale of the op's int8 input tensor"],
            ["s_w[\(channel)]", g(Double(filterScale)), "scale of output channel \(channel) of the filter (\(perChannel))"],
            ["s_out", g(Double(outputScale)), "scale of the op's int8 output tensor"],
            ["z_out", "\(outputZeroPoint)", "zero point of the output tensor"],
            ["M = s_in·s_w / s_out", g(multiplier), "the real multiplier, computed once when the model is loaded"],
            ["M0", "\(m0)", "M written as (M0 / 2³¹) · 2^shift with M0 in [2³⁰, 2³¹): an int32"],
            ["M0 / 2³¹ (Q31)", g(q31), "the fraction in [0.5, 1) that M0 stands for"],
            ["shift", "\(shift)", "the power of two: \(shiftText)"],
            ["accumulator", "\(accumulator)", "Σ q_in·q_w + bias for one output value (int32; an example value)"],
            ["acc · M (exact)", g(realResult), "what floating point would give"],
            ["acc · M (fixed point)", "\(fixed)", integerSteps],
            ["+ z_out", "\(fixed &+ outputZeroPoint)", "move to the output's zero point"],
            ["output q", "\(output)", "clamped to \(clampRange.min)…\(clampRange.max) (int8 range and the fused activation)"],
        ]
        return ResultTable(columns: ["step", "value", "how"], rows: rows, alignments: [.left, .right, .left],
                           caption: "\(opTitle), output channel \(channel)")
    }

    /// One line: the exact product, the integer result, the output code.
    func sentence() -> String {
        "\(accumulator) × \(g(multiplier)) = \(g(realResult)) exactly; with integers only, "
            + "\(accumulator) × \(m0) / 2^\(31 - shift) rounds to \(fixed); adding z_out = \(outputZeroPoint) "
            + "and clamping gives the int8 output \(output)."
    }

    /// Ten significant digits: scales and multipliers need more than the usual six.
    private func g(_ x: Double) -> String { String(format: "%.10g", x) }
}
