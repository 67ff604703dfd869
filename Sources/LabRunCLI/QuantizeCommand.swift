import ArgumentParser
import Foundation
import LabData
import LabRunner
import LiteFormat
import LiteQuantizer

/// `labrun quantize`: converts a float32 `.tflite` file (ours or TensorFlow's) into a
/// float16, dynamic-range or int8 file, calibrating int8 on MNIST images.
struct QuantizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantize",
        abstract: "Convert a float32 .tflite model to float16, dynamic-range or full-integer int8.",
        discussion: """
            The input may come from labrun or from TensorFlow's converter. Every output is cleaned
            up the same way: a static batch of 1 (TensorFlow's SHAPE/STRIDED_SLICE/PACK flatten
            becomes one RESHAPE), short tensor names, no metadata, no signature unless asked.

            int8 calibration runs the float model in labrun's interpreter on --samples images
            (pixel/255) and keeps each tensor's minimum and maximum over all of them, as
            TensorFlow does. Calibrate on the validation split (the default), never on the test
            set; --source train takes the first training images instead.

            Examples:
              labrun quantize f32.tflite --variant int8 --io uint8 -o int8.tflite
              labrun quantize f32.tflite --variant int8 --samples 500 --source train --method percentile --percentile 99.99 -o p.tflite
              labrun quantize f32.tflite --variant float16 -o f16.tflite
              labrun quantize f32.tflite --variant dynamic -o dynamic.tflite
              labrun quantize f32.tflite --variant int8 --per-tensor -o per_tensor.tflite
            """)

    @Argument(help: ArgumentHelp("A float32 .tflite file.", valueName: "model"))
    var model: String

    @Option(help: "float32, float16, dynamic or int8.")
    var variant: ModelVariant = .int8

    @Option(help: "int8 only: input/output type, float, uint8 or int8.")
    var io: IOType = .float

    @Option(help: "int8 only: the data set calibration images come from (mnist or fashion-mnist).")
    var dataset: String = DatasetKind.mnist.rawValue

    @Option(help: "int8 only: number of calibration images.")
    var samples: Int = ConvertStep.defaultSamples

    @Option(help: "int8 only: validation (the first images of the validation split) or train (the first training images).")
    var source: String = CalibrationSettings.Source.validation.rawValue

    @Option(help: "int8 only: minmax, percentile, entropy or mse.")
    var method: String = "minmax"

    @Option(help: "int8 only, with --method percentile: the two-sided percentile kept.")
    var percentile: Double = 99.99

    @Flag(help: "One weight scale per tensor instead of per output channel.")
    var perTensor = false

    @Flag(help: "Write a serving_default signature.")
    var signature = false

    @Option(help: ArgumentHelp("Where data sets live (default: $LABRUN_DATA, else ./Data).", valueName: "DIR"))
    var dataDir: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write.", valueName: "out.tflite"))
    var output: String

    func validate() throws {
        guard DatasetKind(rawValue: dataset) != nil else {
            throw ValidationError("--dataset must be mnist or fashion-mnist, got '\(dataset)'")
        }
        guard CalibrationSettings.Source(rawValue: source) != nil else {
            throw ValidationError("--source must be validation or train, got '\(source)'")
        }
        guard CalibrationMethod(name: method) != nil else {
            throw ValidationError("--method must be one of \(CalibrationMethod.names.joined(separator: ", ")), got '\(method)'")
        }
        guard (1...60_000).contains(samples) else { throw ValidationError("--samples must be 1…60000, got \(samples)") }
        guard percentile > 50, percentile <= 100 else { throw ValidationError("--percentile must be in (50, 100], got \(percentile)") }
    }

    func run() throws {
        do {
            let (source, inputBytes) = try ModelFile.readWithSize(model)
            let settings = CalibrationSettings(samples: samples, source: CalibrationSettings.Source(rawValue: self.source) ?? .validation,
                                               method: CalibrationMethod(name: method, percentile: percentile) ?? .minMax)
            let start = Date()
            var images: [[Float]] = []
            if variant == .int8 {
                images = try settings.samples(from: DataDirectory.resolve(explicit: dataDir), kind: DatasetKind(rawValue: dataset) ?? .mnist)
            }
            let loaded = Date()
            let options = QuantizationOptions(variant: variant, io: io, perChannel: !perTensor,
                                              method: settings.method, keepSignature: signature)
            let converted = try Quantizer.convert(source, options: options, samples: images)
            let bytes = converted.model.serialized()
            let seconds = Date().timeIntervalSince(start)
            do { try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw ModelFile.fail(CountOption.writeFailure(output, error))
            }
            print("\(output): \(bytes.count) bytes (\(variant.rawValue)\(variant == .int8 ? ", \(options.io.rawValue) i/o" : "")),"
                + " \(model): \(inputBytes) bytes, \(String(format: "%.3f", seconds)) s"
                + (variant == .int8 ? " (reading the images \(String(format: "%.3f", loaded.timeIntervalSince(start))) s,"
                    + " calibrating on \(samples) \(self.source) images and converting"
                    + " \(String(format: "%.3f", Date().timeIntervalSince(loaded))) s)" : ""))
        } catch let error as ValidationError {
            throw error
        } catch let exit as ExitCode {
            throw exit
        } catch {
            _ = ModelFile.fail("\(error)", hint: ModelFile.hint(for: error))
            throw ExitCode.failure
        }
    }
}

extension ModelVariant: ExpressibleByArgument {}
extension IOType: ExpressibleByArgument {}
