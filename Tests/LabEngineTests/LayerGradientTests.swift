import Testing
@testable import LabEngine

private let image = Shape(height: 7, width: 6, channels: 3)

@Test func conv2DValidReLUGradients() {
    let layer = Conv2D(name: "c", input: image, filters: 5, kernel: 3, stride: 1, same: false, activation: .relu)
    #expect(layer.outputShape == Shape(height: 5, width: 4, channels: 5))
    // A small step, so that no pre-activation crosses the ReLU kink.
    #expect(worstGradientError(layer, batch: 2, epsilon: 1e-3) < 1e-3)
}

@Test func conv2DGradientsWhenTheBatchRunsInChunks() {
    // VALID: implicit GEMMs, the input gradient chunk by chunk; SAME: im2col chunk by chunk,
    // weight gradients accumulating over the chunks.
    for same in [false, true] {
        var layer = Conv2D(name: "c", input: image, filters: 5, kernel: 3, stride: 1, same: same, activation: .relu)
        layer.chunkFloats = 1  // one image per chunk
        #expect(layer.chunks(3) == [0..<1, 1..<2, 2..<3])
        #expect(worstGradientError(layer, batch: 3, epsilon: 1e-3) < 1e-3, "same: \(same)")
    }
    var layer = Conv2D(name: "c", input: image, filters: 5, kernel: 3, stride: 1, same: false, activation: .relu)
    layer.chunkFloats = 2 * layer.savedPerExample  // at most two images per chunk: 5 = 1 + 2 + 2
    #expect(layer.chunks(5) == [0..<1, 1..<3, 3..<5])
    #expect(layer.chunks(4) == [0..<2, 2..<4])
}

@Test func conv2DGradientsOnSixteenChannels() {
    // 16 input channels: the input gradient is added straight onto the images, tap by tap.
    let layer = Conv2D(name: "c", input: Shape(height: 5, width: 6, channels: 16), filters: 3, kernel: 3, stride: 1,
                       same: false, activation: .relu)
    #expect(worstGradientError(layer, batch: 2, epsilon: 1e-3) < 1e-3)
}

@Test func conv2DValidStride2Gradients() {
    // Implicit GEMM with strided window origins; 16 channels so the input gradient goes tap by tap.
    for channels in [3, 16] {
        let layer = Conv2D(name: "c", input: Shape(height: 7, width: 6, channels: channels), filters: 4, kernel: 3, stride: 2,
                           same: false, activation: .linear)
        #expect(layer.outputShape == Shape(height: 3, width: 2, channels: 4))
        #expect(worstGradientError(layer, batch: 2) < 1e-3, "channels \(channels)")
    }
}

@Test func conv2DSameStride2Gradients() {
    let layer = Conv2D(name: "c", input: image, filters: 4, kernel: 3, stride: 2, same: true, activation: .linear)
    #expect(layer.outputShape == Shape(height: 4, width: 3, channels: 4))
    #expect(worstGradientError(layer, batch: 2) < 1e-3)
}

@Test func depthwiseConvGradients() {
    let layer = DepthwiseConv2D(name: "d", input: image, kernel: 3, stride: 2, same: true, activation: .relu6)
    #expect(layer.outputShape == Shape(height: 4, width: 3, channels: 3))
    #expect(worstGradientError(layer, batch: 2, inputScale: 4, epsilon: 1e-3) < 1e-3)
}

@Test func maxPoolGradients() {
    let layer = Pool2D(name: "p", kind: .max, input: image, pool: 2, stride: 2, same: false)
    #expect(layer.outputShape == Shape(height: 3, width: 3, channels: 3))  // floor(7/2), floor(6/2)
    #expect(worstGradientError(layer, batch: 2, epsilon: 1e-3) < 1e-3)
}

@Test func maxPoolGradientsOnTheEightChannelPath() {
    // Channels in groups of 8 and VALID windows take the vectorized kernel.
    let layer = Pool2D(name: "p", kind: .max, input: Shape(height: 5, width: 4, channels: 8), pool: 2, stride: 2, same: false)
    #expect(layer.outputShape == Shape(height: 2, width: 2, channels: 8))
    #expect(worstGradientError(layer, batch: 2, epsilon: 1e-3) < 1e-3)
}

@Test func averagePoolSameGradients() {
    let layer = Pool2D(name: "p", kind: .average, input: image, pool: 3, stride: 2, same: true)
    #expect(layer.outputShape == Shape(height: 4, width: 3, channels: 3))
    #expect(worstGradientError(layer, batch: 2) < 1e-3)
}

@Test func denseGradients() {
    let layer = Dense(name: "d", input: .vector(11), units: 7, activation: .relu)
    #expect(layer.parameterCount == 11 * 7 + 7)
    #expect(worstGradientError(layer, batch: 3) < 1e-3)
}

@Test func flattenAndActivationGradients() {
    for kind in [ElementwiseLayer.Kind.flatten, .relu, .relu6] {
        let layer = ElementwiseLayer(name: "e", kind: kind, input: image)
        #expect(worstGradientError(layer, batch: 2, inputScale: 8, epsilon: 1e-3) < 1e-3, "\(kind)")
    }
}

@Test func batchNormalizationGradients() {
    let layer = BatchNormalization(name: "bn", input: Shape(height: 3, width: 2, channels: 4))
    #expect(worstGradientError(layer, batch: 3, epsilon: 1e-3) < 2e-3)
}

@Test func softmaxCrossEntropyGradientAndValue() {
    let classes = 5, rows = 3
    var logits = randomValues(rows * classes, seed: 11, scale: 4)
    let labels: [Int32] = [0, 3, 4]
    var grads = [Float](repeating: 0, count: logits.count)
    let out = softmaxCrossEntropy(logits: logits, labels: labels, rows: rows, classes: classes, gradients: &grads, gradientScale: 0.5)
    // Reference in Double: −log softmax(z)[label], summed.
    func reference(_ z: [Float]) -> Double {
        (0..<rows).reduce(0.0) { sum, r in
            let row = z[(r * classes)..<((r + 1) * classes)].map(Double.init)
            return sum + log(row.map { exp($0) }.reduce(0, +)) - row[Int(labels[r])]
        }
    }
    #expect(abs(out.lossSum - reference(logits)) < 1e-5)
    for i in logits.indices {
        let keep = logits[i], h: Float = 1e-2
        logits[i] = keep + h; let up = reference(logits)
        logits[i] = keep - h; let down = reference(logits)
        logits[i] = keep
        #expect(abs(Double(grads[i]) - 0.5 * (up - down) / Double(2 * h)) < 1e-4)
    }
    // Huge logits stay finite: log(1 + e^-1000) ≈ 0 for the right class.
    let big: [Float] = [1000, 0, -1000]
    let stable = softmaxCrossEntropy(logits: big, labels: [Int32(0)], rows: 1, classes: 3, gradients: nil, gradientScale: 1)
    #expect(stable.lossSum == 0 && stable.correct == 1)
}

import EngineKernels
import Foundation
