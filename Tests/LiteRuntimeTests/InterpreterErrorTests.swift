import Testing
import LiteFormat
@testable import LiteRuntime

private func prepareError(_ build: (inout TestGraph) -> ([Int32], [Int32])) -> String? {
    var g = TestGraph()
    let (inputs, outputs) = build(&g)
    return errorMessage { _ = try Interpreter(model: g.model(inputs: inputs, outputs: outputs)) }
}

@Test func namesUnsupportedOperatorsAndVersions() {
    #expect(prepareError { g in
        let x = g.tensor([2]), y = g.tensor([4])
        g.op(.concatenation, [x, x], [y])
        return ([x], [y])
    } == "unsupported: operator 0 (CONCATENATION): this runtime does not implement CONCATENATION")
    #expect(prepareError { g in
        let x = g.tensor([1, 2]), w = g.constant([1, 2], .float32, Buffer(floats: [1, 1])), y = g.tensor([1, 1])
        g.op(.fullyConnected, [x, w, -1], [y], version: 99)
        return ([x], [y])
    } == "unsupported: operator 0 (FULLY_CONNECTED): version 99; this runtime implements versions 1…12")
}

@Test func explainsBadOperators() {
    #expect(prepareError { g in
        let x = g.tensor([1, 3, 3, 1]), w = g.constant([1, 1, 1, 1], .float32, Buffer(floats: [1])), y = g.tensor([1, 3, 3, 1])
        g.op(.conv2D, [x, w, -1], [y])
        return ([x], [y])
    } == "invalid model: operator 0 (CONV_2D): Conv2DOptions are missing")
    #expect(prepareError { g in
        let x = g.tensor([1, 4], .int8, TestGraph.quant(0.1, 0)), y = g.tensor([1, 4], .int8, TestGraph.quant(0.1, 0))
        g.op(.softmax, [x], [y], .softmax(SoftmaxOptions(beta: 1)))
        return ([x], [y])
    } == "invalid model: operator 0 (SOFTMAX): int8 output must have scale 1/256 and zero point -128, has 0.1 and 0")
    #expect(prepareError { g in
        let x = g.tensor([1, 2]), y = g.tensor([1, 2]), z = g.tensor([1, 2])
        g.op(.relu, [y], [z])
        return ([x], [z])
    } == "invalid model: operator 0 (RELU): input 0 (tensor 1) is read before any operator writes it")
    #expect(prepareError { g in
        let x = g.tensor([1, 2]), y = g.tensor([1, 2]), unused = g.tensor([1, 2])
        g.op(.relu, [x], [y])
        return ([x], [y, unused])
    } == "invalid model: graph output 1 (tensor 2) is not written by any operator")
    #expect(prepareError { g in
        let x = g.tensor([1, 5]), shape = g.constant([2], .int32, Buffer(int32s: [2, 3])), y = g.tensor([2, 3])
        g.op(.reshape, [x, shape], [y])
        return ([x], [y])
    } == "invalid model: operator 0 (RESHAPE): cannot reshape [1, 5] (5 values) to [2, 3]")
}

@Test func refusesWrongInputs() throws {
    var g = TestGraph()
    let x = g.tensor([1, 2]), y = g.tensor([1, 2])
    g.op(.relu, [x], [y])
    let interpreter = try Interpreter(model: g.model(inputs: [x], outputs: [y]))
    #expect(errorMessage { try interpreter.setInput([Float]([1, 2, 3])) }
            == "bad input: input 0 needs 2 values (shape [1, 2]), got 3")
    #expect(errorMessage { try interpreter.setInput([Int8]([1, 2])) } == "bad input: input 0 holds FLOAT32, not INT8")
    #expect(errorMessage { _ = try interpreter.output(1, as: Float.self) } == "bad input: output 1 does not exist; the model has 1")
}
