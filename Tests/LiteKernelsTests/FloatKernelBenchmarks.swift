import Foundation
import Testing
import LiteKernels

/// Speed of the fast float and hybrid kernels on the chapter model's shapes (thread CPU time, best of 20).
/// Skipped unless `LITEKERNELS_BENCH=1`: `LITEKERNELS_BENCH=1 swift test --filter FloatKernelBenchmarks`
/// (LiteKernels is built with -Ounchecked even in debug, so this measures optimized kernel code).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LITEKERNELS_BENCH"] != nil))
struct FloatKernelBenchmarks {
    func bestMicroseconds(repeats: Int = 20, inner: Int = 200, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
            for _ in 0..<inner { body() }
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
            let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
            best = min(best, seconds / Double(inner))
        }
        return best * 1e6
    }

    func values(_ count: Int) -> [Float] { (0..<count).map { Float(($0 * 7919) % 2001 - 1000) / 1000 } }

    @Test(arguments: [(Shape4(1, 28, 28, 1), Shape4(16, 3, 3, 1)), (Shape4(1, 13, 13, 16), Shape4(32, 3, 3, 16))])
    func chapterFloatConvolution(inShape: Shape4, fShape: Shape4) {
        let outShape = Shape4(1, inShape.height - 2, inShape.width - 2, fShape.batches)
        let input = values(inShape.flatSize), filter = values(fShape.flatSize), bias = values(fShape.batches)
        let packed = filter.withUnsafeBufferPointer { PackedFloatConvFilter(filter: $0.baseAddress!, shape: fShape) }
        var output = [Float](repeating: 0, count: outShape.flatSize)
        let params = ConvParams(floatActivationMin: 0)
        let t = bestMicroseconds {
            convFloatFast(params: params, inputShape: inShape, input: input, filter: packed, bias: bias,
                          outputShape: outShape, output: &output)
        }
        let flops = 2 * Double(outShape.flatSize * fShape.height * fShape.width * fShape.depth)
        print(String(format: "float conv %@ -> %@: %.2f µs (%.1f GFLOPS)", "\(inShape)", "\(outShape)", t, flops / t / 1e3))
    }

    @Test func chapterFloatPoolAndDense() {
        let p = PoolParams(strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2, floatActivationMin: 0)
        for (inShape, outShape) in [(Shape4(1, 26, 26, 16), Shape4(1, 13, 13, 16)), (Shape4(1, 11, 11, 32), Shape4(1, 5, 5, 32))] {
            let input = values(inShape.flatSize)
            var output = [Float](repeating: 0, count: outShape.flatSize)
            let t = bestMicroseconds {
                maxPoolFloatFast(params: p, inputShape: inShape, input: input, outputShape: outShape, output: &output)
            }
            print(String(format: "max pool %@: %.2f µs", "\(inShape)", t))
        }
        let weights = values(8000), x = values(800)
        let packed = weights.withUnsafeBufferPointer {
            PackedFloatFullyConnectedWeights(weights: $0.baseAddress!, outputDepth: 10, accumDepth: 800)
        }
        var y = [Float](repeating: 0, count: 10)
        let t = bestMicroseconds { fullyConnectedFloatFast(batches: 1, input: x, weights: packed, bias: nil, output: &y) }
        print(String(format: "dense 800 -> 10: %.2f µs", t))
    }
}
