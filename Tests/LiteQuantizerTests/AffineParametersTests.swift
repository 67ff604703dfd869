import Testing
@testable import LiteQuantizer

/// TensorFlow's activation rule, with the calibrated ranges of an int8 CNN TensorFlow converted.
@Suite struct AffineParametersTests {
    @Test func logitsRangeGivesTensorFlowsScaleAndZeroPoint() {
        let p = AffineParameters.activation(min: -16.79556655883789, max: 11.902778625488281)
        #expect(p.scale == Float(0.1125425323843956))
        #expect(p.zeroPoint == 21)
    }

    @Test func reluRangeUsesTheWholeInt8Range() {
        let p = AffineParameters.activation(min: 0, max: 1.3929095268249512)
        #expect(p.scale == Float(0.005462390370666981))
        #expect(p.zeroPoint == -128)
    }

    @Test func unitInputRange() {
        let p = AffineParameters.activation(min: 0, max: 1)
        #expect(p.scale == Float(1.0 / 255.0))
        #expect(p.zeroPoint == -128)
    }

    @Test func rangeIsWidenedToContainZero() {
        // [2, 4] becomes [0, 4]: scale 4/255, zero at the bottom.
        #expect(AffineParameters.activation(min: 2, max: 4) == AffineParameters(scale: Float(4.0 / 255.0), zeroPoint: -128))
        // [-4, -2] becomes [-4, 0]: zero at the top.
        #expect(AffineParameters.activation(min: -4, max: -2) == AffineParameters(scale: Float(4.0 / 255.0), zeroPoint: 127))
    }

    @Test func emptyRangeIsWidenedToTwoMillionths() {
        // [0, 0] → [-1e-6, 1e-6]: the zero point lands at the −0.5 tie (which side depends on
        // the last bit of 1e-6/scale), never at −128.
        let p = AffineParameters.activation(min: 0, max: 0)
        #expect(p.scale == Float(2e-6 / 255))
        #expect((-1...0).contains(p.zeroPoint))
    }

    @Test func nonFiniteRangeDoesNotTrap() {
        let p = AffineParameters.activation(min: -.infinity, max: .nan)
        #expect(p.scale > 0)
    }

    @Test func quantizeRoundsHalfAwayFromZero() {
        let p = AffineParameters(scale: 0.5, zeroPoint: 0)
        #expect([0.25, 0.75, -0.25, -0.75, 1.25, -1.25].map { p.quantize($0) } == [1, 2, -1, -2, 3, -3])
        #expect(p.quantize(1e9) == 127)
        #expect(p.quantize(-1e9) == -128)
        #expect(p.quantize(.nan) == 0)
    }

    @Test func softmaxOutputIsFixed() {
        #expect(AffineParameters.int8Softmax == AffineParameters(scale: 0.00390625, zeroPoint: -128))
    }
}
