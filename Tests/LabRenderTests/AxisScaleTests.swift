import Testing
@testable import LabRender

@Suite struct AxisScaleTests {
    @Test func niceStepsAreOneTwoFiveTimesAPowerOfTen() {
        // raw step → the smallest of 1, 2, 5, 10 × 10^k at least as large
        #expect(AxisScale.niceStep(0.7) == 1)
        #expect(AxisScale.niceStep(1) == 1)
        #expect(AxisScale.niceStep(1.3) == 2)
        #expect(AxisScale.niceStep(3) == 5)
        #expect(AxisScale.niceStep(7) == 10)
        #expect(abs(AxisScale.niceStep(0.018) - 0.02) < 1e-15)
        #expect(AxisScale.niceStep(420) == 500)
    }

    @Test func linearTicksCoverTheDataRange() {
        // 0…400.5 in about 5 steps: raw 80.1 → 100; ticks 0…500.
        let sizes = AxisScale.linear(0, 400.5)
        #expect(sizes.ticks == [0, 100, 200, 300, 400, 500])
        #expect(sizes.label(300) == "300")
        // 0.905…0.991: raw 0.0172 → 0.02; 0.90…1.00 in six ticks, labelled with two decimals.
        let accuracy = AxisScale.linear(0.905, 0.991)
        #expect(accuracy.ticks.count == 6)
        #expect(abs(accuracy.lower - 0.90) < 1e-12 && abs(accuracy.upper - 1.0) < 1e-12)
        #expect(accuracy.ticks.map(accuracy.label) == ["0.90", "0.92", "0.94", "0.96", "0.98", "1.00"])
        // -0.25…0.25: raw 0.1 → 0.1; labels keep one decimal and print zero without a sign.
        let weights = AxisScale.linear(-0.25, 0.25)
        #expect(weights.ticks.map(weights.label) == ["-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"])
    }

    @Test func positionAxesEndAtTheDataWithTicksInside() {
        // 256 int8 code bins, -128.5…127.5: raw step 256 / 6 ≈ 42.7 → 50.
        let codes = AxisScale.linearWithin(-128.5, 127.5)
        #expect(codes.ticks == [-100, -50, 0, 50, 100])
        #expect(codes.lower == -128.5 && codes.upper == 127.5)
        #expect(codes.fraction(-128.5) == 0 && codes.fraction(127.5) == 1)
        // 1…4: raw 0.5 → 0.5; the ends are ticks too. Whole-number data (epochs) steps by 1 at least.
        #expect(AxisScale.linearWithin(1, 4).ticks == [1, 1.5, 2, 2.5, 3, 3.5, 4])
        let epochs = AxisScale.linearWithin(1, 4, wholeNumbers: true)
        #expect(epochs.ticks == [1, 2, 3, 4] && epochs.label(2) == "2")
    }

    @Test func aSingleValueStillGetsARange() {
        #expect(AxisScale.linear(5, 5).ticks.first! < 5)
        #expect(AxisScale.linear(5, 5).ticks.last! > 5)
        #expect(AxisScale.linear(0, 0).ticks == [-1, -0.5, 0, 0.5, 1].map { $0 })
    }

    @Test func logarithmicTicksArePowersOfTen() {
        let loss = AxisScale.logarithmic(0.05, 0.9)
        #expect(loss.ticks == [0.01, 0.1, 1])
        #expect(loss.ticks.map(loss.label) == ["0.01", "0.1", "1"])
        #expect(abs(loss.fraction(0.1) - 0.5) < 1e-12)
        let wide = AxisScale.logarithmic(1e-6, 1e6)
        #expect(wide.ticks.count <= 9)
        #expect(wide.label(1e-6) == "1e-6")
    }

    @Test func fractionsMapTheAxisEndsToZeroAndOne() {
        let s = AxisScale.linear(0, 400.5)
        #expect(s.fraction(0) == 0 && s.fraction(500) == 1 && s.fraction(250) == 0.5)
    }
}
