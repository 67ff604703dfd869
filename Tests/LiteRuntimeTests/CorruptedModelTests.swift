import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

/// SplitMix64, so that failures reproduce.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Corrupted fixtures that still decode must either be refused by `Interpreter.init` with an
/// error or run; nothing may crash. Only decodable variants reach the interpreter, so the
/// corruptions here target the model's numbers (shapes, indices, options, scales) rather than
/// its structure: overwrites of aligned 32-bit values and single bytes.
@Test(arguments: ["int8_uint8", "dynamic", "f16"])
func corruptedModelsNeverCrashTheInterpreter(name: String) throws {
    let original = [UInt8](try Data(contentsOf: Fixtures.url("\(name).tflite")))
    // LITE_FUZZ_SEED / LITE_FUZZ_COUNT run a longer or different campaign without editing the test.
    let environment = ProcessInfo.processInfo.environment
    var rng = SeededGenerator(state: environment["LITE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 2024)
    var prepared = 0, refused = 0
    let zeros = [Float](repeating: 0.5, count: 784)
    for _ in 0..<(environment["LITE_FUZZ_COUNT"].flatMap { Int($0) } ?? 500) {
        var bytes = original
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            if Bool.random(using: &rng) {
                let at = Int.random(in: 0..<bytes.count / 4, using: &rng) * 4
                let value = [0, 1, 2, 3, 4, 16, 0xffff_ffff, 0x7fff_ffff, UInt32.random(in: 0...64, using: &rng)]
                    .randomElement(using: &rng)!
                for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
            } else {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        }
        guard let model = try? LiteModel.read(bytes: bytes) else { continue }
        do {
            let interpreter = try Interpreter(model: model)
            if interpreter.inputs.first?.shape.reduce(1, *) == 784 { try interpreter.setInput(realValues: zeros) }
            interpreter.invoke()
            prepared += 1
        } catch is LiteRuntimeError {
            refused += 1
        } catch is LiteFormatError {
            refused += 1
        }
    }
    #expect(prepared + refused > 50)
}
