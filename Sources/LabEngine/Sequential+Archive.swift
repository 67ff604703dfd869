import Foundation

extension Sequential {
    /// The whole model (input shape, layer list, trained parameters) as bytes, so a trained
    /// network can be stored in labrun's step cache and used again without retraining.
    public func archived() -> Data {
        let floats = parameters.withUnsafeBytes { Data($0) }
        let archive = Archive(input: [inputShape.height, inputShape.width, inputShape.channels], specs: specs,
                              quantizesWeights: quantizesWeights, parameters: floats)
        // Encoding plain enums, ints and bytes cannot fail.
        return (try? JSONEncoder().encode(archive)) ?? Data()
    }

    /// Reads what `archived()` wrote; a damaged archive is an error, never a crash.
    public init(archive data: Data) throws {
        let archive: Archive
        do { archive = try JSONDecoder().decode(Archive.self, from: data) } catch {
            throw ModelError(index: nil, "not a model archive: \(error)")
        }
        guard archive.input.count == 3 else { throw ModelError(index: nil, "not a model archive: input shape \(archive.input)") }
        let shape = Shape(height: archive.input[0], width: archive.input[1], channels: archive.input[2])
        self = try Sequential(input: shape, specs: archive.specs, quantizesWeights: archive.quantizesWeights)
        guard archive.parameters.count == parameters.count * MemoryLayout<Float>.size else {
            throw ModelError(index: nil, "the archive holds \(archive.parameters.count / 4) parameters; its layers need \(parameters.count)")
        }
        parameters.withUnsafeMutableBytes { _ = archive.parameters.copyBytes(to: $0) }
    }

    private struct Archive: Codable {
        var input: [Int]
        var specs: [LayerSpec]
        var quantizesWeights: Bool
        /// The parameters as little-endian float32 bytes (base64 in the JSON).
        var parameters: Data
    }
}
