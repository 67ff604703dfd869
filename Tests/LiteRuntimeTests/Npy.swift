import Foundation

/// Minimal reader of the `.npy` fixtures (version 1/2 headers, little-endian, C order).
struct Npy {
    let descr: String
    let shape: [Int]
    let payload: [UInt8]

    init(_ url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        struct Malformed: Error { let file: String }
        guard bytes.count > 10, bytes[0] == 0x93, bytes[6] == 1 || bytes[6] == 2 else {
            throw Malformed(file: url.lastPathComponent)
        }
        let headerLength = bytes[6] == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let start = bytes[6] == 1 ? 10 : 12
        let header = String(decoding: bytes[start..<start + headerLength], as: UTF8.self)
        func field(_ key: String, _ close: Character) -> String {
            guard let r = header.range(of: "'\(key)': ") else { return "" }
            let rest = header[r.upperBound...].dropFirst()
            return String(rest.prefix { $0 != close })
        }
        descr = field("descr", "'")
        shape = field("shape", ")").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        payload = Array(bytes[(start + headerLength)...])
    }

    var uint8s: [UInt8] { payload }
    var int8s: [Int8] { payload.map { Int8(bitPattern: $0) } }
    var floats: [Float] {
        payload.withUnsafeBytes { raw in (0..<payload.count / 4).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
    }
}

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    /// MNIST images (the 200 first test images by default) as pixel/255 floats, one [784] array per image.
    static func images(_ name: String = "mnist_test_200_images.npy") throws -> [[Float]] {
        let npy = try Npy(url(name))
        let pixels = npy.uint8s.map { Float($0) / Float(255) }
        return (0..<npy.shape[0]).map { Array(pixels[$0 * 784..<($0 + 1) * 784]) }
    }
    static func labels() throws -> [UInt8] { try Npy(url("mnist_test_200_labels.npy")).uint8s }
}
