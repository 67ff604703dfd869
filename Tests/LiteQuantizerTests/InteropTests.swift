import Foundation
import Testing
import LiteFormat
import LiteRuntime
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
        let interpreter = try Interpreter(model: model)
        var worst = 0.0, worstOurs = 0.0
        for (i, row) in ours.enumerated() {
            try interpreter.setInput(images[i])
            interpreter.invoke()
            let mine = try interpreter.output(as: Float.self)
            for (j, v) in row.enumerated() {
                worst = max(worst, abs(v - expected[i * 10 + j]))
                worstOurs = max(worstOurs, abs(v - Double(mine[j])))
            }
        }
        #expect(worst <= 1e-5, "largest difference from TensorFlow's \(variant) file in LiteRT: \(worst)")
        #expect(worstOurs <= 1e-5, "largest difference between LiteRT and our Interpreter: \(worstOurs)")
    }
}

/// int8 files: LiteRT's reference kernels and our Interpreter give identical outputs.
@Suite(.enabled(if: LiteRT.available && Fixtures.mnistAvailable,
                Comment(rawValue: LiteRT.skipMessage + "; or " + Fixtures.mnistSkipMessage)))
struct Int8InteropTests {
    static let variants: [(IOType, Bool)] = [(.uint8, true), (.int8, true), (.float, true), (.uint8, false)]

    @Test(arguments: 0..<variants.count)
    func int8OutputsAreIdenticalInLiteRTAndOurInterpreter(variant: Int) throws {
        let (io, perChannel) = Self.variants[variant]
        let model = try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: .int8, io: io, perChannel: perChannel),
                                          ranges: try Fixtures.chapterRanges.get()).model
        let images = try Fixtures.testImages()
        let litert = try LiteRT.run(model, samples: images, inputShape: [28, 28, 1])
        let interpreter = try Interpreter(model: model)
        var differing = 0
        var correct = 0
        let labels = try Npy.read(Fixtures.url("mnist_test_200_labels.npy")).values
        for (i, image) in images.enumerated() {
            try interpreter.setInput(realValues: image)
            interpreter.invoke()
            let ours: [Double]
            switch io {
            case .uint8: ours = try interpreter.output(as: UInt8.self).map(Double.init)
            case .int8: ours = try interpreter.output(as: Int8.self).map(Double.init)
            case .float: ours = try interpreter.output(as: Float.self).map(Double.init)
            }
            if ours != litert[i] { differing += 1 }
            if ours.indices.max(by: { ours[$0] < ours[$1] }) == Int(labels[i]) { correct += 1 }
        }
        #expect(differing == 0, "io \(io), per-channel \(perChannel): \(differing) of \(images.count) images differ")
        #expect(correct >= 190, "accuracy \(correct)/200")
    }
}
