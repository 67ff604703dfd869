import Foundation
import LabDocument
@testable import LabRender

/// A hand-built lab that uses every prose element and every kind of output once.
enum SampleLab {
    static let file = "Labs/sample.md"
    static func at(_ line: Int, _ column: Int = 1) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }
    static func block(_ kind: Block.Kind, _ line: Int) -> Block { Block(kind, at: at(line)) }

    static func directive(_ step: String, _ id: String, line: Int, source: String = "") -> Block {
        block(.directive(Directive(step: step, id: id, idWasGiven: true, body: .null, keyLocations: [:], source: source,
                                   location: at(line), bodyLocation: at(line + 1))), line)
    }

    static let accuracySpan = ValueSpan(source: "baseline.test_accuracy | percent(1)", expression: .path([.name("baseline")]),
                                        location: at(9, 24))
    static let brokenSpan = ValueSpan(source: "sizes.int8_kb", expression: .path([.name("sizes")]), location: at(9, 70))
    static let missingSpan = ValueSpan(source: "nowhere", expression: .path([.name("nowhere")]), location: at(10, 5))

    static var document: Document {
        let blocks: [Block] = [
            block(.heading(level: 1, [.text("Quantization <lab>")]), 1),
            block(.paragraph([.text("Float32 weights & activations take "), .strong([.text("4 bytes")]), .text(" each; "),
                              .emphasis([.text("int8")]), .text(" takes one. See "),
                              .link(destination: "https://ai.google.dev/edge/litert", title: "LiteRT", [.text("LiteRT")]),
                              .text(", "), .code("tf.lite.Optimize"), .text(", and "), .strikethrough([.text("magic")]),
                              .text("."), .softBreak, .text("A line break follows:"), .lineBreak, .text("a | pipe, $5 and *stars*.")]), 3),
            block(.heading(level: 2, [.text("The affine map")]), 5),
            block(.paragraph([.text("A real value is "), .math("r = S(q - Z)", display: false), .text(" with scale "),
                              .math("S", display: false), .text(".")]), 7),
            block(.math("S = \\frac{r_{max} - r_{min}}{2^b - 1} < 1"), 8),
            block(.paragraph([.text("The baseline reached "), .value(accuracySpan), .text("; the int8 file is "),
                              .value(brokenSpan), .text(" KB.")]), 9),
            block(.paragraph([.value(missingSpan), .text(" has no value."), .html("<kbd>"), .text("Ctrl"), .html("</kbd>")]), 10),  // inline HTML split per tag, as cmark gives it
            block(.heading(level: 3, [.text("Steps")]), 12),
            block(.list(ordered: true, start: 3, tight: true, items: [
                ListItem(task: nil, blocks: [block(.paragraph([.text("Train the model.")]), 13)]),
                ListItem(task: nil, blocks: [block(.paragraph([.text("Convert it.")]), 14),
                                             block(.list(ordered: false, start: 1, tight: true, items: [
                                                 ListItem(task: nil, blocks: [block(.paragraph([.text("float16")]), 15)]),
                                             ]), 15)]),
            ]), 13),
            block(.list(ordered: false, start: 1, tight: false, items: [
                ListItem(task: true, blocks: [block(.paragraph([.text("Done")]), 17)]),
                ListItem(task: false, blocks: [block(.paragraph([.text("Not yet")]), 19)]),
            ]), 17),
            block(.blockQuote([block(.paragraph([.text("Quantization is lossy.")]), 21)]), 21),
            block(.code(info: "python", text: "converter.optimizations = [tf.lite.Optimize.DEFAULT]\n"), 23),
            block(.table(Table(alignments: [.left, .right], header: [[.text("Type")], [.text("Bytes")]],
                               rows: [[[.code("float32")], [.text("4")]], [[.text("a|b")], [.text("1")]]])), 27),
            block(.paragraph([.image(source: "figs/pipeline.png", title: "", alt: "pipeline")]), 31),
            block(.html("<div class=\"note\">Raw HTML block</div>"), 33),
            block(.thematicBreak, 35),
            block(.heading(level: 2, [.text("Results")]), 37),
            directive("table", "sizes", line: 39, source: "columns: [variant, size]\n"),
            directive("plot", "curves", line: 44, source: "kind: line\n"),
            directive("dataset", "mnist", line: 48),
            directive("assert", "checks", line: 52),
            directive("quiz", "quiz", line: 56),
            directive("graph", "graph", line: 60),
            directive("explore", "bits", line: 64),
            directive("export", "carray", line: 68),
            directive("train", "broken", line: 72),
            directive("convert", "after-broken", line: 76),
            directive("note", "hidden", line: 80),
            directive("note", "never-run", line: 84),
            block(.heading(level: 2, [.text("Results")]), 88),
        ]
        return Document(path: file, title: "Quantization <lab>", params: Record(), blocks: blocks, diagnostics: [])
    }

    static var results: [String: StepResult] {
        let bars = Chart(kind: .bar, title: "Model size", xLabel: "variant", yLabel: "KB",
                         categories: ["float32", "float16", "dynamic", "int8"],
                         series: [.init(name: "size", y: [400.5, 201, 105.2, 104.9])],
                         referenceLines: [(label: "budget", value: 256)], caption: "Smaller is better.")
        let grouped = Chart(kind: .groupedBar, title: "Accuracy by variant", yLabel: "accuracy",
                            categories: ["float32", "int8"],
                            series: [.init(name: "MNIST", y: [0.991, 0.989]), .init(name: "Fashion", y: [0.912, 0.905])])
        let line = Chart(kind: .line, title: "Training loss", xLabel: "epoch", yLabel: "loss",
                         series: [.init(name: "train", x: [1, 2, 3, 4], y: [0.9, 0.3, 0.12, 0.05]),
                                  .init(name: "validation", x: [1, 2, 3, 4], y: [0.8, 0.35, 0.2, 0.18])], logY: true)
        let scatter = Chart(kind: .scatter, title: "Error vs. scale", xLabel: "scale", yLabel: "error",
                            series: [.init(name: "layers", x: [0.01, 0.02, 0.05], y: [0.001, 0.004, 0.012])])
        let histogram = Chart(kind: .histogram, title: "Weights", xLabel: "value", yLabel: "count",
                              series: [.init(name: "conv1", x: [-0.2, -0.1, 0, 0.1, 0.2], y: [3, 12, 30, 11, 4])],
                              referenceLines: [(label: "min", value: -0.25)])
        let digits: [[UInt8]] = (0..<4).map { (k: Int) -> [UInt8] in
            (0..<16).map { (i: Int) -> UInt8 in UInt8((i * 16 + k * 40) % 256) }
        }
        let diagram = Diagram(title: "Troubleshooting",
                              columns: [[.init(id: "start", lines: ["Accuracy dropped"], style: .terminal),
                                         .init(id: "calib", lines: ["Calibration data?", "≥ 100 samples"], style: .decision),
                                         .init(id: "more", lines: ["Use more samples"]),
                                         .init(id: "qat", lines: ["Try QAT"], style: .highlight)],
                                        [.init(id: "float", lines: ["float32 model", "Conv2D → Dense"])]],
                              edges: [.init(from: "start", to: "calib"), .init(from: "calib", to: "more", label: "no"),
                                      .init(from: "calib", to: "qat", label: "yes"), .init(from: "more", to: "calib"),
                                      .init(from: "qat", to: "float", label: "compare")],
                              caption: "What to try when int8 loses accuracy.")
        let views = [2, 4, 8].map { b in
            Explorer.View(label: "\(b) bits", facts: [(name: "levels", value: "\(1 << b)"), (name: "max error", value: "\(1.0 / Double(1 << b))")],
                          chart: Chart(kind: .line, title: "\(b)-bit staircase", series: [.init(name: "q", x: [0, 1, 2], y: [0, Double(b), 0])]))
        }
        return [
            "sizes": StepResult(outputs: [.table(ResultTable(columns: ["variant", "size | KB"], rows: [["float32", "400.5"], ["int8", "104.9"]],
                                                           alignments: [.left, .right], caption: "File sizes.")), .chart(bars)]),
            "curves": StepResult(outputs: [.chart(grouped), .chart(line), .chart(scatter), .chart(histogram)]),
            "mnist": StepResult(outputs: [.images(ImageGrid(width: 4, height: 4, columns: 2, images: digits, labels: ["0", "1", "2", "3"],
                                                            caption: "Four samples.")), .text("60000 training images.")]),
            "checks": StepResult(outputs: [.checks([
                Check(text: "int8.accuracy > 0.98", status: .passed, detail: "left = 0.989, right = 0.98", location: at(53)),
                Check(text: "int8.size_kb < 50", status: .failed, detail: "left = 104.9, right = 50", location: at(54, 3)),
                Check(text: "int8 is 4× smaller", status: .holds, detail: "claimed 4×, measured 3.8×", location: at(55)),
                Check(text: "int8 is as fast", status: .contradicted, detail: "claimed 1×, measured 0.6×", location: at(55, 5)),
            ])]),
            "quiz": StepResult(outputs: [.quiz([
                Question(id: "q1", prompt: "How many bytes does an int8 weight take?", answer: .numeric(1, tolerance: 0, unit: "bytes"),
                         explanation: "8 bits are one byte."),
                Question(id: "q2", prompt: "Which variant is smallest?", choices: ["float32", "float16", "int8 <full>"],
                         answer: .choice(2), explanation: "Every tensor is 8-bit."),
            ])]),
            "graph": StepResult(outputs: [.diagram(diagram)]),
            "bits": StepResult(outputs: [.explorer(Explorer(title: "Bit width", sliderLabel: "Bits", views: views, initial: 2))]),
            "carray": StepResult(outputs: [.code("const unsigned char model[] = {0x1c, 0x00};", language: "c")],
                                 artifacts: ["sample_files/model_int8.cc", "sample_files/model int8.tflite"]),
            "broken": StepResult(outputs: [.error(message: "out of memory while training\nbatch 12", location: at(72, 8))]),
            "after-broken": StepResult(outputs: [.skipped(reason: "it needs 'broken', which failed")]),
            "hidden": StepResult(outputs: [.text("you never see this")]),
        ]
    }

    static var input: RenderInput {
        RenderInput(document: document, results: results,
                    values: [accuracySpan.location: .success("98.9 %"), brokenSpan.location: .failure(ValueError("sizes has no field 'int8_kb'"))],
                    show: ["sizes": .sourceAndResult, "hidden": RenderInput.Show.none],
                    captions: ["sizes": "Sizes of the four variants.", "curves": "Charts of every kind."],
                    images: ["figs/pipeline.png": Data([0x89, 0x50, 0x4E, 0x47])], footer: "Rendered by labrun from Labs/sample.md")
    }
}
