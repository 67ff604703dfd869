import Foundation

extension Sequential {
    /// Every parameter array as `<layer>/<array>` (e.g. `conv2d/kernel`) in Keras layouts:
    /// conv kernels HWIO, dense kernels `[in, out]`.
    public func weightArrays() -> [(name: String, array: NpyArray)] {
        var result: [(name: String, array: NpyArray)] = []
        for (layer, offset) in zip(layers, offsets) {
            var start = offset
            for p in layer.parameterArrays {
                result.append(("\(layer.name)/\(p.name)", NpyArray(shape: p.shape, values: Array(parameters[start..<(start + p.count)]))))
                start += p.count
            }
        }
        return result
    }

    /// Loads weights by name (`conv2d/kernel`); when the names differ (a Keras model whose layers
    /// were named), by position instead, provided the arrays and their shapes line up one to one.
    public mutating func loadWeights(_ arrays: [(name: String, array: NpyArray)]) throws(NpzError) {
        let expected = weightArrays()
        let byName = Dictionary(arrays.map { ($0.name, $0.array) }, uniquingKeysWith: { first, _ in first })
        let matched: [NpyArray]
        if expected.allSatisfy({ byName[$0.name] != nil }) {
            matched = expected.compactMap { byName[$0.name] }
        } else if arrays.count == expected.count {
            matched = arrays.map(\.array)
        } else {
            let missing = expected.map(\.name).filter { byName[$0] == nil }
            throw NpzError("the weights have no \(missing.joined(separator: ", ")) (they hold \(arrays.map(\.name).joined(separator: ", ")))")
        }
        var values: [Float] = []
        for (want, got) in zip(expected, matched) {
            guard want.array.shape == got.shape else {
                throw NpzError("\(want.name) should have shape \(want.array.shape) but the file has \(got.shape)")
            }
            values += got.values
        }
        parameters = values
    }

    /// Writes `weightArrays()` as an `.npz` (open it with `np.load`).
    public func saveWeights(to url: URL) throws {
        try Npz.write(weightArrays()).write(to: url)
    }

    /// Reads an `.npz` written by `saveWeights` or by numpy from a Keras model.
    public mutating func loadWeights(from url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw NpzError("cannot read \(url.path): \(error.localizedDescription)") }
        try loadWeights(Npz.read(data))
    }
}
