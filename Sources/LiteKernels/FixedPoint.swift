/// gemmlowp fixed-point functions used by the int8 softmax. A raw Int32 `v` with `n` integer
/// bits represents `v / 2^(31−n)`; `+`/`−` wrap like the C++ int32 arithmetic.
public enum FixedPoint {
    /// `exp(a)` for `a ≤ 0` given in Q5.26, result in Q0.31 (gemmlowp `exp_on_negative_values`).
    public static func expOnNegativeValues(_ a: Int32) -> Int32 {
        let quarter: Int32 = 1 << 24  // 0.25 in Q5.26
        let mask = quarter - 1
        let aModQuarterMinusQuarter = (a & mask) &- quarter
        var result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(saturatingShiftLeft(aModQuarterMinusQuarter, 5))
        let remainder = aModQuarterMinusQuarter &- a
        // exp(−2^k) in Q0.31 for k = −2 … 4, applied for each set bit of the remainder.
        @inline(__always) func barrel(_ bit: Int32, _ multiplier: Int32) {
            if remainder & (1 << bit) != 0 { result = saturatingRoundingDoublingHighMul(result, multiplier) }
        }
        barrel(24, 1672461947)
        barrel(25, 1302514674)
        barrel(26, 790015084)
        barrel(27, 290630308)
        barrel(28, 39332535)
        barrel(29, 720401)
        barrel(30, 242)
        return a == 0 ? Int32.max : result
    }

    /// `exp(a)` for `a ∈ [−1/4, 0)` in Q0.31 (Taylor series around −1/8).
    public static func expOnIntervalBetweenNegativeOneQuarterAnd0Excl(_ a: Int32) -> Int32 {
        let constantTerm: Int32 = 1895147668  // exp(−1/8)
        let oneThird: Int32 = 715827883
        let x = a &+ (1 << 28)  // a + 1/8
        let x2 = saturatingRoundingDoublingHighMul(x, x)
        let x3 = saturatingRoundingDoublingHighMul(x2, x)
        let x4 = saturatingRoundingDoublingHighMul(x2, x2)
        let x4Over4 = roundingDivideByPOT(x4, 2)
        let polynomial = roundingDivideByPOT(
            saturatingRoundingDoublingHighMul(x4Over4 &+ x3, oneThird) &+ x2, 1)
        return constantTerm &+ saturatingRoundingDoublingHighMul(constantTerm, x &+ polynomial)
    }

    /// `1 / (1 + a)` for `a ∈ [0, 1)` in Q0.31 (Newton–Raphson, gemmlowp `one_over_one_plus_x_for_x_in_0_1`).
    public static func oneOverOnePlusXForXIn01(_ a: Int32) -> Int32 {
        let halfDenominator = roundingHalfSum(a, Int32.max)  // Q0.31 of (1 + a) / 2
        let constant48Over17: Int32 = 1515870810  // Q2.29
        let constantNeg32Over17: Int32 = -1010580540  // Q2.29
        var x = constant48Over17 &+ saturatingRoundingDoublingHighMul(halfDenominator, constantNeg32Over17)
        for _ in 0..<3 {
            let halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x)
            let oneMinus = (Int32(1) << 29) &- halfDenominatorTimesX
            x = x &+ saturatingShiftLeft(saturatingRoundingDoublingHighMul(x, oneMinus), 2)
        }
        return saturatingShiftLeft(x, 1)
    }

    /// TFLite `GetReciprocal`: `1 / x` for a positive `x` with `integerBits` integer bits, as a Q0.31
    /// value and the number of bits the result must be shifted right (`num_bits_over_unit`).
    public static func reciprocal(_ x: Int32, integerBits: Int) -> (value: Int32, bitsOverUnit: Int) {
        let headroomPlusOne = UInt32(bitPattern: x).leadingZeroBitCount
        let bitsOverUnit = integerBits - headroomPlusOne
        let shifted = Int32(bitPattern: (UInt32(bitPattern: x) << UInt32(headroomPlusOne)) &- 0x8000_0000)
        return (oneOverOnePlusXForXIn01(shifted), bitsOverUnit)
    }

    /// gemmlowp `RoundingHalfSum`: `(a + b + sign) / 2` in Int64 with C truncation.
    public static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        let sign: Int64 = sum >= 0 ? 1 : -1
        return Int32(truncatingIfNeeded: (sum + sign) / 2)
    }

    /// gemmlowp `SaturatingRoundingMultiplyByPOT` for a positive exponent: `x · 2^k`, saturated.
    public static func saturatingShiftLeft(_ x: Int32, _ k: Int32) -> Int32 {
        let threshold = Int32((Int64(1) << Int64(31 - k)) - 1)
        if x > threshold { return .max }
        if x < -threshold { return .min }
        return x << k
    }
}
