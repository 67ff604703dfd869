import Foundation
import Testing
@testable import LiteFormat

/// A fixture written by TensorFlow 2.21 (full-int8 chapter CNN with uint8 I/O).
let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/int8_uint8.tflite")

/// Applies one random corruption: bit flips, byte overwrites, a hostile u32, or a truncation.
func corrupt(_ original: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
    var bytes = original
    switch rng.next() % 4 {
    case 0:
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
        }
    case 1:
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = [0, 0xff, 0x7f, 0x80, UInt8.random(in: 0...255, using: &rng)]
                .randomElement(using: &rng)!
        }
    case 2:
        // Offsets, counts and sizes are u32s on 4-byte boundaries: hit them with extreme values.
        let at = Int.random(in: 0..<bytes.count / 4, using: &rng) * 4
        let value: UInt32 = [0, 1, 4, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff, 0xffff_fffc, UInt32.random(in: 0...256, using: &rng)]
            .randomElement(using: &rng)!
        for i in 0..<4 where at + i < bytes.count { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    default:
        bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
    }
    return bytes
}

/// Reads 10,000 corrupted variants of a file: each must decode or throw `LiteFormatError`;
/// a crash ends the test process. Variants that still decode must re-serialize.
func fuzz(_ original: [UInt8], seed: UInt64) -> (decoded: Int, rejected: Int, otherErrors: [String]) {
    var rng = SeededGenerator(state: seed)
    var decoded = 0, rejected = 0, others: [String] = []
    for iteration in 0..<10_000 {
        let bytes = corrupt(original, using: &rng)
        do {
            let model = try LiteModel.read(bytes: bytes)
            _ = model.serialized()
            decoded += 1
        } catch is LiteFormatError {
            rejected += 1
        } catch {
            others.append("variant \(iteration): \(error)")
        }
    }
    return (decoded, rejected, others)
}

@Test func tenThousandCorruptionsOfAWrittenModelNeverCrash() {
    let result = fuzz(TestModels.int8CNN().serialized(), seed: 42)
    #expect(result.otherErrors.isEmpty)
    #expect(result.rejected > 1000) // most corruptions of structure must be noticed
}

@Test func tenThousandCorruptionsOfATensorFlowFixtureNeverCrash() throws {
    let original = [UInt8](try Data(contentsOf: fixtureURL))
    _ = try LiteModel.read(bytes: original)
    let result = fuzz(original, seed: 7)
    #expect(result.otherErrors.isEmpty)
    #expect(result.rejected > 1000)
}
