import LabData
import LabDocument
import LiteQuantizer

/// Where int8 calibration samples come from and how their ranges are chosen.
public struct CalibrationSettings: Sendable, Equatable {
    /// Which images calibrate: the chapter's text advises the validation split (never the
    /// test set); its code takes the first training images.
    public enum Source: String, Sendable, CaseIterable {
        /// The first N images of the validation split (the last 10% of the training file).
        case validation
        /// The first N images of the training file.
        case train
    }

    public var samples: Int
    public var source: Source
    public var method: CalibrationMethod

    public init(samples: Int = ConvertStep.defaultSamples, source: Source = .validation, method: CalibrationMethod = .minMax) {
        self.samples = samples
        self.source = source
        self.method = method
    }

    /// Reads `{samples, source, method, percentile}`; `labSamples` (the lab parameter
    /// `calibration_samples`) is the default sample count.
    /// Calibration images: at least one, at most a whole MNIST training set.
    public static let sampleRange = 1...60_000

    public init(_ record: Record, labSamples: Int?) throws {
        let known = ["samples", "source", "method", "percentile"]
        if let unknown = record.keys.first(where: { !known.contains($0) }) {
            throw StepFailure("unknown calibration key '\(unknown)'", hint: "keys: \(known.joined(separator: ", "))")
        }
        var samples = labSamples ?? ConvertStep.defaultSamples
        if let given = record["samples"] {
            guard let n = LabInteger.exact(given, in: Self.sampleRange) else {
                throw StepFailure("calibration " + LabInteger.problem("samples", Self.sampleRange, got: given))
            }
            samples = n
        }
        let sourceName = record["source"]?.string ?? Source.validation.rawValue
        guard let source = Source(rawValue: sourceName) else {
            throw StepFailure("calibration 'source' must be validation or train, got \"\(sourceName)\"")
        }
        let percentile = record["percentile"]?.number ?? 99.99
        guard percentile > 50, percentile <= 100 else {
            throw StepFailure("calibration 'percentile' must be in (50, 100], got \(percentile)")
        }
        let methodName = record["method"]?.string ?? "minmax"
        guard let method = CalibrationMethod(name: methodName, percentile: percentile) else {
            throw StepFailure("calibration 'method' must be one of \(CalibrationMethod.names.joined(separator: ", ")), got \"\(methodName)\"")
        }
        self.init(samples: samples, source: source, method: method)
    }

    /// The calibration images as pixel/255. Only these images are read from the data set.
    public func samples(from directory: DataDirectory, kind: DatasetKind) throws -> [[Float]] {
        let set: Dataset
        do { set = try directory.load(kind, split: source == .train ? .trainAll : .validation, prefix: samples) } catch {
            throw StepFailure("\(error)")
        }
        guard samples <= set.count else {
            throw StepFailure("\(samples) calibration samples asked for, the \(source.rawValue) split has \(set.count)")
        }
        return (0..<samples).map { Dataset.normalize(set.image($0)) }
    }

    /// The `calibration` result field: settings plus each activation's range and parameters.
    func record(_ activations: [ActivationRange], kind: DatasetKind) -> Record {
        Record([
            ("samples", .number(Double(samples))), ("source", .string(source.rawValue)),
            ("method", .string(method.description)), ("dataset", .string(kind.rawValue)),
            ("tensors", .list(activations.map { a in
                .record(Record([("tensor", .string(a.tensor)), ("min", .number(Double(a.min))),
                                ("max", .number(Double(a.max))), ("scale", .number(Double(a.parameters.scale))),
                                ("zero_point", .number(Double(a.parameters.zeroPoint))), ("from", .string(a.source.rawValue))]))
            })),
        ])
    }
}
