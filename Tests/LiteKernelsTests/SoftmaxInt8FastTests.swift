import Testing
import LiteKernels

/// `softmaxFast` (exponentials from a 256-entry table) against the reference `softmax` on random rows:
/// input scales from 0.005 (every difference inside the radius) to 2 (diffMin −7, most differences give 0),
/// depths 1–40, several rows at once.
@Test func softmaxFastEqualsReference() throws {
    var rng = SplitMix64(state: 99)
    for trial in 0..<300 {
        let scale = [Float(0.005), 0.01, 0.0390625, 0.1, 0.1125425323843956, 0.5, 2][trial % 7]
        let params = try #require(SoftmaxParams(beta: 1, inputScale: scale))
        let table = SoftmaxExpTable(params: params)
        #expect(table.exps.count == min(256, Int(-params.diffMin) + 1))
        let (rows, depth) = (Int.random(in: 1...3, using: &rng), Int.random(in: 1...40, using: &rng))
        let input = randomInt8s(rows * depth, &rng)
        var expected = [Int8](repeating: 0, count: input.count), fast = [Int8](repeating: 55, count: input.count)
        softmax(params: params, rows: rows, depth: depth, input: input, output: &expected)
        softmaxFast(params: params, table: table, rows: rows, depth: depth, input: input, output: &fast)
        #expect(fast == expected, "trial \(trial): scale \(scale) rows \(rows) depth \(depth)")
    }
}

/// The table's first entries are a worked trace at scale 0.1 that LiteRT BUILTIN_REF agrees with: exp(0) is the Q0.31
/// one, 2147483647, and the difference −10 gives 790014891.
@Test func softmaxExpTableMatchesWorkedTrace() throws {
    let table = SoftmaxExpTable(params: try #require(SoftmaxParams(beta: 1, inputScale: 0.1)))
    #expect(table.exps.count == 249)  // diffMin −248
    #expect(table.exps[0] == 2147483647 && table.exps[10] == 790014891 && table.exps[20] == 290630233)
}
