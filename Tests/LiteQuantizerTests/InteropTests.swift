import Foundation
import Testing
import LiteFormat
@testable import LiteQuantizer

/// Every variant we write loads in LiteRT and computes what TensorFlow's files compute.
@Suite(.enabled(if: LiteRT.available, Comment(rawValue: LiteRT.skipMessage)))
struct InteropTests {
    @Test(arguments: [ModelVariant.float32, .float16, .dynamic])
    func floatVariantsMatchTensorFlowsFilesInLiteRT(variant: ModelVariant) throws {
        let images = try Fixtures.testImages()
        let model = try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: variant)).model
        let ours = try LiteRT.run(model, samples: images, inputShape: [28, 28, 1])
        let expectedName = ["float32": "expected_f32", "float16": "expected_f16", "dynamic": "expected_dynamic"][variant.rawValue]!
        let expected = try Npy.read(Fixtures.url("\(expectedName).npy")).values
        var worst = 0.0
        for (i, row) in ours.enumerated() {
            for (j, v) in row.enumerated() { worst = max(worst, abs(v - expected[i * 10 + j])) }
        }
        #expect(worst <= 1e-5, "largest difference from TensorFlow's \(variant) file in LiteRT: \(worst)")
    }
}
