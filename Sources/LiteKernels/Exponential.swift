/// `e^x` in float32 without Foundation: the argument is reduced in double (`x = k·ln2 + r`,
/// |r| ≤ ln2/2), a degree-12 Taylor polynomial gives `e^r` to about 1e-17 relative error, and the
/// double result is rounded once to float. This is correctly rounded except in astronomically rare
/// near-tie cases, so it agrees with a C library `expf` to within 1 ulp.
@inline(__always)
public func exponential(_ x: Float) -> Float {
    if x.isNaN { return x }
    if x > 88.8 { return .infinity }
    if x < -104 { return 0 }
    let ln2 = 0.6931471805599453
    let value = Double(x)
    let k = (value / ln2).rounded()
    let r = value - k * ln2  // x has 24 significant bits: the product and difference are exact enough
    var term = 1.0, sum = 1.0
    for n in 1...12 {
        term *= r / Double(n)
        sum += term
    }
    return Float(Double(sign: .plus, exponent: Int(k), significand: sum))
}
