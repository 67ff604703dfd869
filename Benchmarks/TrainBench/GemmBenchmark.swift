import EngineKernels
import Foundation

/// GFLOPS of `sgemm` on the chapter model's NHWC GEMMs for a batch of 32 (best of ~0.3 s).
func runGemmBenchmark() {
    let shapes: [(String, Bool, Bool, Int, Int, Int)] = [
        ("conv1.fwd", false, false, 21632, 16, 9), ("conv2.fwd", false, false, 3872, 32, 144),
        ("conv2.bwdData", false, true, 3872, 144, 32), ("conv2.bwdW", true, false, 144, 32, 3872),
        ("conv1.bwdW", true, false, 9, 16, 21632), ("dense.fwd", false, false, 32, 10, 800),
        ("square512", false, false, 512, 512, 512),
    ]
    for (name, ta, tb, m, n, k) in shapes {
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity, total = 0.0
        while total < 0.3 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            sgemm(transA: ta, transB: tb, m: m, n: n, k: k, a: a, lda: ta ? m : k, b: b, ldb: tb ? k : n, c: &c, ldc: n)
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            best = min(best, dt); total += dt
        }
        print(String(format: "%-14@ %5d×%5d×%5d  %6.1f GFLOPS", name as NSString, m, n, k, 2 * Double(m * n * k) / best * 1e-9))
    }
}
