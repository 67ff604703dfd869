import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

/// Runs a converter-written model on the 200 fixture images and returns every output as Float
/// (raw integer values for int8/uint8 outputs, so they compare exactly with the .npy).
private func runFixture(_ name: String, options: InterpreterOptions) throws -> [Float] {
    let model = try LiteModel.read(Data(contentsOf: Fixtures.url("\(name).tflite")))
    let interpreter = try Interpreter(model: model, options: options)
    var outputs: [Float] = []
    for image in try Fixtures.images() {
        try interpreter.setInput(realValues: image)
        interpreter.invoke()
        switch interpreter.outputs[0].type {
        case .int8: outputs += try interpreter.output(as: Int8.self).map(Float.init)
        case .uint8: outputs += try interpreter.output(as: UInt8.self).map(Float.init)
        default: outputs += try interpreter.output(as: Float.self)
        }
    }
    return outputs
}

private func expected(_ name: String) throws -> [Float] {
    let npy = try Npy(Fixtures.url("expected_\(name).npy"))
    switch npy.descr {
    case "|i1": return npy.int8s.map(Float.init)
    case "|u1": return npy.uint8s.map(Float.init)
    default: return npy.floats
    }
}

@Test(arguments: ["int8_uint8", "int8_int8"], [InterpreterOptions.Kernels.reference, .fast])
func fullIntegerFixtureMatchesLiteRTReferenceBitForBit(name: String, kernels: InterpreterOptions.Kernels) throws {
    let ours = try runFixture(name, options: InterpreterOptions(kernels: kernels, rescale: .reference))
    let theirs = try expected(name)
    #expect(ours.count == 2000)
    #expect(ours == theirs)
}

@Test(arguments: ["f32", "f16", "dynamic"])
func floatFixtureMatchesLiteRTReference(name: String) throws {
    let ours = try runFixture(name, options: InterpreterOptions())
    let theirs = try expected(name)
    #expect(ours.count == theirs.count)
    let maxError = zip(ours, theirs).map { abs($0 - $1) }.max() ?? .infinity
    #expect(maxError <= 1e-6, "\(name): max |ours − LiteRT REF| = \(maxError)")
}

@Test func integerRescaleStillClassifiesLikeTheReference() throws {
    // TFLite Micro's integer FC rescale may differ from LiteRT REF by 1 on rare ties; the
    // predicted digits must not change.
    let micro = try runFixture("int8_int8", options: InterpreterOptions(kernels: .fast, rescale: .micro))
    let reference = try expected("int8_int8")
    #expect(zip(micro, reference).allSatisfy { abs($0 - $1) <= 1 })
    let argmax = { (v: [Float]) in stride(from: 0, to: v.count, by: 10).map { i in (0..<10).max { v[i + $0] < v[i + $1] }! } }
    #expect(argmax(micro) == argmax(reference))
}

/// The dynamic-range model's hybrid kernels sum integers, and its float layers keep separate rounding
/// (see `Interpreter.floatAccumulation`), so fast and reference kernels agree bit for bit.
@Test func hybridFixtureFastKernelsEqualReferenceKernelsBitForBit() throws {
    let fast = try runFixture("dynamic", options: InterpreterOptions(kernels: .fast))
    let reference = try runFixture("dynamic", options: InterpreterOptions(kernels: .reference))
    #expect(fast.count == 2000)
    #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
}

/// The fast float kernels fuse multiply and add (FMA), so they round differently from the reference
/// loops (LiteRT's XNNPACK path differs from its reference kernels the same way). The softmax outputs
/// may move by a few float ulps of 1, far below the 1e-6 we allow against LiteRT, and no digit changes.
@Test(arguments: ["f32", "f16"])
func floatFixtureFastKernelsStayCloseToReferenceKernels(name: String) throws {
    let fast = try runFixture(name, options: InterpreterOptions(kernels: .fast))
    let reference = try runFixture(name, options: InterpreterOptions(kernels: .reference))
    #expect(fast.count == 2000 && reference.count == 2000)
    let maxError = zip(fast, reference).map { abs($0 - $1) }.max() ?? .infinity
    #expect(maxError <= 1e-6, "\(name): max |fast − reference| = \(maxError)")
    let argmax = { (v: [Float]) in stride(from: 0, to: v.count, by: 10).map { i in (0..<10).max { v[i + $0] < v[i + $1] }! } }
    #expect(argmax(fast) == argmax(reference))
}
