import ArgumentParser
import Foundation
import LabData
import LabRunner
import LiteFormat

/// `labrun eval MODEL.tflite --dataset mnist`: accuracy on a split, optionally every raw output.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Classify a data-set split with a .tflite model in labrun's interpreter and print the accuracy.",
        discussion: """
            Every image goes through one invoke (as on a device) as pixel/255, quantized with the input
            tensor's scale and zero point when the input is int8 or uint8; the class is the argmax of the
            output. The images are shared between one interpreter per core.
            --dump-outputs writes the output tensor of every image, in order, as one .npy in the tensor's
            own type (int8, uint8 or float32), shape (N, …), for comparison with LiteRT.

            Examples:
              labrun eval int8.tflite --dataset mnist
              labrun eval int8.tflite --dataset mnist --limit 1000 --split validation
              labrun eval int8.tflite --dataset mnist --dump-outputs outputs.npy
            """)

    @Argument(help: "The .tflite model.")
    var model: String

    @Option(help: "mnist or fashion-mnist.")
    var dataset = "mnist"

    @Option(help: "test or validation.")
    var split = "test"

    @Option(help: "Use only the first N images (1…10000000).")
    var limit: Int?

    @Option(help: ArgumentHelp("Write every image's raw output here as .npy.", valueName: "FILE.npy"))
    var dumpOutputs: String?

    @Option(help: ArgumentHelp("Where data sets live (default: $LABRUN_DATA, else ./Data).", valueName: "DIR"))
    var dataDir: String?

    func validate() throws {
        guard DatasetKind(rawValue: dataset) != nil else {
            throw ValidationError("--dataset must be one of \(DatasetKind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(dataset)'")
        }
        guard split == "test" || split == "validation" else { throw ValidationError("--split must be test or validation, got '\(split)'") }
        if let limit { try CountOption.check(limit, "limit", CountOption.limit) }
    }

    func run() throws {
        let liteModel = try ModelFile.read(model)
        var data: Dataset
        do {
            data = try DataDirectory.resolve(explicit: dataDir).load(DatasetKind(rawValue: dataset) ?? .mnist,
                                                                     split: split == "test" ? .test : .validation)
        } catch {
            throw ModelFile.fail("\(error)")
        }
        if let limit, limit < data.count { data = data.slice(0..<limit) }
        let run: ClassificationRun
        do {
            run = try ImageClassifier.run(model: liteModel, images: data.images, pixelsPerImage: data.pixelsPerImage,
                                          labels: data.labels, keepOutputs: dumpOutputs != nil)
        } catch {
            throw ModelFile.fail(model, error)
        }
        print("accuracy \(Filters.fixed(run.accuracy * 100, 2))% (\(Filters.fixed(Double(run.correct), 0))/\(Filters.fixed(Double(run.count), 0)))"
            + " in \(Filters.fixed(run.seconds, 3)) s")
        if let dumpOutputs, let raw = run.rawOutputs {
            let shape = [run.count] + run.outputShape.dropFirst()
            do {
                let bytes = try NpyWriter.encode(raw: raw, type: run.outputType, shape: shape)
                try Data(bytes).write(to: URL(fileURLWithPath: dumpOutputs), options: .atomic)
            } catch {
                throw ModelFile.fail("cannot write \(dumpOutputs): \(error)")
            }
            print("outputs \(shape.map(String.init).joined(separator: "×")) \(run.outputType.description.lowercased()) → \(dumpOutputs)")
        }
    }
}
