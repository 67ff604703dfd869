import Foundation

/// A minimal reader of the `.npy` fixtures (version 1/2 headers, little-endian, C order).
struct NumpyFile {
    let dtype: String
    let shape: [Int]
    let data: Data

    init(contentsOf url: URL) throws {
        let bytes = try Data(contentsOf: url)
        guard bytes.count > 10, bytes.prefix(6) == Data([0x93]) + Data("NUMPY".utf8) else {
            throw FixtureError("\(url.path): not an .npy file")
        }
        let major = bytes[bytes.startIndex + 6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[bytes.startIndex + 8]) | Int(bytes[bytes.startIndex + 9]) << 8
            headerStart = 10
        } else {
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[bytes.startIndex + 8 + $1]) << (8 * $1) }
            headerStart = 12
        }
        let header = String(decoding: bytes[(bytes.startIndex + headerStart)..<(bytes.startIndex + headerStart + headerLength)],
                            as: UTF8.self)
        guard let descr = header.firstMatch(of: /'descr':\s*'([^']*)'/)?.1,
              let shapeText = header.firstMatch(of: /'shape':\s*\(([^)]*)\)/)?.1 else {
            throw FixtureError("\(url.path): unreadable header \(header)")
        }
        guard !header.contains("'fortran_order': True") else { throw FixtureError("\(url.path): Fortran order") }
        dtype = String(descr)
        shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        data = bytes.subdata(in: (bytes.startIndex + headerStart + headerLength)..<bytes.endIndex)
    }

    func array<T>(of type: T.Type) -> [T] {
        let count = data.count / MemoryLayout<T>.stride
        return data.withUnsafeBytes { raw in (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) } }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `Tests/Fixtures`, found from this file's path so that tests run from any directory.
let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

/// One tensor line of `intermediates/<model>/manifest.txt`.
struct ManifestTensor {
    let index: Int
    let shape: [Int]
    let scales: [Float]
    let zeroPoints: [Int32]
}

/// The dumped tensors of one fixture model run in LiteRT BUILTIN_REF.
struct Intermediates {
    let directory: URL
    let tensors: [Int: ManifestTensor]

    init(model: String) throws {
        directory = fixturesDirectory.appendingPathComponent("intermediates/\(model)")
        let text = try String(contentsOf: directory.appendingPathComponent("manifest.txt"), encoding: .utf8)
        var tensors: [Int: ManifestTensor] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("tensor ") {
            let f = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 7, let index = Int(f[1]) else { throw FixtureError("bad manifest line \(line)") }
            tensors[index] = ManifestTensor(index: index, shape: f[3] == "-" ? [] : f[3].split(separator: ",").compactMap { Int($0) },
                                            scales: f[4] == "-" ? [] : f[4].split(separator: ",").compactMap { Float(String($0)) },
                                            zeroPoints: f[5] == "-" ? [] : f[5].split(separator: ",").compactMap { Int32(String($0)) })
        }
        self.tensors = tensors
    }

    func load(_ index: Int) throws -> NumpyFile {
        try NumpyFile(contentsOf: directory.appendingPathComponent("t\(index).npy"))
    }
}
