import Testing
@testable import LiteQuantizer

@Suite struct RangeEstimatorTests {
    @Test func minMaxIsTheGlobalExtremes() {
        let r = RangeEstimator.range(of: [0.5, -3, 7, .nan, 2], method: .minMax)
        #expect(r.min == -3 && r.max == 7)
    }

    @Test func percentileUsesNearestRank() {
        let values = (0..<10_000).map(Float.init)
        let r = RangeEstimator.range(of: values, method: .percentile(99))
        // ranks round(0.01 · 9999) = 100 and round(0.99 · 9999) = 9899
        #expect(r.min == 100 && r.max == 9899)
    }

    @Test func entropyClipsAFarOutlier() {
        // 10 000 values spread over [0, 1) and one at 100, 2048 bins of 100/2048. The bulk fills
        // the first 21 bins; the smallest candidate (256 bins, one per level) reproduces it with
        // zero divergence, so the threshold is 256 · 100/2048 = 12.5 instead of 100.
        var values = (0..<10_000).map { Float($0) / 10_000 }
        values.append(100)
        let r = RangeEstimator.range(of: values, method: .entropy)
        #expect(r.min == 0)
        #expect(r.max == 12.5)
    }

    @Test func entropyOfSignedValuesIsSymmetric() {
        var values = (0..<10_000).map { Float($0) / 5_000 - 1 }   // [-1, 1)
        values += [-100, 100]
        // Signed: |x| histogram, 128 levels per side, so the smallest candidate is 128 · 100/2048.
        let r = RangeEstimator.range(of: values, method: .entropy)
        #expect(r.max == 6.25)
        #expect(r.min == -6.25)
    }

    @Test func mseBalancesClippingAgainstResolution() {
        // 100 000 values evenly over [0, 1) and one at 10. Clipping to [0, 10α] costs the outlier
        // (10 − 10α)² and the bulk 1e5 · (10α/255)²/12; the sum is smallest at α = 100/112.8 ≈ 0.89.
        var values = (0..<100_000).map { Float($0) / 100_000 }
        values.append(10)
        let r = RangeEstimator.range(of: values, method: .mse)
        #expect(r.min == 0)
        #expect(r.max > 8.3 && r.max < 9.4)
    }

    @Test func methodNamesParse() {
        #expect(CalibrationMethod(name: "minmax") == .minMax)
        #expect(CalibrationMethod(name: "percentile", percentile: 99.9) == .percentile(99.9))
        #expect(CalibrationMethod(name: "entropy") == .entropy)
        #expect(CalibrationMethod(name: "mse") == .mse)
        #expect(CalibrationMethod(name: "median") == nil)
    }
}
