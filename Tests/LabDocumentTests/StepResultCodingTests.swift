import Foundation
import Testing
@testable import LabDocument

/// JSON round trips of step results (the step cache and the lock file store them this way).
struct StepResultCodingTests {
    static let here = SourceLocation(file: "Labs/03-quantization.md", line: 42, column: 1)

    /// One result that holds every output case and every nested type, with non-default values everywhere.
    static func everything() -> StepResult {
        let line = Chart(kind: .line, title: "Loss", xLabel: "epoch", yLabel: "loss", categories: [],
                         series: [.init(name: "train", x: [1, 2, 3], y: [0.9, 0.4, 0.25]),
                                  .init(name: "val", x: [1, 2, 3], y: [1.0, 0.5, 0.3])],
                         referenceLines: [(label: "target", value: 0.3), (label: "floor", value: 0.1)],
                         logY: true, caption: "Training loss")
        let bars = Chart(kind: .groupedBar, categories: ["float32", "int8"],
                         series: [.init(name: "size", y: [1.5, 0.4])])
        let explorer = Explorer(title: "Bit width", sliderLabel: "bits", views: [
            .init(label: "8 bits", facts: [(name: "levels", value: "256"), (name: "error", value: "0.4%")], chart: bars),
            .init(label: "2 bits", facts: [], chart: Chart(kind: .histogram, series: [])),
        ], initial: 1)
        let diagram = Diagram(title: "Graph", columns: [
            [.init(id: "in", lines: ["Input", "28×28×1"], style: .terminal), .init(id: "conv", lines: ["Conv2D"])],
            [.init(id: "q", lines: ["Quantize"], style: .highlight), .init(id: "d", lines: ["ok?"], style: .decision)],
        ], edges: [.init(from: "in", to: "conv"), .init(from: "d", to: "q", label: "no")], caption: "Float and int8")
        return StepResult(
            fields: Record([("accuracy", 0.9712), ("variant", "int8"), ("ok", true), ("none", .null),
                            ("sizes", [1, 2.5, "x"]),
                            ("model", .record(Record([("zeta", 1), ("alpha", .record(Record([("b", 2), ("a", 3)])))])))]),
            outputs: [
                .table(ResultTable(columns: ["model", "size"], rows: [["float32", "1.2 MB"], ["int8", "0.3 MB"]],
                                   alignments: [.left, .right], caption: "Sizes")),
                .table(ResultTable(columns: ["a", "b", "c"], rows: [])),
                .chart(line),
                .images(ImageGrid(width: 2, height: 2, columns: 3, images: [[0, 255, 128, 7], [1, 2, 3, 4], []],
                                  labels: ["seven", "one"], caption: "Samples")),
                .images(ImageGrid(width: 1, height: 1, columns: 1, images: [[200]])),
                .text("A note with \"quotes\", a / slash and ünïcödé ✓."),
                .code("const unsigned char model[] = {\n  0x1c, 0x00,\n};", language: "c"),
                .checks([Check(text: "accuracy > 0.95", status: .passed, detail: "left = 0.9712, right = 0.95", location: here),
                         Check(text: "4× smaller", status: .contradicted, detail: "claimed 4×, measured 2.9×",
                               location: SourceLocation(file: "x.md", line: 7, column: 3)),
                         Check(text: "t", status: .failed, detail: "", location: here),
                         Check(text: "h", status: .holds, detail: "d", location: here)]),
                .quiz([Question(id: "q1", prompt: "How many levels?", answer: .numeric(256, tolerance: 0.5, unit: "levels"),
                                explanation: "2^8"),
                       Question(id: "q2", prompt: "Which?", choices: ["float16", "int8"], answer: .choice(1),
                                explanation: "int8 is smallest")]),
                .diagram(diagram),
                .explorer(explorer),
                .error(message: "the file is missing", location: here),
                .skipped(reason: "step #train failed"),
            ],
            artifacts: ["models/int8.tflite", "models/int8.h"])
    }

    static func roundTrip(_ result: StepResult) throws -> StepResult { try StepResult(json: try result.jsonData()) }

    /// Expects equal outputs. `dump` walks every stored property, tuple label and enum payload, so equal
    /// dumps mean equal outputs (doubles print with round-trip digits; NaN payloads are checked by bits below).
    static func expectSameOutputs(_ got: [Output], _ expected: [Output]) {
        var (a, b) = ("", "")
        dump(got, to: &a)
        dump(expected, to: &b)
        let (gotLines, expectedLines) = (a.split(separator: "\n"), b.split(separator: "\n"))
        if let i = zip(gotLines, expectedLines).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("outputs differ at dump line \(i + 1): got \(gotLines[i]), expected \(expectedLines[i])")
        }
        #expect(gotLines.count == expectedLines.count)
    }

    @Test func everyOutputCaseRoundTrips() throws {
        let original = Self.everything()
        let decoded = try Self.roundTrip(original)
        #expect(decoded.fields == original.fields)
        #expect(decoded.artifacts == original.artifacts)
        #expect(decoded.outputs.count == original.outputs.count)
        Self.expectSameOutputs(decoded.outputs, original.outputs)
        #expect(try decoded.jsonData() == original.jsonData())

        // A few fields by hand, so a field dropped on both sides of the dump comparison still shows.
        guard case .chart(let chart) = decoded.outputs[2], case .images(let grid) = decoded.outputs[3],
              case .explorer(let explorer) = decoded.outputs[10], case .quiz(let quiz) = decoded.outputs[8]
        else { Issue.record("outputs came back in another order or case"); return }
        #expect(chart.kind == .line && chart.logY && chart.caption == "Training loss")
        #expect(chart.referenceLines.map(\.label) == ["target", "floor"] && chart.referenceLines.map(\.value) == [0.3, 0.1])
        #expect(chart.series.map(\.x) == [[1, 2, 3], [1, 2, 3]] && chart.series[1].y == [1.0, 0.5, 0.3])
        #expect(grid.images == [[0, 255, 128, 7], [1, 2, 3, 4], []] && grid.labels == ["seven", "one"])
        #expect(explorer.initial == 1 && explorer.views[0].facts.map(\.value) == ["256", "0.4%"])
        #expect(explorer.views[0].chart.kind == .groupedBar && explorer.views[0].chart.categories == ["float32", "int8"])
        guard case .numeric(let value, let tolerance, let unit) = quiz[0].answer, case .choice(1) = quiz[1].answer
        else { Issue.record("quiz answers changed case"); return }
        #expect(value == 256 && tolerance == 0.5 && unit == "levels")
    }

    static let edgeDoubles: [Double] = [
        0.1, 1.0 / 3, 1e-300, -0.0, 0, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
        .leastNormalMagnitude, 9_007_199_254_740_992, 1e23, .infinity, -.infinity, .nan,
        Double(bitPattern: 0xFFF8_0000_0000_0000),  // the NaN 0/0 gives on x86: sign bit set
        Double(bitPattern: 0x7FF0_0000_0000_0001),  // a signalling NaN with a payload
    ]

    @Test func doublesKeepTheirBitsEverywhere() throws {
        let xs = Self.edgeDoubles
        let result = StepResult(
            fields: Record([("xs", .list(xs.map(Value.number)))]),
            outputs: [.chart(Chart(kind: .scatter, series: [.init(name: "s", x: xs, y: xs.reversed())],
                                   referenceLines: xs.map { (label: "r", value: $0) })),
                      .quiz(xs.map { Question(id: "q", prompt: "", answer: .numeric($0, tolerance: -$0, unit: ""),
                                              explanation: "") })])
        let decoded = try Self.roundTrip(result)
        let bits = xs.map(\.bitPattern)
        guard case .list(let values) = decoded.fields["xs"], case .chart(let chart) = decoded.outputs[0],
              case .quiz(let quiz) = decoded.outputs[1]
        else { Issue.record("shape changed"); return }
        #expect(values.compactMap { $0.number?.bitPattern } == bits)
        #expect(chart.series[0].x.map(\.bitPattern) == bits)
        #expect(chart.series[0].y.reversed().map(\.bitPattern) == bits)
        #expect(chart.referenceLines.map(\.value.bitPattern) == bits)
        let answers = quiz.compactMap { q -> (UInt64, UInt64)? in
            if case .numeric(let v, let t, _) = q.answer { return (v.bitPattern, t.bitPattern) } else { return nil }
        }
        #expect(answers.map(\.0) == bits)
        #expect(answers.map(\.1) == xs.map { (-$0).bitPattern })
    }

    @Test func nonFiniteNumbersAreSpelledAsStrings() throws {
        let xs: [Double] = [.infinity, -.infinity, .nan, Double(bitPattern: 0xFFF8_0000_0000_0000), -0.0, 1e-300]
        let json = try String(decoding: StepResult(outputs: [.chart(Chart(kind: .line, series: [.init(name: "", y: xs)]))])
            .jsonData(), as: UTF8.self)
        #expect(json.contains(#""y":["inf","-inf","nan","nan:0xfff8000000000000",-0,1e-300]"#))
        // As a value, a non-finite number is tagged so that it cannot be mistaken for the string "nan".
        let value = try String(decoding: StepResult(fields: Record([("n", .number(.nan)), ("s", "nan")])).jsonData(),
                               as: UTF8.self)
        #expect(value.contains(#"[["n",{"number":"nan"}],["s","nan"]]"#))
    }

    @Test func recordsKeepKeyOrder() throws {
        let keys = ["zeta", "alpha", "mid", "beta", "Alpha", "10", "2"]
        let inner = Record(keys.reversed().map { ($0, Value.string($0)) })
        let record = Record(keys.enumerated().map { ($0.element, Value.number(Double($0.offset))) } + [("inner", .record(inner)),
                            ("list", [.record(inner)])])
        let decoded = try Self.roundTrip(StepResult(fields: record)).fields
        #expect(decoded.keys == keys + ["inner", "list"])
        #expect(decoded["inner"]?.record?.keys == keys.reversed())
        #expect(decoded["list"]?.list?.first?.record?.keys == keys.reversed())
        #expect(decoded == record)
    }

    @Test func everyTruncationThrows() throws {
        let json = try Self.everything().jsonData()
        for length in 0..<json.count {
            #expect(throws: DecodingError.self) { try StepResult(json: json.prefix(length)) }
        }
    }

    /// Malformed documents, each wrong in one place; every one must throw a `DecodingError`.
    @Test(arguments: [
        "not json", "", "[]", #"{"fields":[],"outputs":[]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"text":"a","skipped":{"reason":"b"}}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"code":{"text":"x"}}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"chart":{"kind":"pie","title":"","xLabel":"","yLabel":"","categories":[],"series":[],"referenceLines":[],"logY":false}}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"chart":{"kind":"bar","title":"","xLabel":"","yLabel":"","categories":[],"series":[{"name":"s","x":[],"y":["infinity"]}],"referenceLines":[],"logY":false}}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"images":{"width":1,"height":1,"columns":1,"images":["%%%"],"labels":[]}}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"explorer":{"title":"","sliderLabel":"","views":[],"initial":"0"}}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"quiz":[{"id":"q","prompt":"","choices":[],"explanation":"","answer":{"choice":1.5}}]}]}"#,
        #"{"artifacts":[],"fields":[],"outputs":[{"checks":[{"text":"t","status":"maybe","detail":"","location":{"file":"f","line":1,"column":1}}]}]}"#,
        #"{"artifacts":[],"fields":[["a",1,2]],"outputs":[]}"#,
        #"{"artifacts":[],"fields":[[1,1]],"outputs":[]}"#,
        #"{"artifacts":[],"fields":[["a",{"number":"nan:0x7ff0000000000000"}]],"outputs":[]}"#,
        #"{"artifacts":[],"fields":[["a",{"list":[]}]],"outputs":[]}"#,
    ])
    func malformedJSONThrows(json: String) {
        #expect(throws: DecodingError.self) { try StepResult(json: Data(json.utf8)) }
    }

    @Test func errorsSayWhatIsWrong() {
        func message(_ json: String) -> String? {
            let error = #expect(throws: DecodingError.self) { try StepResult(json: Data(json.utf8)) }
            guard case .dataCorrupted(let context) = error else { return nil }
            return context.debugDescription
        }
        #expect(message(#"{"artifacts":[],"fields":[],"outputs":[{"tabel":{}}]}"#)
            == #"unknown kind "tabel" for an output; expected one of table, chart, images, text, code, checks, quiz, diagram, explorer, error, skipped"#)
        #expect(message(#"{"artifacts":[],"fields":[],"outputs":[{"text":"a","code":{}}]}"#)
            == "an output must be an object with one key, its kind (one of table, chart, images, text, code, checks, quiz, diagram, explorer, error, skipped); found keys code, text")
        #expect(message(#"{"artifacts":[],"fields":[["a",1],["a",2]],"outputs":[]}"#) == #"duplicate record key "a""#)
    }

    /// Pins the format: lock files are committed, so a change here must be deliberate.
    /// The expected text is written by hand from the format described in `StepResult+Codable.swift`.
    @Test func goldenJSON() throws {
        let result = StepResult(
            fields: Record([("size", 2.5), ("bad", .number(.nan)), ("models", ["a", .null, true]),
                            ("sub", .record(Record([("b", 1), ("a", 2)])))]),
            outputs: [
                .text("hi"),
                .skipped(reason: "#train failed"),
                .chart(Chart(kind: .groupedBar, categories: ["a"], series: [.init(name: "s", y: [1, .infinity])],
                             referenceLines: [(label: "goal", value: 0.5)])),
                .images(ImageGrid(width: 2, height: 1, columns: 1, images: [[0, 255]], labels: ["x"])),
                .quiz([Question(id: "q", prompt: "p", answer: .choice(0), explanation: "e")]),
                .error(message: "boom", location: SourceLocation(file: "a.md", line: 3, column: 5)),
            ],
            artifacts: ["out/m.tflite"])
        let expected = """
            {"artifacts":["out/m.tflite"],\
            "fields":[["size",2.5],["bad",{"number":"nan"}],["models",["a",null,true]],["sub",{"record":[["b",1],["a",2]]}]],\
            "outputs":[{"text":"hi"},{"skipped":{"reason":"#train failed"}},\
            {"chart":{"categories":["a"],"kind":"grouped-bar","logY":false,"referenceLines":[{"label":"goal","value":0.5}],\
            "series":[{"name":"s","x":[],"y":[1,"inf"]}],"title":"","xLabel":"","yLabel":""}},\
            {"images":{"columns":1,"height":1,"images":["AP8="],"labels":["x"],"width":2}},\
            {"quiz":[{"answer":{"choice":0},"choices":[],"explanation":"e","id":"q","prompt":"p"}]},\
            {"error":{"location":{"column":5,"file":"a.md","line":3},"message":"boom"}}]}
            """
        #expect(String(decoding: try result.jsonData(), as: UTF8.self) == expected)
        #expect(try StepResult(json: Data(expected.utf8)).jsonData() == Data(expected.utf8))
    }
}
