import Testing
@testable import EngineKernels

/// Deterministic pseudo-random values: `levels` evenly spaced values in [-1, 1), so that a
/// small `levels` gives many ties (which is where max pooling's winner rule shows).
private func levels(_ count: Int, seed: UInt64, levels: Int = 1 << 20) -> [Float] {
    var s = seed
    return (0..<count).map { _ in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int((s >> 33) % UInt64(levels))) / Float(levels) * 2 - 1
    }
}

/// The geometries the fast paths serve (the chapter's two convolutions and two pools) plus
/// odd ones: strides, a width that leaves a column out, channel counts of 1, 5, 8, 16, 32.
private let insideGeometries = [
    WindowGeometry(height: 28, width: 28, channels: 1, kernel: 3, stride: 1, same: false),
    WindowGeometry(height: 13, width: 13, channels: 16, kernel: 3, stride: 1, same: false),
    WindowGeometry(height: 9, width: 7, channels: 5, kernel: 3, stride: 2, same: false),
    WindowGeometry(height: 26, width: 26, channels: 16, kernel: 2, stride: 2, same: false),
    WindowGeometry(height: 11, width: 11, channels: 32, kernel: 2, stride: 2, same: false),
    WindowGeometry(height: 7, width: 8, channels: 8, kernel: 3, stride: 2, same: false),
]

@Test func im2colOfATinyImageByHand() {
    // 3×3 image 1…9, 2×2 windows: each row is a window read row by row.
    let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    let g = WindowGeometry(height: 3, width: 3, channels: 1, kernel: 2, stride: 1, same: false)
    var col = [Float](repeating: -1, count: 16)
    im2col(x, batch: 1, g, into: &col)
    #expect(col == [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9])
}

@Test(arguments: insideGeometries)
func im2colInsideMatchesTheBorderCheckingLoop(g: WindowGeometry) {
    #expect(g.windowsStayInside)
    let batch = 3
    let x = levels(batch * g.height * g.width * g.channels, seed: 5)
    let count = batch * g.outHeight * g.outWidth * g.patchSize
    var fast = [Float](repeating: .nan, count: count), checked = [Float](repeating: .nan, count: count)
    im2colInside(x, batch: batch, g, into: &fast)
    im2colBordered(x, batch: batch, g, into: &checked)
    #expect(fast == checked)
}

@Test func samePaddingIsNotInside() {
    #expect(!WindowGeometry(height: 28, width: 28, channels: 1, kernel: 3, stride: 1, same: true).windowsStayInside)
    // VALID windows always fit.
    #expect(WindowGeometry(height: 5, width: 4, channels: 2, kernel: 3, stride: 2, same: false).windowsStayInside)
}

@Test func maxPoolPicksTheFirstOfTiedMaxima() {
    // One 2×2 window, 8 channels; channel k holds [a, b; c, d] below. Ties go to the earliest tap.
    let windows: [[Float]] = [[1, 3, 3, 2], [4, 4, 4, 4], [-1, -2, -3, -1], [0, 0, 5, 5],
                              [1, 2, 3, 4], [9, 1, 1, 1], [-5, -5, -4, -4], [2, 3, 1, 3]]
    var x = [Float](repeating: 0, count: 32)
    for (ch, w) in windows.enumerated() { for (tap, v) in w.enumerated() { x[tap * 8 + ch] = v } }
    let g = WindowGeometry(height: 2, width: 2, channels: 8, kernel: 2, stride: 2, same: false)
    var y = [Float](repeating: 0, count: 8), at = [Int32](repeating: -1, count: 8)
    maxPoolForward(x, batch: 1, g, into: &y, argmax: &at)
    #expect(y == [3, 4, -1, 5, 4, 9, -4, 3])
    let taps: [Int32] = [1, 0, 0, 2, 3, 0, 2, 1]
    #expect(at == taps.enumerated().map { ch, tap in tap * 8 + Int32(ch) })
}

@Test(arguments: insideGeometries.filter { $0.channels % 8 == 0 })
func maxPoolInsideMatchesTheBorderCheckingLoop(g: WindowGeometry) {
    let batch = 3, outputs = batch * g.outHeight * g.outWidth * g.channels
    for levelCount in [4, 1 << 20] {  // many ties, then few
        let x = levels(batch * g.height * g.width * g.channels, seed: 9, levels: levelCount)
        var fastY = [Float](repeating: .nan, count: outputs), checkedY = fastY
        var fastAt = [Int32](repeating: -1, count: outputs), checkedAt = fastAt
        maxPoolInside(x, batch: batch, g, into: &fastY, argmax: &fastAt)
        maxPoolBordered(x, batch: batch, g, into: &checkedY, argmax: &checkedAt)
        #expect(fastY == checkedY)
        #expect(fastAt == checkedAt)
    }
}

@Test(arguments: [
    WindowGeometry(height: 13, width: 13, channels: 16, kernel: 3, stride: 1, same: false),
    WindowGeometry(height: 9, width: 8, channels: 32, kernel: 2, stride: 2, same: false),
])
func convolutionInputGradientEqualsGemmThenCol2im(g: WindowGeometry) {
    #expect(convolutionInputGradientIsSupported(g, filters: 32))
    let batch = 2, filters = 32, rows = batch * g.outHeight * g.outWidth
    let dz = levels(rows * filters, seed: 21), w = levels(g.patchSize * filters, seed: 22)
    // Reference: dcol = dz · wᵀ in Double, then col2im.
    var dcol = [Float](repeating: 0, count: rows * g.patchSize)
    referenceSgemm(transB: true, m: rows, n: g.patchSize, k: filters, a: dz, lda: filters, b: w, ldb: filters,
                   c: &dcol, ldc: g.patchSize)
    let count = batch * g.height * g.width * g.channels
    var expected = [Float](repeating: 0, count: count), dx = [Float](repeating: .nan, count: count)
    col2im(dcol, batch: batch, g, into: &expected)
    convolutionInputGradient(dz, batch: batch, g, kernel: w, filters: filters, into: &dx)
    // Each dx is a sum of at most 9 taps × 32 products of values below 1.
    let worst = zip(dx, expected).map { abs($0 - $1) }.max() ?? .infinity
    #expect(worst < 1e-4)
}

@Test func convolutionInputGradientNeedsWholeTapsOf16Channels() {
    #expect(!convolutionInputGradientIsSupported(WindowGeometry(height: 8, width: 8, channels: 8, kernel: 3, stride: 1, same: false), filters: 4))
    #expect(!convolutionInputGradientIsSupported(WindowGeometry(height: 8, width: 8, channels: 16, kernel: 3, stride: 1, same: true), filters: 4))
    #expect(!convolutionInputGradientIsSupported(WindowGeometry(height: 8, width: 8, channels: 16, kernel: 3, stride: 1, same: false), filters: 300))
}
