import Testing
import LiteKernels

/// Runs the int8 CNN of `Tests/Fixtures/int8_int8.tflite` layer by layer with the reference kernels and
/// compares every activation with the tensors LiteRT BUILTIN_REF produced (dumped by make_fixtures.py).
/// Tensor indices come from `intermediates/int8_int8/manifest.txt`.
struct ChapterInt8Model {
    let t: Intermediates
    init() throws { t = try Intermediates(model: "int8_int8") }

    func int8(_ index: Int) throws -> [Int8] { try t.load(index).array(of: Int8.self) }
    /// A constant tensor (stacked once per image in the dump): image 0's copy.
    func constant8(_ index: Int) throws -> [Int8] { slice(try int8(index), image: 0, of: try images()) }
    func constant32(_ index: Int) throws -> [Int32] { slice(try int32(index), image: 0, of: try images()) }
    func int32(_ index: Int) throws -> [Int32] { try t.load(index).array(of: Int32.self) }
    func images() throws -> Int { try t.load(0).shape[0] }

    /// Output of CONV_2D (VALID, stride 1, fused RELU) from tensor `input` with filter/bias/output tensors.
    func conv(_ x: [Int8], input: Int, filter: Int, bias: Int, output: Int, fast: Bool = false) throws -> [Int8] {
        let i = try #require(t.tensors[input]), f = try #require(t.tensors[filter]), o = try #require(t.tensors[output])
        let inShape = Shape4(1, i.shape[1], i.shape[2], i.shape[3])
        let fShape = Shape4(f.shape[0], f.shape[1], f.shape[2], f.shape[3])
        let outShape = Shape4(1, o.shape[1], o.shape[2], o.shape[3])
        let range = quantizedActivationRange(.relu, outputScale: o.scales[0], outputZeroPoint: o.zeroPoints[0])
        let rescale = OutputRescale(inputScale: i.scales[0], filterScales: f.scales, outputScale: o.scales[0],
                                    outputZeroPoint: o.zeroPoints[0], channels: fShape.batches,
                                    activationMin: range.min, activationMax: range.max)
        let params = ConvParams(inputOffset: -i.zeroPoints[0])
        let w = try constant8(filter), b = try constant32(bias)
        var y = [Int8](repeating: 0, count: outShape.flatSize)
        if fast {
            let packed = PackedConvFilter(filter: w, shape: fShape, inputOffset: params.inputOffset)
            var scratch = [UInt8](repeating: 0, count: packed.scratchByteCount(outputHeight: outShape.height,
                                                                                outputWidth: outShape.width))
            convPerChannelFast(params: params, rescale: rescale, inputShape: inShape, input: x, packedFilter: packed,
                               bias: b, outputShape: outShape, output: &y, scratch: &scratch)
        } else {
            convPerChannel(params: params, rescale: rescale, inputShape: inShape, input: x, filterShape: fShape,
                           filter: w, bias: b, outputShape: outShape, output: &y)
        }
        return y
    }

    func pool(_ x: [Int8], input: Int, output: Int) throws -> [Int8] {
        let i = try #require(t.tensors[input]), o = try #require(t.tensors[output])
        var y = [Int8](repeating: 0, count: o.shape.reduce(1, *))
        maxPool(params: PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2),
                inputShape: Shape4(1, i.shape[1], i.shape[2], i.shape[3]), input: x,
                outputShape: Shape4(1, o.shape[1], o.shape[2], o.shape[3]), output: &y)
        return y
    }

    func dense(_ x: [Int8], mode: RescaleMode, fast: Bool = false) throws -> [Int8] {
        let i = try #require(t.tensors[12]), w = try #require(t.tensors[3]), o = try #require(t.tensors[13])
        let rescale = OutputRescale(inputScale: i.scales[0], filterScales: w.scales, outputScale: o.scales[0],
                                    outputZeroPoint: o.zeroPoints[0], channels: w.shape[0])
        let params = FullyConnectedParams(inputOffset: -i.zeroPoints[0], rescaleMode: mode)
        var y = [Int8](repeating: 0, count: w.shape[0])
        let weights = try constant8(3), bias = try constant32(2)
        if fast {
            let packed = PackedFullyConnectedWeights(weights: weights, outputDepth: w.shape[0], accumDepth: w.shape[1],
                                                     inputOffset: params.inputOffset)
            fullyConnectedFast(params: params, rescale: rescale, batches: 1, input: x, packedWeights: packed,
                               bias: bias, output: &y)
        } else {
            fullyConnected(params: params, rescale: rescale, batches: 1, accumDepth: w.shape[1], outputDepth: w.shape[0],
                           input: x, weights: weights, bias: bias, output: &y)
        }
        return y
    }
}

func slice<T>(_ a: [T], image: Int, of images: Int) -> [T] {
    let n = a.count / images
    return Array(a[(image * n)..<((image + 1) * n)])
}

@Test(arguments: [false, true])
func int8ChapterModelMatchesLiteRTReferenceLayerByLayer(fast: Bool) throws {
    let m = try ChapterInt8Model()
    let n = try m.images()
    for image in 0..<n {
        let x = slice(try m.int8(0), image: image, of: n)
        let c1 = try m.conv(x, input: 0, filter: 7, bias: 6, output: 8, fast: fast)
        #expect(c1 == slice(try m.int8(8), image: image, of: n), "conv1 image \(image)")
        let p1 = try m.pool(c1, input: 8, output: 9)
        #expect(p1 == slice(try m.int8(9), image: image, of: n), "pool1 image \(image)")
        let c2 = try m.conv(p1, input: 9, filter: 5, bias: 4, output: 10, fast: fast)
        #expect(c2 == slice(try m.int8(10), image: image, of: n), "conv2 image \(image)")
        let p2 = try m.pool(c2, input: 10, output: 11)
        #expect(p2 == slice(try m.int8(11), image: image, of: n), "pool2 image \(image)")
        let logits = try m.dense(p2, mode: .reference, fast: fast)
        #expect(logits == slice(try m.int8(13), image: image, of: n), "dense image \(image)")
        let logitsTensor = try #require(m.t.tensors[13])
        let params = try #require(SoftmaxParams(beta: 1, inputScale: logitsTensor.scales[0]))
        var probabilities = [Int8](repeating: 0, count: 10)
        softmax(params: params, rows: 1, depth: 10, input: logits, output: &probabilities)
        #expect(probabilities == slice(try m.int8(14), image: image, of: n), "softmax image \(image)")
    }
}
