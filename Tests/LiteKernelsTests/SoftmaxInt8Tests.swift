import Testing
import LiteKernels

// Expected values: LiteRT BUILTIN_REF on the same inputs.

func runSoftmax(_ row: [Int8], inputScale: Float) throws -> [Int8] {
    let params = try #require(SoftmaxParams(beta: 1, inputScale: inputScale))
    var output = [Int8](repeating: 0, count: row.count)
    row.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
            softmax(params: params, rows: 1, depth: row.count, input: x.baseAddress!, output: y.baseAddress!)
        }
    }
    return output
}

@Test func softmaxPreparation() throws {
    let cases: [(Float, Int32, Int, Int32)] = [
        (0.1, 1717986944, 23, -248), (0.1125425323843956, 1933465984, 23, -248),
        (0.5, 1073741824, 26, -31), (0.01, 1374389504, 20, -1984),
    ]
    for (scale, m, shift, diffMin) in cases {
        let p = try #require(SoftmaxParams(beta: 1, inputScale: scale))
        #expect(p.inputMultiplier == m && p.inputLeftShift == shift && p.diffMin == diffMin, "scale \(scale)")
    }
    #expect(SoftmaxParams(beta: 1, inputScale: 1e-9) == nil)  // real multiplier ≤ 1: LiteRT aborts
}

@Test func softmaxWorkedTraceIntermediates() throws {
    let p = try #require(SoftmaxParams(beta: 1, inputScale: 0.1))
    let diffs: [Int32] = [-30, -20, -10, 0]
    let scaled = diffs.map { saturatingRoundingDoublingHighMul($0 &* (1 << 23), p.inputMultiplier) }
    #expect(scaled == [-201326595, -134217730, -67108865, 0])
    let exps = scaled.map(FixedPoint.expOnNegativeValues)
    #expect(exps == [106916886, 290630233, 790014891, 2147483647])
    let terms = exps.map { roundingDivideByPOT($0, 12) }
    #expect(terms == [26103, 70955, 192875, 524288])
    let sum = terms.reduce(0, +)
    #expect(sum == 814221)
    let (reciprocal, bitsOverUnit) = FixedPoint.reciprocal(sum, integerBits: 12)
    #expect(reciprocal == 1382793992 && bitsOverUnit == 0)
    let unsaturated = exps.map { roundingDivideByPOT(saturatingRoundingDoublingHighMul(reciprocal, $0), bitsOverUnit + 23) }
    #expect(unsaturated == [8, 22, 61, 165])
    #expect(try runSoftmax([10, 20, 30, 40], inputScale: 0.1) == [-120, -106, -67, 37])
}

@Test func softmaxExtraRows() throws {
    #expect(try runSoftmax([Int8](repeating: 0, count: 10), inputScale: 0.1) == [Int8](repeating: -102, count: 10))
    #expect(try runSoftmax([127, -128], inputScale: 0.1) == [127, -128])
    #expect(try runSoftmax([100, 60], inputScale: 0.5) == [127, -128])
    #expect(try runSoftmax([-12, 3, 25, 7, -40, 0, 18, 25, -3, 9], inputScale: 0.1125425323843956)
            == [-127, -121, -41, -117, -128, -123, -89, -41, -124, -114])
}
