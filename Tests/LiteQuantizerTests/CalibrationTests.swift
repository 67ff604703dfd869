import Testing
import LiteFormat
@testable import LiteQuantizer

/// Calibrating TensorFlow's float32 file on the images TensorFlow calibrated on (the first 200
/// training images, one per batch) must reproduce TensorFlow's own int8 file's activations.
@Suite(.enabled(if: Fixtures.mnistAvailable, Comment(rawValue: Fixtures.mnistSkipMessage)))
struct CalibrationTests {
    @Test func activationParametersMatchTensorFlowsInt8File() throws {
        let samples = try Fixtures.firstTrainingImages(200)
        let out = try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: .int8, io: .int8), samples: samples)
        let tf = try Fixtures.model("int8_int8")
        // TensorFlow's tensor indices (see Tests/Fixtures/intermediates/int8_int8/manifest.txt).
        let pairs: [(String, Int)] = [("input", 0), ("conv1", 8), ("pool1", 9), ("conv2", 10), ("pool2", 11),
                                      ("reshape1", 12), ("fc1", 13), ("output", 14)]
        for (name, index) in pairs {
            let ours = try #require(Fixtures.tensor(out.model, name)?.quantization)
            let theirs = try #require(tf.subgraphs[0].tensors[index].quantization)
            let relative = abs(Double(ours.scale[0]) - Double(theirs.scale[0])) / Double(theirs.scale[0])
            #expect(relative <= 1e-5, "\(name): scale \(ours.scale[0]) vs TensorFlow's \(theirs.scale[0])")
            #expect(ours.zeroPoint == theirs.zeroPoint, "\(name)")
        }
        // Every int32 bias equals TensorFlow's once the input scales agree.
        for (name, index) in [("conv1.b", 6), ("conv2.b", 4), ("fc1.b", 2)] {
            let ours = try #require(Fixtures.tensor(out.model, name))
            let theirs = tf.subgraphs[0].tensors[index]
            #expect(out.model.buffers[Int(ours.buffer)].int32s == tf.buffers[Int(theirs.buffer)].int32s, "\(name)")
        }
    }

    @Test func activationRecordsSayWhereParametersCameFrom() throws {
        let samples = try Fixtures.firstTrainingImages(20)
        let out = try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: .int8, io: .uint8), samples: samples)
        let sources = Dictionary(uniqueKeysWithValues: out.activations.map { ($0.tensor, $0.source) })
        #expect(sources["conv1"] == .calibrated)
        #expect(sources["pool1"] == .inherited)
        #expect(sources["reshape1"] == .inherited)
        #expect(sources["softmax1"] == .fixed)
        let input = try #require(out.activations.first { $0.tensor == "quant1" })
        #expect(input.min == 0 && input.max == 1)
    }

    @Test(arguments: [CalibrationMethod.percentile(99.99), .entropy, .mse])
    func clippingMethodsNarrowReluRanges(method: CalibrationMethod) throws {
        let samples = try Fixtures.firstTrainingImages(50)
        let f32 = try Fixtures.model("f32")
        let minMax = try Quantizer.convert(f32, options: .init(variant: .int8, io: .int8), samples: samples)
        let clipped = try Quantizer.convert(f32, options: .init(variant: .int8, io: .int8, method: method), samples: samples)
        let scale = { (q: QuantizedModel, name: String) in q.activations.first { $0.tensor == name }?.parameters.scale ?? 0 }
        #expect(scale(clipped, "conv1") <= scale(minMax, "conv1"))
        #expect(scale(clipped, "conv2") <= scale(minMax, "conv2"))
        // The input keeps its observed range, so uint8 pixels stay exact.
        #expect(scale(clipped, "input") == scale(minMax, "input"))
    }

    @Test func wrongSampleSizeIsAClearError() throws {
        #expect(throws: QuantizerError.sampleSize(index: 1, got: 10, expected: 784)) {
            try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: .int8),
                                  samples: [Array(repeating: 0, count: 784), Array(repeating: 0, count: 10)])
        }
        #expect(throws: QuantizerError.noCalibrationData) {
            try Quantizer.convert(try Fixtures.model("f32"), options: .init(variant: .int8))
        }
    }
}
