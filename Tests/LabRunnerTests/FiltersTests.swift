import LabDocument
import Testing
@testable import LabRunner

@Suite struct FiltersTests {
    func apply(_ name: String, _ v: Value, _ args: [Value] = []) throws -> String {
        try Filters.apply(name, to: v, arguments: args).string ?? "not a string"
    }

    @Test func formatsNumbers() throws {
        #expect(try apply("percent", 0.98912, [2]) == "98.91%")
        #expect(try apply("percent", 0.5) == "50.0%")
        #expect(try apply("fixed", 3.14159) == "3.14")
        #expect(try apply("fixed", 1234567.891, [1]) == "1,234,567.9")
        #expect(try apply("fixed", -0.0001, [2]) == "0.00")
        #expect(try apply("int", 12809.6) == "12,810")
        #expect(try apply("kb", 55200) == "53.9 KB")
        #expect(try apply("times", 3.94) == "3.9×")
        #expect(try apply("ms", 0.0123) == "12.30 ms")
        #expect(try apply("us", 0.0000109) == "10.9 µs")
        #expect(try apply("signed", 0.2) == "+0.20")
        #expect(try apply("signed", -1.5, [1]) == "-1.5")
        #expect(try apply("yesno", true) == "yes")
        #expect(try apply("join", [1, 2, 3], [" / "]) == "1 / 2 / 3")
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(throws: Evaluator.Failure("unknown filter 'precent' (did you mean 'percent'?)")) { try apply("precent", 1) }
        #expect(throws: Evaluator.Failure("filter 'fixed' needs a number, got a string")) { try apply("fixed", "x") }
        #expect(throws: Evaluator.Failure("filter 'fixed' takes a whole number of decimals from 0 to 12")) {
            try apply("fixed", 1, [1.5])
        }
    }

    @Test func displaysPlainValues() {
        #expect(Filters.display(17) == "17")
        #expect(Filters.display(0.425) == "0.425")
        #expect(Filters.display(0.014901960784) == "0.0149")
        #expect(Filters.display(0.00001) == "1.000e-05")
        #expect(Filters.display([1, "a", true]) == "1, a, true")
    }
}

extension Evaluator.Failure: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.message == b.message }
}

@Suite struct EvaluatorTests {
    let evaluator = Evaluator(scope: Record([
        ("compare", .record(Record([("int8", .record(Record([("accuracy", 0.9712)]))),
                                    ("f32", .record(Record([("accuracy", 0.98)])))]))),
        ("q", .record(Record([("values", [17, 7, -27])]))),
        ("params", .record(Record([("epochs", 5)]))),
    ]))

    func path(_ names: String...) -> Expr { .path(names.map { .name($0) }) }

    @Test func resolvesPathsAndIndexes() throws {
        #expect(try evaluator.evaluate(path("compare", "int8", "accuracy")) == 0.9712)
        #expect(try evaluator.evaluate(.path([.name("q"), .name("values"), .index(.number(2))])) == -27)
        #expect(try evaluator.evaluate(.path([.name("compare"), .index(.string("f32")), .name("accuracy")])) == 0.98)
        #expect(try evaluator.evaluate(path("params", "epochs")) == 5)
    }

    @Test func arithmeticAndLogic() throws {
        let diff = Expr.binary(.subtract, path("compare", "f32", "accuracy"), path("compare", "int8", "accuracy"))
        #expect(try evaluator.evaluate(.binary(.less, diff, .number(0.02))) == true)
        #expect(try evaluator.evaluate(.binary(.and, .bool(true), .unary(.not, .bool(false)))) == true)
        #expect(try evaluator.evaluate(.binary(.or, .bool(true), .path([.name("missing")]))) == true)  // short-circuit
        #expect(try evaluator.evaluate(.call("max", [.number(1), .number(3), .number(2)])) == 3)
        #expect(try evaluator.evaluate(.call("round", [.number(2.345), .number(2)])) == 2.35)
        #expect(try evaluator.evaluate(.call("abs", [.unary(.negate, .number(4))])) == 4)
        #expect(try evaluator.evaluate(.call("mean", [path("q", "values")])) == -1)
        #expect(try evaluator.evaluate(.binary(.add, .string("a"), .string("b"))) == "ab")
    }

    @Test func failuresSayWhatIsMissing() {
        #expect(throws: Evaluator.Failure("unknown name 'comapre'")) { try evaluator.evaluate(path("comapre")) }
        #expect(throws: Evaluator.Failure("'compare' has no field 'int4' (it has: int8, f32)")) {
            try evaluator.evaluate(path("compare", "int4"))
        }
        #expect(throws: Evaluator.Failure("index 3 is out of range for 'q.values' (3 items)")) {
            try evaluator.evaluate(.path([.name("q"), .name("values"), .index(.number(3))]))
        }
        #expect(throws: Evaluator.Failure("'params.epochs' is a number, it has no field 'x'")) {
            try evaluator.evaluate(path("params", "epochs", "x"))
        }
        #expect(throws: Evaluator.Failure("unknown function 'log' (known: abs, min, max, round, sum, count, mean)")) {
            try evaluator.evaluate(.call("log", [.number(1)]))
        }
    }
}

@Suite struct SuggestTests {
    @Test func suggestsCloseNamesOnly() {
        #expect(Suggest.closest(to: "trian", in: ["train", "table", "quiz"]) == "train")
        #expect(Suggest.closest(to: "epoch", in: ["epochs", "seed"]) == "epochs")
        #expect(Suggest.closest(to: "xyz", in: ["train", "table"]) == nil)
        #expect(Suggest.distance("kitten", "sitting") == 3)
        #expect(Suggest.distance("ab", "ba") == 1)
    }

    @Test func parsesOverrides() {
        #expect(Override("epochs=1") == Override(directiveID: nil, name: "epochs", value: 1))
        #expect(Override("int8.samples=100")?.directiveID == "int8")
        #expect(Override("dataset=fashion-mnist")?.value == "fashion-mnist")
        #expect(Override("qat=true")?.value == true)
        #expect(Override("=3") == nil)
        #expect(Override("novalue") == nil)
    }
}
