import Testing
@testable import LiteQuantizer

@Suite struct WeightOnlyRoundingTests {
    @Test func roundsEachChannelToItsOwnGrid() {
        // Two output channels (axis 0) of three weights; 2 bits gives levels {-s, 0, s}.
        let w: [Float] = [0.9, -0.2, 0.5, 0.01, 0.04, -0.03]
        let r = WeightOnlyRounding.rounded(w, shape: [2, 3], axis: 0, qmax: 1)
        #expect(r == [0.9, 0, 0.9, 0, 0.04, -0.04])
        // 4 bits: 7 levels each side; channel scale 0.9/7.
        let r4 = WeightOnlyRounding.rounded([0.9, -0.2, 0.5], shape: [1, 3], axis: 0, qmax: 7)
        let s: Float = 0.9 / 7
        #expect(r4 == [7 * s, -2 * s, 4 * s])
    }

    @Test func depthwiseChannelsAreTheLastAxis() {
        // shape [1, 1, 2, 2]: channel = index % 2.
        let r = WeightOnlyRounding.rounded([1, 0.09, -0.4, 0.2], shape: [1, 1, 2, 2], axis: 3, qmax: 1)
        #expect(r == [1, 0, 0, 0.2])
    }
}
