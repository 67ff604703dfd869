import Foundation
import LabDocument
import Testing
@testable import LabRunner

/// Numbers from lab text that do not fit an `Int` are errors with the parameter's range,
/// never a trap; expressions evaluate in linear time.
@Suite struct HostileNumbersTests {
    func messages(_ text: String, _ overrides: [Override] = []) -> [String] {
        Planner().plan(Document.parse(text: text, path: "lab.md"), overrides: overrides).diagnostics.map(\.description)
    }

    @Test(arguments: ["1e300", ".inf", "99999999999999999999999", "-.inf", ".nan"])
    func hugeSeedIsAnErrorWithItsRange(_ written: String) {
        let shown = ["1e300": "1e+300", ".inf": "inf", "99999999999999999999999": "1e+23", "-.inf": "-inf", ".nan": "nan"][written]!
        let lab = """
            ```lab quantize #q
            values: [1, 2]
            seed: \(written)
            ```
            """
        #expect(messages(lab) == ["lab.md:3:7: error: 'seed' must be an integer from 0 to 4294967295, got \(shown)"])
    }

    @Test func everyIntegerParameterHasAFiniteRange() {
        for name in StepRegistry.standard.names {
            for spec in StepRegistry.standard.step(named: name)!.parameters {
                if case .integer(let lo, let hi) = spec.kind { #expect(lo <= hi, "\(name).\(spec.name)") }
            }
        }
    }

    @Test func hugeNestedIntegersAreErrors() {
        let lab = """
            ```lab quantize #q
            distribution: {count: 10, seed: 1e300}
            ```

            ```lab quiz #z
            - question: Which?
              choices: [a, b]
              answer: 1e300
            ```

            ```lab plot #p
            series: [{name: s, y: [1, .inf, -1e308, 1e308]}]
            kind: histogram
            ```
            """
        let found = messages(lab)
        #expect(found.contains("lab.md:2:33: error: 'distribution.seed' must be an integer from 0 to 4294967295, got 1e+300"))
        #expect(found.contains("lab.md:8:11: error: 'answer' must be one of the choices or its index from 0 to 1"))
    }

    @Test func calibrationSamplesFromFrontMatterAndSet() {
        let lab = """
            ---
            params:
              calibration_samples: 1e300
            ---
            Text.
            """
        #expect(messages(lab) == ["lab.md:3:3: error: 'calibration_samples' must be an integer from 1 to 60000, got 1e+300"])
        let document = Document.parse(text: lab, path: "lab.md")
        let set = Override("calibration_samples=.inf")!
        #expect(Planner().checkOverrides([set], in: document)
            == ["'calibration_samples' must be an integer from 1 to 60000, got inf"])
        #expect(messages(lab, [set]) == [])
    }

    @Test func calibrationSamplesInTheBody() throws {
        #expect(throws: StepFailure.self) { try CalibrationSettings(Record([("samples", .number(1e300))]), labSamples: nil) }
        do { _ = try CalibrationSettings(Record([("samples", .number(.infinity))]), labSamples: nil) } catch {
            #expect("\(error)" == "calibration 'samples' must be an integer from 1 to 60000, got inf")
        }
    }

    @Test func hugeNumbersInExpressionsAreErrors() throws {
        let evaluator = Evaluator(scope: Record([("l", .list([.number(1), .number(2)]))]))
        #expect(throws: Evaluator.Failure.self) { try evaluator.evaluate(Expr.parse("round(1.5, 1e300)", at: .init(file: "x", line: 1, column: 1))) }
        #expect(throws: Evaluator.Failure.self) { try evaluator.evaluate(Expr.parse("l[1e300]", at: .init(file: "x", line: 1, column: 1))) }
        #expect(throws: Evaluator.Failure.self) { try evaluator.evaluate(Expr.parse("l[0.5]", at: .init(file: "x", line: 1, column: 1))) }
        #expect(try evaluator.evaluate(Expr.parse("round(1.25, 1) + l[1]", at: .init(file: "x", line: 1, column: 1))) == .number(3.3))
    }

    @Test func aThousandTermsEvaluateQuickly() throws {
        let source = Array(repeating: "1", count: 1_001).joined(separator: "+")
        let e = try Expr.parse(source, at: .init(file: "x", line: 1, column: 1))
        let start = Date()
        #expect(try Evaluator(scope: Record()).evaluate(e) == .number(1_001))
        #expect(Date().timeIntervalSince(start) < 0.5)
        let strings = Array(repeating: "'a'", count: 40).joined(separator: " + ")
        #expect(try Evaluator(scope: Record()).evaluate(Expr.parse(strings, at: .init(file: "x", line: 1, column: 1)))
            == .string(String(repeating: "a", count: 40)))
    }

    @Test func longestOperatorChainsOfEveryKind() throws {
        let evaluator = Evaluator(scope: Record([("t", .bool(true))]))
        let at = SourceLocation(file: "x", line: 1, column: 1)
        let ands = Array(repeating: "t", count: 1_001).joined(separator: " and ")
        #expect(try evaluator.evaluate(Expr.parse(ands, at: at)) == .bool(true))
        let products = Array(repeating: "1", count: 1_001).joined(separator: " * ")
        #expect(try evaluator.evaluate(Expr.parse(products, at: at)) == .number(1))
        let filters = "1" + String(repeating: " | fixed(0)", count: 1) + String(repeating: " | join", count: 0)
        #expect(try evaluator.text(Expr.parse(filters, at: at)) == "1")
        #expect(try Expr.parse(ands, at: at).rootNames.count == 1_001)
    }
}
