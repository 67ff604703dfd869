import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

/// conv 1×1 (two channels: x and −x, relu) → 2×2 max pool over a 2×4 one-channel image; when `alsoOutput`,
/// the conv's output is a graph output too, so the pool must not be fused into it.
private func convThenPool(alsoOutput: Bool, kernels: InterpreterOptions.Kernels) throws -> Interpreter {
    var g = TestGraph()
    let x = g.tensor([1, 2, 4, 1], .int8, TestGraph.quant(1, 0))
    let w = g.constant([2, 1, 1, 1], .int8, Buffer(int8s: [1, -1]), TestGraph.quant(1, 0))
    let y = g.tensor([1, 2, 4, 2], .int8, TestGraph.quant(1, 0))
    let z = g.tensor([1, 1, 2, 2], .int8, TestGraph.quant(1, 0))
    g.op(.conv2D, [x, w, -1], [y], .conv2D(Conv2DOptions(padding: .valid, strideW: 1, strideH: 1, activation: .relu)),
         version: 3)
    g.op(.maxPool2D, [y], [z], .pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2)))
    return try g.run([Int8]([1, -7, 3, 4, -2, 5, -6, 0]), inputs: [x], outputs: alsoOutput ? [z, y] : [z],
                     options: InterpreterOptions(kernels: kernels))
}

@Test func maxPoolIsFusedIntoTheConvBeforeIt() throws {
    for alsoOutput in [false, true] {
        let fast = try convThenPool(alsoOutput: alsoOutput, kernels: .fast)
        let reference = try convThenPool(alsoOutput: alsoOutput, kernels: .reference)
        // Windows {1, −7, −2, 5} and {3, 4, −6, 0}: channel x → max(relu) 5, 4; channel −x → 7, 6.
        #expect(try fast.output(0, as: Int8.self) == [5, 7, 4, 6])
        #expect(try reference.output(0, as: Int8.self) == [5, 7, 4, 6])
        #expect(fast.evaluatedOperatorCount == (alsoOutput ? 2 : 1))
        #expect(reference.evaluatedOperatorCount == 2)
        if alsoOutput {  // the conv output is written when someone reads it
            #expect(try fast.output(1, as: Int8.self) == reference.output(1, as: Int8.self))
        }
    }
}

@Test func chapterInt8ModelFusesBothPools() throws {
    let model = try LiteModel.read(Data(contentsOf: Fixtures.url("int8_uint8.tflite")))
    let fast = try Interpreter(model: model, options: InterpreterOptions(kernels: .fast))
    let reference = try Interpreter(model: model, options: InterpreterOptions(kernels: .reference))
    #expect(fast.evaluatedOperatorCount == reference.evaluatedOperatorCount - 2)
}

/// Float models fuse each 2×2 max pool into the CONV_2D before it too (bit-identical to the two fast
/// kernels, see ConvFloatMaxPoolFusionTests); the outputs stay within 1e-6 of the reference kernels. The
/// dynamic-range file (float conv1, hybrid conv2) fuses both pools as well, and as a model with hybrid
/// operators accumulates floats like the reference loops, so its outputs equal theirs bit for bit.
@Test(arguments: ["f32", "f16", "dynamic"])
func chapterFloatModelFusesBothPools(name: String) throws {
    let model = try LiteModel.read(Data(contentsOf: Fixtures.url("\(name).tflite")))
    let fast = try Interpreter(model: model, options: InterpreterOptions(kernels: .fast))
    let reference = try Interpreter(model: model, options: InterpreterOptions(kernels: .reference))
    #expect(fast.evaluatedOperatorCount == reference.evaluatedOperatorCount - 2)
    let image = (0..<784).map { Float(($0 * 37) % 256) / 255 }
    try fast.setInput(realValues: image)
    try reference.setInput(realValues: image)
    fast.invoke()
    reference.invoke()
    let (ours, theirs) = (try fast.outputRealValues(), try reference.outputRealValues())
    #expect(ours.count == 10 && zip(ours, theirs).allSatisfy { abs($0 - $1) <= 1e-6 })
    if name == "dynamic" { #expect(ours.map(\.bitPattern) == theirs.map(\.bitPattern)) }
}

/// `fusesPools: false` (what calibration uses) runs every CONV_2D on its own, so its output can be read.
@Test func poolFusionCanBeTurnedOffToReadEveryActivation() throws {
    let model = try LiteModel.read(Data(contentsOf: Fixtures.url("f32.tflite")))
    let unfused = try Interpreter(model: model, options: InterpreterOptions(kernels: .fast, fusesPools: false))
    let reference = try Interpreter(model: model, options: InterpreterOptions(kernels: .reference))
    #expect(unfused.evaluatedOperatorCount == reference.evaluatedOperatorCount)
    let image = (0..<784).map { Float(($0 * 37) % 256) / 255 }
    try unfused.setInput(realValues: image)
    try reference.setInput(realValues: image)
    unfused.invoke()
    reference.invoke()
    let conv1 = Int(model.subgraphs[0].operators[0].outputs[0])
    let (ours, theirs) = (try unfused.realValues(tensor: conv1), try reference.realValues(tensor: conv1))
    #expect(ours.count == 26 * 26 * 16 && ours.contains { $0 > 0 })
    #expect(zip(ours, theirs).allSatisfy { abs($0 - $1) <= 1e-5 })
}
