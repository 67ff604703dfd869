import Foundation
import Testing
import LiteKernels

/// Throughput of the fast int8 kernels on the chapter model's shapes (thread CPU time, best of 20). Skipped unless
/// `LITEKERNELS_BENCH=1` (LiteKernels is built with -Ounchecked even in debug, so `swift test` measures
/// optimized kernel code): `LITEKERNELS_BENCH=1 swift test --filter KernelBenchmarks`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["LITEKERNELS_BENCH"] != nil))
struct KernelBenchmarks {
    /// This thread's CPU time in seconds: on a machine shared with other jobs, wall time measures the
    /// scheduler, CPU time measures the kernel.
    func threadCPUTime() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Best CPU time per call in seconds over `repeats` rounds of `inner` calls.
    func bestTime(repeats: Int = 20, inner: Int = 200, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = threadCPUTime()
            for _ in 0..<inner { body() }
            best = min(best, (threadCPUTime() - start) / Double(inner))
        }
        return best
    }

    func benchConv(name: String, input inShape: Shape4, filter filterShape: Shape4) {
        var rng = SplitMix64(state: 9)
        let outShape = Shape4(inShape.batches, inShape.height - filterShape.height + 1,
                              inShape.width - filterShape.width + 1, filterShape.batches)
        let input = randomInt8s(inShape.flatSize, &rng), filter = randomInt8s(filterShape.flatSize, &rng)
        let bias = [Int32](repeating: 100, count: filterShape.batches)
        let rescale = OutputRescale(inputScale: 0.004, filterScales: [0.002], outputScale: 0.02, outputZeroPoint: -128,
                                    channels: filterShape.batches)
        let params = ConvParams(inputOffset: 128)
        let packed = PackedConvFilter(filter: filter, shape: filterShape, inputOffset: 128)
        var scratch = [UInt8](repeating: 0, count: packed.scratchByteCount(outputHeight: outShape.height,
                                                                            outputWidth: outShape.width))
        var output = [Int8](repeating: 0, count: outShape.flatSize)
        let macs = Double(outShape.flatSize * filterShape.height * filterShape.width * filterShape.depth)
        let native = bestTime {
            convPerChannelFast(params: params, rescale: rescale, inputShape: inShape, input: input, packedFilter: packed,
                               bias: bias, outputShape: outShape, output: &output, scratch: &scratch, backend: .native)
        }
        let swift = bestTime {
            convPerChannelFast(params: params, rescale: rescale, inputShape: inShape, input: input, packedFilter: packed,
                               bias: bias, outputShape: outShape, output: &output, scratch: &scratch, backend: .swift)
        }
        let reference = bestTime(repeats: 3, inner: 5) {
            convPerChannel(params: params, rescale: rescale, inputShape: inShape, input: input, filterShape: filterShape,
                           filter: filter, bias: bias, outputShape: outShape, output: &output)
        }
        print(String(format: "%@: native (%@) %.2f µs (%.1f GOPS), swift %.2f µs (%.1f GOPS), reference %.1f µs (%.1f GOPS)",
                     name, Int8GemmBackend.nativeInstructionSet, native * 1e6, 2 * macs / native / 1e9,
                     swift * 1e6, 2 * macs / swift / 1e9, reference * 1e6, 2 * macs / reference / 1e9))
    }

    @Test func chapterConvolutions() {
        benchConv(name: "conv1 28x28x1 -> 26x26x16 (K=9)", input: Shape4(1, 28, 28, 1), filter: Shape4(16, 3, 3, 1))
        benchConv(name: "conv2 13x13x16 -> 11x11x32 (K=144)", input: Shape4(1, 13, 13, 16), filter: Shape4(32, 3, 3, 16))
        benchConv(name: "conv2 batch 32", input: Shape4(32, 13, 13, 16), filter: Shape4(32, 3, 3, 16))
    }

    @Test func requantizeOnly() {
        let rescale = OutputRescale(inputScale: 0.004, filterScales: (0..<32).map { Float($0 + 1) * 0.0001 },
                                    outputScale: 0.02, outputZeroPoint: -128, channels: 32)
        let acc = (0..<3872).map { Int32($0 * 37 % 20000) - 10000 }
        let corrections = [Int32](repeating: 5, count: 32), bias = [Int32](repeating: 7, count: 32)
        var out = [Int8](repeating: 0, count: 3872)
        for mode in [RescaleMode.micro, .reference] {
            let t = bestTime(inner: 100) {
                rescale.requantizeRows(acc, rows: 121, stride: 32, channels: 32, corrections: corrections, bias: bias,
                                       mode: mode, output: &out, outputStride: 32)
            }
            print(String(format: "requantizeRows %@: %.2f ns per output", "\(mode)", t / 3872 * 1e9))
        }
    }

    @Test func gemmOnly() {
        var rng = SplitMix64(state: 11)
        for (m, n, k) in [(121, 32, 144), (121, 32, 160), (676, 16, 16), (512, 32, 512)] {
            let a = randomInt8s(m * k, &rng), b = randomInt8s(n * k, &rng)
            var c = [Int32](repeating: 0, count: m * n)
            let inner = max(1, 20_000_000 / (m * n * k))
            let native = bestTime(inner: inner) { Int8GemmBackend.native.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &c, ldc: n) }
            let swift = bestTime(inner: inner) { Int8GemmBackend.swift.gemm(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &c, ldc: n) }
            let ops = 2 * Double(m * n * k)
            print(String(format: "gemm %dx%dx%d: native %.1f GOPS, swift %.1f GOPS", m, n, k, ops / native / 1e9, ops / swift / 1e9))
        }
    }

    @Test func chapterDense() {
        var rng = SplitMix64(state: 10)
        let input = randomInt8s(800, &rng), weights = randomInt8s(8000, &rng)
        let rescale = OutputRescale(inputScale: 0.0166, filterScales: [0.0015], outputScale: 0.11, outputZeroPoint: 21, channels: 10)
        let packed = PackedFullyConnectedWeights(weights: weights, outputDepth: 10, accumDepth: 800, inputOffset: 128)
        var output = [Int8](repeating: 0, count: 10)
        let params = FullyConnectedParams(inputOffset: 128)
        let t = bestTime {
            fullyConnectedFast(params: params, rescale: rescale, batches: 1, input: input, packedWeights: packed,
                               bias: nil, output: &output)
        }
        print(String(format: "dense 800 -> 10: fast %.2f µs (%.1f GOPS)", t * 1e6, 2 * 8000 / t / 1e9))
    }
}
