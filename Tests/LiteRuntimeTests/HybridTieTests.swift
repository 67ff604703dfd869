import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

/// Images on which a dynamic-range model's per-image input quantization meets rounding ties
/// (`x/scale` ending in .5 with the offset −128), with LiteRT `BUILTIN_REF`'s outputs
/// (Benchmarks/make_hybrid_fixture.py). Rounding `offset + x/scale` instead of `x/scale` moved
/// these outputs by up to 7e-4; on all 10,000 test images labrun now stays within 4e-9.
@Suite struct HybridTieTests {
    @Test(arguments: ["dynamic", "labrun_dynamic"], [InterpreterOptions.Kernels.reference, .fast])
    func hybridModelsMatchLiteRTReferenceOnRoundingTies(model: String, kernels: InterpreterOptions.Kernels) throws {
        let interpreter = try Interpreter(model: LiteModel.read(Data(contentsOf: Fixtures.url("\(model).tflite"))),
                                          options: InterpreterOptions(kernels: kernels))
        var ours: [Float] = []
        for image in try Fixtures.images("hybrid_ties_images.npy") {
            try interpreter.setInput(realValues: image)
            interpreter.invoke()
            ours += try interpreter.output(as: Float.self)
        }
        let theirs = try Npy(Fixtures.url("expected_hybrid_ties_\(model).npy")).floats
        #expect(ours.count == 200 && theirs.count == 200)
        let maxError = zip(ours, theirs).map { abs($0 - $1) }.max() ?? .infinity
        #expect(maxError <= 1e-6, "\(model): max |labrun − LiteRT REF| = \(maxError)")
    }
}
