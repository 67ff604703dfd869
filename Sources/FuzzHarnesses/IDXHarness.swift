import Foundation
import LabData

/// IDX files (raw or gzip): the whole-file parser, and the record-range reader that seeks in a raw
/// file or streams a gzip one (through a file in a private temporary folder).
enum IDXHarness {
    /// Small on purpose: large claimed sizes must be refused, not allocated.
    static let byteLimit = 1 << 20

    static func run(_ input: Data) {
        let bytes = [UInt8](input)
        _ = (try? IDXFile.parse(bytes, name: "fuzz.idx", byteLimit: byteLimit))?.encoded()
        guard let file = try? ScratchFile.shared.write(input) else { return }
        // The wanted records come from the last input byte, so the fuzzer explores ranges too.
        let pick = Int(bytes.last ?? 0)
        _ = try? IDXFile.read(contentsOf: file, records: { count in
            let start = count == 0 ? 0 : pick % (count + 1)
            return start..<start + (pick & 7)
        }, byteLimit: byteLimit)
    }
}

/// One file in a folder of its own under the system temporary folder, rewritten for every input
/// and removed when the process exits.
final class ScratchFile: @unchecked Sendable {
    static let shared = ScratchFile()
    private let lock = NSLock()
    private let folder: URL
    private let url: URL

    private init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-fuzz-\(getpid())-\(UUID().uuidString)")
        url = folder.appendingPathComponent("input")
        atexit { ScratchFile.shared.removeFolder() }
    }

    func write(_ data: Data) throws -> URL {
        try lock.withLock {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: url)
            return url
        }
    }

    private func removeFolder() { try? FileManager.default.removeItem(at: folder) }
}
