import Foundation
import LabDocument

/// `lab quantize`: the arithmetic of affine quantization on given `values` or on a generated
/// `distribution`, with the scale and zero point computed (from the data or a given `range`) or
/// given. See `AffineQuantizer` for the formulas and the rounding rule.
public struct QuantizeStep: Step {
    public static let name = "quantize"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("scale", "number", "S, the step between codes", aliases: ["s"]),
        ResultField("zero_point", "number", "Z, the code of the real value 0", aliases: ["z", "zero"]),
        ResultField("qmin", "number", "the smallest code"),
        ResultField("qmax", "number", "the largest code"),
        ResultField("bits", "number", "bits per code"),
        ResultField("q", "list of numbers", "the codes, one per value", aliases: ["codes"]),
        ResultField("dequantized", "list of numbers", "the values the codes stand for", aliases: ["deq", "reconstructed"]),
        ResultField("errors", "list of numbers", "dequantized minus original, per value"),
        ResultField("max_error", "number", "the largest |error|", aliases: ["rmse", "error", "max_err", "maxerror"]),
        ResultField("mean_error", "number", "the mean |error|", aliases: ["mae", "avg_error"]),
        ResultField("bound", "number", "S/2, the largest error of a value inside the range"),
        ResultField("within_bound", "true/false", "every error of a value inside the range is at most S/2"),
        ResultField("clipped", "number", "values outside the range (clipped to qmin or qmax)"),
        ResultField("count", "number", "how many values"),
        ResultField("min", "number", "the smallest value"),
        ResultField("max", "number", "the largest value"),
        ResultField("mean", "number", "their mean"),
        ResultField("std", "number", "their standard deviation"),
        ResultField("percentiles", "mapping", "p1, p25, p50, p75, p99 of the values"),
        ResultField("levels_used", "number", "distinct codes used"),
        ResultField("bytes_float32", "number", "the values as float32, in bytes"),
        ResultField("bytes_quantized", "number", "the codes packed at bits each, in bytes"),
        ResultField("reduction", "number", "bytes_float32 over bytes_quantized"),
    ])
    public static let summary = "quantizes values or a generated distribution; scale, zero point, codes and errors"
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("values", .any, default: .null,
                      help: "the real values to quantize, e.g. [0.42], or an expression giving a list (or use distribution)",
                      shape: .numbersOrExpression),
        ParameterSpec("distribution", .any, default: .null,
                      help: "generated values {kind: normal|uniform|laplace, mean, std, count, seed}, or a list of such parts",
                      shape: .oneOf([distributionShape, .list(distributionShape, what: "a list of mappings")])),
        ParameterSpec("scale", .number(min: nil, max: nil), default: .null, help: "a given scale S (default: computed)"),
        ParameterSpec("zero_point", .integer(min: -65_536, max: 65_535), default: .null, help: "a given zero point Z (with scale)"),
        ParameterSpec("range", .any, default: .null, help: "[min, max] to compute S and Z from (default: the values' range)",
                      shape: .numbersOrExpression),
        ParameterSpec("bits", .integer(min: 2, max: 16), default: 8, help: "bits per code (2…16)"),
        ParameterSpec("scheme", .choice(["asymmetric", "symmetric"]), default: "asymmetric",
                      help: "asymmetric (S and Z from min and max) or symmetric (Z = 0, S from max |r|)"),
        ParameterSpec("signed", .bool, default: true, help: "signed codes (int8: −128…127) or unsigned (uint8: 0…255)"),
        ParameterSpec("seed", .integer(min: 0, max: 4_294_967_295), default: 42, help: "seed of the generator (distribution)"),
        ParameterSpec("bins", .integer(min: 2, max: 1000), default: 50, help: "bins of the value and error histograms"),
    ]

    /// One part of `distribution`.
    static let distributionShape = ValueShape.record([
        .init("kind", .choice(DistributionSpec.Kind.allCases.map(\.rawValue)), help: "normal (default), uniform or laplace"),
        .init("mean", .number(min: nil, max: nil), help: "the mean (default 0)"),
        .init("std", .number(min: 0, max: nil), help: "the standard deviation (default 1)"),
        .init("count", .integer(min: 1, max: 1_000_000), help: "how many values (default 1000)"),
        .init("seed", .integer(min: 0, max: 4_294_967_295), help: "seed of the generator (default: the step's seed)"),
    ])

    /// Up to this many given values are listed one per row.
    static let tableLimit = 50
    /// The reconstruction scatter shows at most this many points.
    static let scatterLimit = 2000

    /// True when `values` holds expressions, which only `run` can evaluate.
    static func valuesNeedEvaluation(_ params: Parameters) -> Bool {
        !expressionStrings(params.value("values"), at: params.location(of: "values")).isEmpty
    }

    public static func nestedExpressions(_ params: Parameters) -> [(source: String, location: SourceLocation)] {
        expressionStrings(params.value("values"), at: params.location(of: "values"))
    }

    public static func validate(_ params: Parameters) -> [Diagnostic] {
        do {
            // Expressions are checked by the planner; a stand-in value lets the rest be checked now.
            _ = try Setup(params, values: valuesNeedEvaluation(params) ? [0] : nil)
            return []
        } catch let problem as ParameterProblem {
            return [Diagnostic(params.location(of: problem.key), problem.message, hint: problem.hint)]
        } catch {
            return [Diagnostic(params.directive.location, "\(error)")]
        }
    }

    public static func run(_ params: Parameters, _ context: RunContext) throws -> StepOutcome {
        let setup: Setup
        let evaluated = try valuesNeedEvaluation(params)
            ? context.numbers(of: params.value("values") ?? .null, at: params.location(of: "values"), what: "values")
            : nil
        do { setup = try Setup(params, values: evaluated) } catch let problem as ParameterProblem {
            throw StepFailure(problem.message, hint: problem.hint)
        }
        let report = QuantizationReport(values: setup.values, quantizer: setup.quantizer, bits: setup.bits)
        var outputs: [Output] = []
        if setup.generated == nil, setup.values.count <= tableLimit {
            outputs.append(.table(report.valuesTable()))
        } else {
            outputs += report.charts(bins: params.int("bins") ?? 50, scatterLimit: scatterLimit)
        }
        outputs.append(.table(report.factsTable()))
        return StepOutcome(StepResult(fields: report.fields(), outputs: outputs))
    }
}

/// A problem with one parameter, found while reading the body.
struct ParameterProblem: Error {
    var key: String
    var message: String
    var hint: String?
}

extension QuantizeStep {
    /// The parameters read and checked: the values and the quantizer to apply.
    struct Setup {
        var values: [Double]
        /// The distribution parts when the values were generated.
        var generated: [DistributionSpec]?
        var quantizer: AffineQuantizer
        var bits: Int

        /// `values`: the `values` parameter already evaluated (when it holds expressions).
        init(_ params: Parameters, values evaluated: [Double]? = nil) throws {
            bits = params.int("bits") ?? 8
            guard (2...16).contains(bits) else {
                throw ParameterProblem(key: "bits", message: "'bits' must be between 2 and 16, got \(bits)")
            }
            let signed = params.bool("signed") ?? true
            let scheme = AffineQuantizer.Scheme(rawValue: params.string("scheme") ?? "asymmetric") ?? .asymmetric
            switch (params.value("values"), params.value("distribution")) {
            case (nil, nil):
                throw ParameterProblem(key: "values", message: "quantize needs 'values' or 'distribution'",
                                       hint: "e.g. values: [0.42] or distribution: {kind: normal, std: 0.5, count: 1000}")
            case (_?, _?):
                throw ParameterProblem(key: "distribution", message: "give either 'values' or 'distribution', not both")
            case (let v?, nil):
                values = try evaluated ?? Self.numbers(v, key: "values")
                guard !values.isEmpty else { throw ParameterProblem(key: "values", message: "'values' is empty") }
            case (nil, let d?):
                let (parts, seed) = try Self.distribution(d)
                var generator = SplitMix64(seed: UInt64(seed ?? params.int("seed") ?? 42))
                generated = parts
                values = parts.flatMap { $0.sample(&generator) }
            }
            if let bad = values.first(where: { !$0.isFinite }) {
                throw ParameterProblem(key: generated == nil ? "values" : "distribution",
                                       message: "the values must be finite numbers, got \(bad)")
            }
            let (qmin, qmax) = AffineQuantizer.codeRange(bits: bits, signed: signed, scheme: scheme)
            let codeSpan = Double(qmax - qmin)
            if let scale = params.number("scale") {
                guard scale > 0, scale.isFinite else {
                    throw ParameterProblem(key: "scale", message: "'scale' must be a positive number, got \(scale)")
                }
                guard (scale * codeSpan).isFinite else {
                    throw ParameterProblem(key: "scale", message: "'scale' \(scale) is too large: S·(qmax − qmin) overflows a double",
                                           hint: "use a scale below \(Double.greatestFiniteMagnitude / codeSpan)")
                }
                let zero = params.int("zero_point") ?? (scheme == .symmetric && !signed ? (qmin + qmax + 1) / 2 : 0)
                guard (qmin...qmax).contains(zero) else {
                    throw ParameterProblem(key: "zero_point",
                                           message: "'zero_point' \(zero) is outside the code range \(qmin)…\(qmax)")
                }
                quantizer = AffineQuantizer(scale: scale, zeroPoint: zero, qmin: qmin, qmax: qmax)
            } else {
                if params.value("zero_point") != nil {
                    throw ParameterProblem(key: "zero_point", message: "'zero_point' needs 'scale'",
                                           hint: "give both, or neither to compute them from the values or 'range'")
                }
                var low = values.min() ?? 0, high = values.max() ?? 0
                if let r = params.value("range") {
                    let bounds = try Self.numbers(r, key: "range")
                    guard bounds.count == 2, bounds[0] < bounds[1] else {
                        throw ParameterProblem(key: "range", message: "'range' must be [min, max] with min < max")
                    }
                    (low, high) = (bounds[0], bounds[1])
                }
                quantizer = .fitting(low: low, high: high, bits: bits, signed: signed, scheme: scheme)
                let key = params.value("range") != nil ? "range" : generated == nil ? "values" : "distribution"
                guard quantizer.scale > 0, (quantizer.scale * codeSpan).isFinite else {
                    throw ParameterProblem(key: key, message: quantizer.scale > 0
                        ? "the range \(low) … \(high) is too wide to quantize: max − min overflows a double"
                        : "the range \(low) … \(high) is too narrow to quantize: the scale underflows to 0")
                }
            }
        }

        static func numbers(_ v: Value, key: String) throws -> [Double] {
            guard let list = v.list else {
                if let x = v.number { return [x] }
                throw ParameterProblem(key: key, message: "'\(key)' must be a list of numbers, got \(v.kindName)")
            }
            return try list.map {
                guard let x = $0.number else {
                    throw ParameterProblem(key: key, message: "'\(key)' must be a list of numbers, found \($0.kindName)")
                }
                guard x.isFinite else { throw ParameterProblem(key: key, message: "'\(key)' must hold finite numbers, found \(x)") }
                return x
            }
        }

        /// Reads `{kind, mean, std, count, seed}` or a list of such parts (a mixture, drawn in order).
        static func distribution(_ v: Value) throws -> ([DistributionSpec], seed: Int?) {
            let records = v.list?.compactMap(\.record) ?? v.record.map { [$0] } ?? []
            guard !records.isEmpty, records.count == (v.list?.count ?? 1) else {
                throw ParameterProblem(key: "distribution", message: "'distribution' must be a mapping or a list of mappings",
                                       hint: "e.g. {kind: normal, mean: 0, std: 0.5, count: 1000}")
            }
            var seed: Int?
            let parts = try records.map { r -> DistributionSpec in
                let known = ["kind", "mean", "std", "count", "seed"]
                if let unknown = r.keys.first(where: { !known.contains($0) }) {
                    throw ParameterProblem(key: "distribution", message: "unknown key '\(unknown)' in 'distribution'",
                                           hint: "keys: \(known.joined(separator: ", "))")
                }
                let kindName = r["kind"]?.string ?? "normal"
                guard let kind = DistributionSpec.Kind(rawValue: kindName) else {
                    throw ParameterProblem(key: "distribution", message: "unknown distribution kind '\(kindName)'",
                                           hint: "one of: normal, uniform, laplace")
                }
                let mean = r["mean"]?.number ?? 0, std = r["std"]?.number ?? 1
                guard std >= 0, mean.isFinite, std.isFinite else {
                    throw ParameterProblem(key: "distribution", message: "'std' must be a non-negative number")
                }
                func integer(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
                    guard let v = r[key] else { return nil }
                    guard let n = LabInteger.exact(v, in: range) else {
                        throw ParameterProblem(key: "distribution", message: LabInteger.problem(key, range, got: v))
                    }
                    return n
                }
                let count = try integer("count", 1...1_000_000) ?? 1000
                if let given = try integer("seed", LabInteger.seeds) { seed = given }
                return DistributionSpec(kind: kind, mean: mean, std: std, count: count)
            }
            return (parts, seed)
        }
    }
}
