import Testing
@testable import LiteQuantizer

@Suite struct WeightQuantizationTests {
    @Test func perChannelScalesAreMaxAbsOver127() {
        // Two output channels of three weights each: scales 1.27/127 = 0.01 and 2.54/127 = 0.02.
        // Scales are computed in double from the stored float32 maximum.
        let w = WeightQuantization.weights([0.5, -1.27, 0.014, 2.54, 0.012, -0.034], shape: [2, 3])
        #expect(w.scales == [Float(Double(Float(1.27)) / 127), Float(Double(Float(2.54)) / 127)])
        #expect(w.values == [50, -127, 1, 127, 1, -2])   // 1.4 → 1; 0.6 → 1; −1.7 → −2
        #expect(w.axis == 0)
    }

    @Test func perTensorUsesOneScale() {
        let w = WeightQuantization.weights([0.5, -1.26, 0.014, 2.54, 0.012, -0.034], shape: [2, 3], perChannel: false)
        #expect(w.scales == [Float(Double(Float(2.54)) / 127)])
        #expect(w.values == [25, -63, 1, 127, 1, -2])  // 25, −63, 0.7 → 1, 127, 0.6 → 1, −1.7 → −2
    }

    @Test func lastAxisChannels() {
        // Depthwise layout [1, 1, 2, 2]: channels run along the last axis.
        let w = WeightQuantization.weights([1.5, -4, -2, 3], shape: [1, 1, 2, 2], axis: 3)
        #expect(w.scales == [Float(2.0 / 127), Float(4.0 / 127)])
        #expect(w.values == [95, -127, -127, 95])   // 1.5 · 127/2 = 95.25; 3 · 127/4 = 95.25
    }

    @Test func allZeroChannelGetsATinyScale() {
        let w = WeightQuantization.weights([0, 0, 1, -1], shape: [2, 2])
        #expect(w.scales[0] == Float(5e-7 / 127))
        #expect(w.values == [0, 0, 127, -127])
    }

    @Test func biasScaleIsInputScaleTimesWeightScale() {
        let b = WeightQuantization.bias([1.0, -0.15625], inputScale: 0.5, weightScales: [0.25, 0.125])
        #expect(b.scales == [0.125, 0.0625])
        #expect(b.values == [8, -3])   // −0.15625/0.0625 = −2.5 → −3
    }

    @Test func hugeBiasSaturates() {
        let b = WeightQuantization.bias([1e30, -1e30, .nan], inputScale: 1e-3, weightScales: [1e-3])
        #expect(b.values == [Int32.max, Int32.min, 0])
        #expect(b.scales.count == 1)
    }
}
