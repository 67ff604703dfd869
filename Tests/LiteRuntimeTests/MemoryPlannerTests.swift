import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

@Test func greedyPlanOfABranchingGraph() throws {
    // op0: t0 → t1; op1: t1 → t2; op2: (t1, t2) → t3. int8, so bytes = elements.
    var g = TestGraph()
    let q = TestGraph.quant(1, 0)
    let t0 = g.tensor([100], .int8, q), t1 = g.tensor([200], .int8, q), t2 = g.tensor([50], .int8, q), t3 = g.tensor([300], .int8, q)
    g.op(.relu, [t0], [t1])
    g.op(.relu, [t1], [t2])
    g.op(.add, [t1, t2], [t3])
    let plan = try MemoryPlanner.plan(g.model(inputs: [t0], outputs: [t3]), fileSize: 1234)
    // Aligned sizes 112, 208, 64, 304; lifetimes [0,0], [0,2], [1,2], [2,2].
    // Largest first: t3 → 0; t1 overlaps t3 → 304; t0 overlaps only t1 → 0 (fits below 304);
    // t2 overlaps t3 (0..<304) and t1 (304..<512) → 512. Peak 576; without reuse 688.
    #expect(plan.allocations.map(\.offset) == [0, 304, 512, 0])
    #expect(plan.allocations.map(\.size) == [112, 208, 64, 304])
    #expect(plan.allocations.map(\.firstOperator) == [0, 0, 1, 2])
    #expect(plan.allocations.map(\.lastOperator) == [0, 2, 2, 2])
    #expect(plan.arenaBytes == 576)
    #expect(plan.unsharedBytes == 688)
    #expect(plan.persistentBytesEstimate == 4 * 12 + 3 * 64)
    #expect(plan.flashBytes == 1234)
}

@Test func planOfTheChapterInt8Model() throws {
    let data = try Data(contentsOf: Fixtures.url("int8_uint8.tflite"))
    let plan = try MemoryPlanner.plan(try LiteModel.read(data), fileSize: data.count)
    // Placed buffers never overlap while both are alive.
    for a in plan.allocations {
        for b in plan.allocations where a.tensor < b.tensor
            && a.firstOperator <= b.lastOperator && b.firstOperator <= a.lastOperator {
            #expect(a.offset + a.size <= b.offset || b.offset + b.size <= a.offset)
        }
    }
    // The two largest activations, conv1 out [1,26,26,16] (10 816 B) and conv2 out ([1,11,11,32],
    // 3 872 B), are never alive together, but conv1 out and pool1 out (2 704 B) are.
    #expect(plan.arenaBytes == 10_816 + 2_704)
    // Every activation once, each rounded up to 16 bytes: uint8 input 784, int8 input 784,
    // conv1 10 816, pool1 2 704, conv2 3 872, pool2 800, flatten 800, dense, softmax and the
    // uint8 output 10 → 16 each.
    #expect(plan.allocations.map(\.size) == [784, 784, 10_816, 2_704, 3_872, 800, 800, 16, 16, 16])
    #expect(plan.unsharedBytes == 20_608)
}
