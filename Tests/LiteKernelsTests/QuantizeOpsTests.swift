import Testing
import LiteKernels

// Expected values: LiteRT BUILTIN_REF on the same inputs.

@Test func quantizeRoundsHalfAwayFromZero() {
    let x: [Float] = [0.25, 0.75, -0.25, -0.75, 1.25, -1.25, -1e9, 1e9, .nan]
    var q = [Int8](repeating: 0, count: x.count)
    quantize(x, count: x.count, scale: 0.5, zeroPoint: 0, output: &q)
    #expect(q == [1, 2, -1, -2, 3, -3, -128, 127, 0])
    var u = [UInt8](repeating: 0, count: 3)
    quantize([Float(0), 1.0 / 255, 1], count: 3, scale: Float(1.0 / 255.0), zeroPoint: 0, output: &u)
    #expect(u == [0, 1, 255])
}

@Test func quantizeUsesFloatDivision() {
    // k·0.05 with scale 0.1: half-way cases decided by the float32 quotient, rounded away from zero.
    for k in -300..<300 {
        let x = Float(k) * 0.05
        var q: [Int8] = [0]
        quantize([x], count: 1, scale: 0.1, zeroPoint: 0, output: &q)
        let expected = Int32(max(min((x / Float(0.1)).rounded(.toNearestOrAwayFromZero), 127), -128))
        #expect(Int32(q[0]) == expected, "x \(x)")
    }
}

@Test func requantizeInt8ToInt8() {
    let p = RequantizeParams(inputScale: 0.02, inputZeroPoint: 3, outputScale: 0.03, outputZeroPoint: -7)
    #expect(p.multiplier == 1431655765 && p.shift == 0)
    let x: [Int8] = [-128, -50, 0, 3, 100, 127]
    var y = [Int8](repeating: 0, count: x.count)
    requantize(x, count: x.count, params: p, output: &y)
    #expect(y == [-94, -42, -9, -7, 58, 76])
}

@Test func requantizeUInt8AndInt8AtTheSameScale() {
    let scale = Float(1.0 / 255.0)
    let toInt8 = RequantizeParams(inputScale: scale, inputZeroPoint: 0, outputScale: scale, outputZeroPoint: -128)
    #expect(toInt8.multiplier == 1 << 30 && toInt8.shift == 1)
    let all = (0...255).map { UInt8($0) }
    var signed = [Int8](repeating: 0, count: 256)
    requantize(all, count: 256, params: toInt8, output: &signed)
    #expect(signed == all.map { Int8(Int($0) - 128) })
    var back = [UInt8](repeating: 0, count: 256)
    let toUInt8 = RequantizeParams(inputScale: scale, inputZeroPoint: -128, outputScale: scale, outputZeroPoint: 0)
    requantize(signed, count: 256, params: toUInt8, output: &back)
    #expect(back == all)
}

@Test func dequantizeIsTheCorrectlyRoundedProduct() {
    let q: [Int8] = [-128, -1, 0, 21, 127]
    var r = [Float](repeating: 0, count: q.count)
    dequantize(q, count: q.count, scale: 0.1125425323843956, zeroPoint: 21, output: &r)
    for i in 0..<q.count {
        #expect(r[i] == Float(0.1125425323843956) * Float(Int(q[i]) - 21))
    }
    var h = [Float](repeating: 0, count: 3)
    dequantizeFloat16([0x3C00, 0xC000, 0x3555], count: 3, output: &h)
    #expect(h == [1, -2, Float(Float16(bitPattern: 0x3555))] && h[2] > 0.333 && h[2] < 0.3334)
}

/// Every 8-bit input through `requantizeFast` and the generic reference, for same-scale and rescaling
/// parameters and zero points at both ends of each type.
@Test func fastRequantizeMatchesTheGenericReference() {
    let scales: [(Float, Float)] = [(1.0 / 255, 1.0 / 255), (0.02, 0.03), (0.5, 0.0039), (0.004, 0.5), (0.1, 0.1)]
    func check<In: FixedWidthInteger, Out: FixedWidthInteger>(
        _: In.Type, _: Out.Type, _ zeroPoints: [(Int32, Int32)],
        _ fast: (UnsafePointer<In>, Int, RequantizeParams, UnsafeMutablePointer<Out>) -> Void) {
        let all = (Int(In.min)...Int(In.max)).map { In(truncatingIfNeeded: $0) }
        for (sIn, sOut) in scales {
            for (zIn, zOut) in zeroPoints {
                let p = RequantizeParams(inputScale: sIn, inputZeroPoint: zIn, outputScale: sOut, outputZeroPoint: zOut)
                var expected = [Out](repeating: 0, count: all.count), actual = expected
                requantize(all, count: all.count, params: p, output: &expected)
                fast(all, all.count, p, &actual)
                #expect(actual == expected, "\(In.self)→\(Out.self) scales \(sIn)/\(sOut) zero points \(zIn)/\(zOut)")
            }
        }
    }
    let signed: [Int32] = [-128, -3, 0, 127], unsigned: [Int32] = [0, 128, 255]
    check(UInt8.self, Int8.self, unsigned.flatMap { u in signed.map { (u, $0) } }) {
        requantizeFast($0, count: $1, params: $2, output: $3)
    }
    check(Int8.self, UInt8.self, signed.flatMap { s in unsigned.map { (s, $0) } }) {
        requantizeFast($0, count: $1, params: $2, output: $3)
    }
    check(Int8.self, Int8.self, signed.flatMap { s in signed.map { (s, $0) } }) {
        requantizeFast($0, count: $1, params: $2, output: $3)
    }
    check(UInt8.self, UInt8.self, unsigned.flatMap { u in unsigned.map { (u, $0) } }) {
        requantizeFast($0, count: $1, params: $2, output: $3)
    }
    // The same-scale path is the plain zero-point shift of the chapter's uint8 model.
    let toInt8 = RequantizeParams(inputScale: 1.0 / 255, inputZeroPoint: 0, outputScale: 1.0 / 255, outputZeroPoint: -128)
    var y = [Int8](repeating: 0, count: 3)
    requantizeFast([UInt8(0), 128, 255], count: 3, params: toInt8, output: &y)
    #expect(y == [-128, 0, 127])
}
