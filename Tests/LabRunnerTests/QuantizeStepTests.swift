import Foundation
import LabDocument
import Testing
@testable import LabRunner

@Suite struct QuantizeStepTests {
    private func run(_ body: [(String, Value)]) throws -> StepResult {
        try QuantizeStep.run(DataStepFixture.parameters(QuantizeStep.self, body), DataStepFixture.context()).result
    }

    /// The chapter's worked example: r = 0.42, S = 0.025, Z = 0 → q = round(16.8) = 17, r′ = 0.425.
    @Test func givenScaleAndZeroPoint() throws {
        let f = try run([("values", [0.42]), ("scale", 0.025), ("zero_point", 0)]).fields
        #expect(f.nums("q") == [17])
        #expect(abs((f.nums("dequantized")?[0] ?? 0) - 0.425) < 1e-12)
        #expect(abs((f.num("max_error") ?? 0) - 0.005) < 1e-12)
        #expect(f.num("bound") == 0.0125)
        #expect(f[ "within_bound"] == .bool(true))
    }

    /// [-1.5, 2.3] to int8: S = 3.8/255, Z = round(−128 + 1.5/S) = round(−27.34) = −27,
    /// q(0.5) = round(33.55) − 27 = 7, r′ = S·34 = 0.50667.
    @Test func givenRange() throws {
        let f = try run([("values", [0.5]), ("range", [-1.5, 2.3])]).fields
        #expect(abs((f.num("scale") ?? 0) - 3.8 / 255) < 1e-15)
        #expect(f.num("zero_point") == -27)
        #expect(f.nums("q") == [7])
        #expect(abs((f.nums("dequantized")?[0] ?? 0) - 34 * 3.8 / 255) < 1e-12)
        #expect(f.num("qmin") == -128 && f.num("qmax") == 127)
    }

    /// 4-bit symmetric: codes −7…7, S = max|r| / 7 = 1 exactly; halves round away from zero.
    @Test func symmetricRoundsHalvesAwayFromZero() throws {
        let f = try run([("values", [-3.5, 2.5, 7]), ("bits", 4), ("scheme", "symmetric")]).fields
        #expect(f.num("scale") == 1 && f.num("zero_point") == 0)
        #expect(f.num("qmin") == -7 && f.num("qmax") == 7)
        #expect(f.nums("q") == [-4, 3, 7])
        #expect(f.nums("errors") == [0.5, -0.5, 0])
        #expect(f.num("max_error") == 0.5 && f[ "within_bound"] == .bool(true))
        // 3 values × 4 bits = 12 bits → 2 bytes; 12 bytes of float32 / 2 = 6×.
        #expect(f.num("bytes_float32") == 12 && f.num("bytes_quantized") == 2 && f.num("reduction") == 6)
        #expect(f.num("levels_used") == 3)
    }

    /// Unsigned 8-bit on [0, 255]: S = 1, Z = 0.
    @Test func unsignedAsymmetric() throws {
        let f = try run([("values", [0, 1.5, 255]), ("signed", false)]).fields
        #expect(f.num("scale") == 1 && f.num("zero_point") == 0)
        #expect(f.nums("q") == [0, 2, 255])
    }

    /// All-positive values: the range is widened to contain 0, so Z = qmin and 0 stays exact.
    @Test func rangeIsWidenedToContainZero() throws {
        let f = try run([("values", [1, 2])]).fields
        #expect(abs((f.num("scale") ?? 0) - 2.0 / 255) < 1e-15)
        #expect(f.num("zero_point") == -128)
        #expect(f.nums("q") == [0, 127])
    }

    @Test func valuesOutsideTheRangeAreClippedAndBreakTheBound() throws {
        let f = try run([("values", [100, 0.05]), ("scale", 0.1)]).fields
        #expect(f.nums("q") == [127, 1])  // round(0.5) = 1, half away from zero
        #expect(f.num("clipped") == 1)
        #expect(f[ "within_bound"] == .bool(false))
        #expect(abs((f.num("max_error") ?? 0) - 87.3) < 1e-9)
    }

    @Test func statisticsAndPercentilesAsNumPyComputesThem() throws {
        let f = try run([("values", [1, 2, 3, 4])]).fields
        #expect(f.num("mean") == 2.5 && f.num("min") == 1 && f.num("max") == 4 && f.num("count") == 4)
        #expect(f.num("std") == 1.25.squareRoot())  // population std, ddof = 0
        let p = f["percentiles"]?.record
        #expect(p?.num("p50") == 2.5 && p?.num("p25") == 1.75 && p?.num("p75") == 3.25)
    }

    @Test func smallValuesGiveAValuesTableAndFacts() throws {
        let outputs = try run([("values", [0.42]), ("scale", 0.025)]).outputs
        guard outputs.count == 2, case .table(let values) = outputs[0], case .table(let facts) = outputs[1] else {
            Issue.record("expected two tables, got \(outputs.count) outputs"); return
        }
        #expect(values.rows == [["0.42", "17", "0.425", "-0.005"]])
        #expect(facts.rows.first == ["scale S", "0.025"])
    }

    /// Example 1: 1,000 normal weights, std 0.5. float32 → int8 is 4.0× (not the source's 8.0×,
    /// which compared float64 bytes).
    @Test func normalDistributionExample() throws {
        let body: [(String, Value)] = [("distribution", .record(Record([("kind", "normal"), ("std", 0.5), ("count", 1000)])))]
        let result = try run(body)
        let f = result.fields
        #expect(f.num("count") == 1000)
        #expect(abs(f.num("mean") ?? 1) < 0.06 && abs((f.num("std") ?? 0) - 0.5) < 0.04)
        let scale = ((f.num("max") ?? 0) - (f.num("min") ?? 0)) / 255
        #expect(abs((f.num("scale") ?? 0) - scale) < 1e-12)
        #expect(f[ "within_bound"] == .bool(true))
        #expect(f.num("bytes_float32") == 4000 && f.num("bytes_quantized") == 1000 && f.num("reduction") == 4)
        #expect((f.num("levels_used") ?? 0) > 150)
        #expect(result.outputs.count == 5)
        if case .table(let facts)? = result.outputs.last {
            #expect(facts.rows.last == ["size", "4,000 B float32 → 1,000 B at 8 bits (4× smaller)"])
        } else { Issue.record("no facts table") }
        if case .chart(let errors) = result.outputs[3] {
            #expect(errors.kind == .histogram && errors.referenceLines.map(\.value) == [-(f.num("bound") ?? 0), f.num("bound") ?? 0])
        } else { Issue.record("no error histogram") }
        #expect(try run(body).fields == f)  // same seed, same numbers
        let other = try run(body + [("seed", 7)]).fields
        #expect(other.num("mean") != f.num("mean"))
    }

    @Test func uniformAndLaplaceHaveTheRequestedSpread() throws {
        for kind in ["uniform", "laplace"] {
            let d = Value.record(Record([("kind", .string(kind)), ("mean", 1), ("std", 2), ("count", 20000)]))
            let f = try run([("distribution", d)]).fields
            #expect(abs((f.num("mean") ?? 0) - 1) < 0.1, "\(kind)")
            #expect(abs((f.num("std") ?? 0) - 2) < 0.1, "\(kind)")
            if kind == "uniform" {
                #expect((f.num("min") ?? 0) >= 1 - 2 * 3.0.squareRoot() && (f.num("max") ?? 0) <= 1 + 2 * 3.0.squareRoot())
            }
        }
    }

    @Test func mixtureConcatenatesParts() throws {
        let parts: Value = [.record(Record([("std", 0.3), ("count", 50)])), .record(Record([("std", 0.1), ("count", 25)]))]
        #expect(try run([("distribution", parts)]).fields.num("count") == 75)
    }

    /// Reference output of SplitMix64 for seed 0 (Vigna's splitmix64.c).
    @Test func splitMixReferenceValue() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func validationMessagesPointAtTheKey() {
        func diagnostics(_ body: [(String, Value)]) -> [String] {
            QuantizeStep.validate(DataStepFixture.parameters(QuantizeStep.self, body)).map(\.description)
        }
        #expect(diagnostics([("values", [1]), ("scale", 0.1)]) == [])
        #expect(diagnostics([]) == ["lab.md:9:1: error: quantize needs 'values' or 'distribution'\n"
            + "  hint: e.g. values: [0.42] or distribution: {kind: normal, std: 0.5, count: 1000}"])
        #expect(diagnostics([("values", [1]), ("zero_point", 3)])
            == ["lab.md:11:1: error: 'zero_point' needs 'scale'\n  hint: give both, or neither to compute them from the values or 'range'"])
        #expect(diagnostics([("distribution", .record(Record([("kind", "gauss")])))])
            == ["lab.md:10:1: error: unknown distribution kind 'gauss'\n  hint: one of: normal, uniform, laplace"])
        #expect(diagnostics([("values", [1]), ("range", [2, 1])])
            == ["lab.md:11:1: error: 'range' must be [min, max] with min < max"])
        #expect(diagnostics([("values", [1, [2]])]) == ["lab.md:10:1: error: 'values' must be a list of numbers, found a list"])
    }

    @Test func valuesMayBeAnExpression() throws {
        let params = DataStepFixture.parameters(QuantizeStep.self, [("values", "other.weights"), ("scale", 0.5)])
        #expect(QuantizeStep.validate(params).isEmpty)
        #expect(QuantizeStep.nestedExpressions(params).map(\.source) == ["other.weights"])
        let context = DataStepFixture.context(evaluator: { _ in [1.0, -0.26, 0.75] })
        let f = try QuantizeStep.run(params, context).result.fields
        #expect(f.nums("q") == [2, -1, 2])  // 2, round(-0.52) = -1, round(1.5) = 2
    }

    @Test func failsCleanlyWhenRunWithBadParameters() {
        #expect(throws: StepFailure.self) { try run([("values", [1]), ("scale", -1)]) }
    }
}

/// Hostile numbers in `lab quantize`: every path is a located error or a finite result.
@Suite struct QuantizeStepHostileNumbersTests {
    struct Message: Error { var text: String }

    private func outcome(_ body: [(String, Value)]) -> Result<Record, Message> {
        let params = DataStepFixture.parameters(QuantizeStep.self, body)
        if let problem = QuantizeStep.validate(params).first { return .failure(Message(text: problem.description)) }
        do { return .success(try QuantizeStep.run(params, DataStepFixture.context()).result.fields) } catch {
            return .failure(Message(text: "\(error)"))
        }
    }

    /// Every number anywhere in `record` is finite.
    private func allFinite(_ v: Value) -> Bool {
        switch v {
        case .number(let x): return x.isFinite
        case .list(let l): return l.allSatisfy(allFinite)
        case .record(let r): return r.pairs.allSatisfy { allFinite($0.1) }
        default: return true
        }
    }

    private func expectFinite(_ body: [(String, Value)], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        switch outcome(body) {
        case .success(let fields): #expect(allFinite(.record(fields)), "\(body)", sourceLocation: sourceLocation)
        case .failure(let message): Issue.record("unexpected error: \(message.text)", sourceLocation: sourceLocation)
        }
    }

    private func expectError(_ body: [(String, Value)], _ fragment: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        switch outcome(body) {
        case .success: Issue.record("expected an error containing \(fragment)", sourceLocation: sourceLocation)
        case .failure(let message): #expect(message.text.contains(fragment), "\(message.text)", sourceLocation: sourceLocation)
        }
    }

    @Test func nonFiniteValuesAreErrors() {
        expectError([("values", .list([1, .number(.nan)]))], "lab.md:10:1: error: 'values' must hold finite numbers, found nan")
        expectError([("values", .list([1, .number(-.infinity)]))], "lab.md:10:1: error: 'values' must hold finite numbers, found -inf")
    }

    @Test func hugeValuesGiveFiniteResults() {
        for bits in 2...16 {
            expectFinite([("values", [1e300, -1e300, 0, 1]), ("bits", .number(Double(bits)))])
            expectFinite([("values", [1e300, -1e300, 0, 1]), ("bits", .number(Double(bits))), ("scheme", "symmetric")])
            expectFinite([("values", [1e300, -1e300, 0, 1]), ("bits", .number(Double(bits))), ("signed", false)])
        }
        // Wider than the largest double: max − min overflows.
        let widest = Double.greatestFiniteMagnitude
        expectError([("values", .list([.number(widest), .number(-widest)]))], "is too wide to quantize: max − min overflows a double")
        expectError([("values", [0.5]), ("range", .list([.number(-widest), .number(widest)]))], "is too wide to quantize")
        // Many huge values: sums overflow, means do not.
        expectFinite([("values", .list(Array(repeating: .number(widest / 4), count: 10) + [.number(-widest / 4)]))])
    }

    @Test func tinyAndHugeScales() {
        expectError([("values", [1]), ("scale", 0), ("zero_point", 0)], "'scale' must be a positive number, got 0.0")
        expectError([("values", [1]), ("scale", -1), ("zero_point", 0)], "'scale' must be a positive number")
        expectFinite([("values", [1e300, -1e300, 0.5, 0]), ("scale", 1e-300), ("zero_point", 0)])
        expectFinite([("values", [1e300, -1e300, 0.5, 0]), ("scale", 5e-324), ("zero_point", 0)])
        expectFinite([("values", [1e300, -1e300, 0.5]), ("scale", 1e300), ("zero_point", 0), ("bits", 16)])
        expectError([("values", [1]), ("scale", 1e305), ("zero_point", 0), ("bits", 16)],
                    "'scale' 1e+305 is too large: S·(qmax − qmin) overflows a double")
        expectError([("values", [0, 5e-324])], "is too narrow to quantize: the scale underflows to 0")
    }

    @Test func zeroPointsAtTheRangeEdges() {
        for (bits, signed) in [(8, true), (8, false), (16, true), (2, true), (16, false)] {
            let (qmin, qmax) = AffineQuantizer.codeRange(bits: bits, signed: signed, scheme: .asymmetric)
            for zero in [qmin, qmax] {
                expectFinite([("values", [1e300, -1e300, 0, 0.25]), ("scale", 0.1), ("zero_point", .number(Double(zero))),
                              ("bits", .number(Double(bits))), ("signed", .bool(signed))])
            }
            expectError([("values", [1]), ("scale", 0.1), ("zero_point", .number(Double(qmax + 1))),
                         ("bits", .number(Double(bits))), ("signed", .bool(signed))], "is outside the code range")
        }
    }

    @Test func bitsOutsideTwoToSixteenAreErrors() {
        for bits in ["1", "0", "17", "-1", "1e300", ".nan"] {
            let doc = Document.parse(text: "```lab quantize #q\nvalues: [1]\nbits: \(bits)\n```\n", path: "lab.md")
            let messages = Planner().plan(doc).diagnostics.map(\.description)
            #expect(messages.count == 1 && messages[0].hasPrefix("lab.md:3:7: error: 'bits' must be an integer from 2 to 16, got "),
                    "\(messages)")
        }
    }

    @Test func histogramsAreTotal() {
        let h = histogram([.nan, .infinity, -.infinity, 1e308, -1e308, 0], bins: 4, low: -1e308, high: 1e308)
        #expect(h.counts == [2, 0, 1, 2])
        #expect(h.centres.allSatisfy { $0.isFinite })
        let tiny = histogram([1e300, -1e300, 0], bins: 3, low: 0, high: 1e-300)
        #expect(tiny.counts == [2, 0, 1])
        #expect(PlotStep.histogram([1, .infinity, -1e308, 1e308], bins: 2).1 == [1, 3])
    }
}
