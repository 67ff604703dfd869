import Foundation

/// A value label short enough for a bar: 4 significant digits, no exponent for everyday magnitudes.
func shortNumber(_ v: Double) -> String {
    guard v.isFinite else { return String(v) }
    if v == v.rounded() && abs(v) < 1e7 { return String(Int(v)) }
    let a = abs(v)
    if a >= 0.001 && a < 1e7 {
        let decimals = max(0, 3 - Int(log10(a).rounded(.down)))
        var s = String(format: "%.\(decimals)f", v)
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
        return s
    }
    return String(format: "%.2e", v)
}
