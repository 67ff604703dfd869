import LiteFormat

/// Runs the float model on representative samples and records, for every float activation,
/// the global minimum and maximum (and all values when the method needs a histogram).
struct Calibrator {
    let model: LiteModel
    private(set) var statistics: [Int32: TensorStatistics] = [:]
    let keepValues: Bool

    init(_ model: LiteModel, keepValues: Bool) throws {
        self.model = model
        self.keepValues = keepValues
    }

    mutating func observe(_ sample: [Float], index: Int) throws {
        throw QuantizerError.calibrationFailed("the interpreter is not available yet")
    }

    /// Ranges per tensor; graph inputs always keep their observed min/max, since their
    /// quantization is part of the model's interface (e.g. pixel/255 → scale 1/255).
    func ranges(method: CalibrationMethod) -> [Int32: (min: Float, max: Float)] {
        let inputs = Set(model.subgraphs.first?.inputs ?? [])
        return statistics.mapValues { $0.range(method: method) }.reduce(into: [:]) { result, entry in
            result[entry.key] = inputs.contains(entry.key) ? statistics[entry.key]!.range(method: .minMax) : entry.value
        }
    }
}

/// Running extremes of one tensor over the calibration samples, plus its values if kept.
struct TensorStatistics {
    var min = Float.infinity
    var max = -Float.infinity
    var values: [Float] = []

    mutating func observe(_ buffer: UnsafeBufferPointer<Float>, keepValues: Bool) {
        for x in buffer where !x.isNaN {
            if x < min { min = x }
            if x > max { max = x }
        }
        if keepValues { values.append(contentsOf: buffer) }
    }

    func range(method: CalibrationMethod) -> (min: Float, max: Float) {
        guard min <= max else { return (0, 0) }
        if method == .minMax || values.isEmpty { return (min, max) }
        return RangeEstimator.range(of: values, method: method)
    }
}
