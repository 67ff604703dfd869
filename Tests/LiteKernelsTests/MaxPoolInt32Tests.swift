import CLiteKernels
import Testing

/// `clk_max_pool_int32` (scalar C and AVX2, the 2 × 2 fast path included) against plain window loops over
/// random Int32 grids: filters 1–3 × 1–3, strides 1–3, 4 to 24 channels (AVX2 needs a multiple of 8).
@Test func int32MaxPoolEqualsWindowLoops() {
    var rng = SplitMix64(state: 5)
    let previous = clk_active_isa()
    defer { clk_force_isa(previous) }
    for isa in [CLK_ISA_SCALAR, CLK_ISA_AVX2] {
        clk_force_isa(isa)
        for trial in 0..<60 {
            let channels = [4, 8, 12, 16, 24][trial % 5]
            let (fh, fw) = trial % 3 == 0 ? (2, 2) : (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
            let (sh, sw) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...3, using: &rng))
            let (outH, outW) = (Int.random(in: 1...6, using: &rng), Int.random(in: 1...6, using: &rng))
            let rows = (outH - 1) * sh + fh + Int.random(in: 0...1, using: &rng)
            let columns = (outW - 1) * sw + fw + Int.random(in: 0...1, using: &rng)
            let grid = (0..<rows * columns * channels).map { _ in Int32.random(in: Int32.min...Int32.max, using: &rng) }
            var expected = [Int32](repeating: 0, count: outH * outW * channels)
            for py in 0..<outH {
                for px in 0..<outW {
                    for c in 0..<channels {
                        var best = Int32.min
                        for fy in 0..<fh {
                            for fx in 0..<fw { best = max(best, grid[((py * sh + fy) * columns + px * sw + fx) * channels + c]) }
                        }
                        expected[(py * outW + px) * channels + c] = best
                    }
                }
            }
            var pooled = [Int32](repeating: 7, count: expected.count)
            clk_max_pool_int32(grid, Int32(columns), Int32(channels), Int32(outH), Int32(outW), Int32(sh), Int32(sw),
                               Int32(fh), Int32(fw), &pooled)
            #expect(pooled == expected, "isa \(isa.rawValue) trial \(trial): \(fh)×\(fw) stride \(sh)×\(sw) channels \(channels)")
        }
    }
}
