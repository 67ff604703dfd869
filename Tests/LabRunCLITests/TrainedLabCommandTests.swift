import Foundation
import LabData
import Testing

/// The step cache with training, conversion, evaluation and a benchmark, on the 200 MNIST
/// fixture images: the issue's `epochs` case, `--frozen` without data, benchmarks measured
/// on another machine.
@Suite(.serialized) struct TrainedLabCommandTests {
    static func lab(epochs: Int = 1) -> String {
        """
        ---
        title: Trained
        params:
          epochs: \(epochs)
          seed: 3
        ---
        A small network on the fixture images.

        ```lab train #baseline
        model:
          - flatten
          - dense: {units: 10, activation: softmax}
        ```

        ```lab convert #f32
        model: baseline
        variant: float32
        show: none
        ```

        ```lab convert #int8
        model: baseline
        variant: int8
        io: uint8
        calibration: {samples: 20}
        show: none
        ```

        ```lab evaluate #compare
        models: [f32, int8]
        ```

        ```lab benchmark #speed
        models: [f32, int8]
        warmup: 1
        runs: 3
        ```

        ```lab quantize #worked
        range: [-1.5, 2.3]
        values: [0.5]
        ```

        The int8 file is {{ int8.size_bytes | int }} bytes; accuracy {{ compare.int8.accuracy | percent(1) }}.
        """
    }

    /// A scratch folder with the lab and `Data/mnist`: the 200 fixture images as every split.
    static func scratch(epochs: Int = 1) throws -> URL {
        let dir = try LabrunBinary.scratch(lab: lab(epochs: epochs))
        let mnist = dir.appendingPathComponent("Data/mnist")
        try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
        let fixtures = LabrunBinary.packageRoot.appendingPathComponent("Tests/Fixtures")
        func payload(_ name: String) throws -> [UInt8] {
            let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
            return Array(bytes[(10 + (Int(bytes[8]) | Int(bytes[9]) << 8))...])
        }
        let images = try Data(IDXFile(elementType: .uint8, dimensions: [200, 28, 28],
                                      bytes: payload("mnist_test_200_images.npy")).encoded())
        let labels = try Data(IDXFile(elementType: .uint8, dimensions: [200],
                                      bytes: payload("mnist_test_200_labels.npy")).encoded())
        for prefix in ["train", "t10k"] {
            try images.write(to: mnist.appendingPathComponent("\(prefix)-images.idx3-ubyte"))
            try labels.write(to: mnist.appendingPathComponent("\(prefix)-labels.idx1-ubyte"))
        }
        try LabrunBinary.acceptDataFiles([images, labels], in: dir)
        return dir
    }

    static let steps = [("baseline", "train"), ("f32", "convert"), ("int8", "convert"), ("compare", "evaluate"),
                        ("speed", "benchmark"), ("worked", "quantize")]

    static func explanation(ran: [String: String], reused: String) -> String {
        steps.map { id, step in "#\(id) (\(step)): " + (ran[id].map { "ran: \($0)" } ?? "reused: \(reused)") + "\n" }.joined()
    }

    @Test func changingEpochsRerunsTrainingAndWhatDependsOnIt() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try LabrunBinary.run(["lab.md", "--explain", "--data-dir", "Data"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let everyStep = Dictionary(uniqueKeysWithValues: Self.steps.map { ($0.0, "no earlier result") })
        #expect(first.stdout == Self.explanation(ran: everyStep, reused: ""))
        let day = try CacheLab.day(of: "worked", in: dir)
        try Self.lab(epochs: 2).write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let second = try LabrunBinary.run(["lab.md", "--explain", "--data-dir", "Data"], in: dir)
        #expect(second.status == 0)
        let both = "'f32' and 'int8', which it uses, changed"
        #expect(second.stdout == Self.explanation(ran: [
            "baseline": "'epochs' changed (1 → 2)",
            "f32": "'baseline', which it uses, changed", "int8": "'baseline', which it uses, changed",
            "compare": both, "speed": both,
        ], reused: "recipe unchanged since \(day)"))
        let recipe = try CacheLab.record("baseline", in: dir)["recipe"] as? [String: Any]
        #expect((recipe?["parts"] as? [String: Any])?["param epochs"] as? String == "2")
    }

    @Test func frozenRendersTheTrainedLabWithoutDataOrTraining() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q", "--data-dir", "Data"], in: dir).status == 0)
        let clone = try LabrunBinary.scratch(lab: Self.lab())
        defer { try? FileManager.default.removeItem(at: clone) }
        try FileManager.default.copyItem(at: CacheLab.lockURL(dir), to: CacheLab.lockURL(clone))
        let run = try LabrunBinary.run(["lab.md", "--frozen", "--data-dir", "no-such-folder"], in: clone)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(CacheLab.progress(run.stderr).allSatisfy { $0.hasSuffix(" … frozen") })
        let page = "Output/lab.md"
        #expect(try Data(contentsOf: clone.appendingPathComponent(page)) == Data(contentsOf: dir.appendingPathComponent(page)))
        #expect(!FileManager.default.fileExists(atPath: clone.appendingPathComponent("Data").path))
    }

    @Test func aBenchmarkFromAnotherMachineIsReusedAndSaysSo() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try LabrunBinary.run(["lab.md", "-q", "--data-dir", "Data"], in: dir).status == 0)
        let record = try CacheLab.record("speed", in: dir)
        let here = try #require(record["machine"] as? String)
        let key = try #require(record["key"] as? String)
        // As if the cache folder had been filled on another computer.
        let entry = dir.appendingPathComponent(".labrun/steps/\(key).json")
        let text = try String(contentsOf: entry, encoding: .utf8)
        let elsewhere = text.replacingOccurrences(of: "\"machine\":\"\(here)\"", with: "\"machine\":\"Other CPU, 64 cores, Linux\"")
        #expect(elsewhere != text)
        try elsewhere.write(to: entry, atomically: true, encoding: .utf8)

        let day = try CacheLab.day(of: "speed", in: dir)
        let reused = try LabrunBinary.run(["lab.md", "--explain", "--data-dir", "Data"], in: dir)
        #expect(reused.status == 0)
        #expect(reused.stdout.split(separator: "\n").filter { $0.hasPrefix("#speed ") } == [
            "#speed (benchmark): reused: recipe unchanged since \(day); "
                + "measured on Other CPU, 64 cores, Linux (--rerun benchmark to measure here)",
        ])
        let page = try String(contentsOf: dir.appendingPathComponent("Output/lab.md"), encoding: .utf8)
        #expect(page.contains("Measured on \(here), \(day)."))

        let measured = try LabrunBinary.run(["lab.md", "--explain", "--rerun", "benchmark", "--data-dir", "Data"], in: dir)
        #expect(measured.status == 0)
        #expect(measured.stdout == Self.explanation(ran: ["speed": "--rerun benchmark"],
                                                    reused: "recipe unchanged since \(day)"))
        #expect(try CacheLab.record("speed", in: dir)["machine"] as? String == here)
    }
}
