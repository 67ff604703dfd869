// Trains the chapter's CNN with labrun's engine and prints accuracy and speed.
//
//   TrainBench [--dataset mnist|fashion-mnist] [--epochs 5] [--seed 42] [--limit N] [--batch 32] [--serial]
//              [--data DIR] [--save-weights out.npz] [--no-test]
//   TrainBench --predict weights.npz images.npy out.npy    (outputs of a Keras-trained model)
//   TrainBench --gemm                                      (micro-kernel GFLOPS on the model's shapes)
//   TrainBench --prune 0.75 --weights W.npz [--epochs 1]    (pruning: accuracy, sparsity, deflated .tflite)
import EngineKernels
import Foundation
import LabData
import LabEngine

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("TrainBench: \(message)\n".utf8))
    exit(1)
}

if args.contains("--gemm") {
    runGemmBenchmark()
    exit(0)
}

if let i = args.firstIndex(of: "--predict"), i + 3 < args.count {
    do {
        var model = try Sequential(input: Shape(height: 28, width: 28, channels: 1), specs: LayerSpec.chapterModel)
        try model.loadWeights(from: URL(fileURLWithPath: args[i + 1]))
        let images = try Npy.read(ArraySlice([UInt8](Data(contentsOf: URL(fileURLWithPath: args[i + 2])))))
        let count = images.shape.first ?? 0
        let probabilities = try model.predict(images.values.map { $0 / 255 }, count: count)
        let out = Npy.write(NpyArray(shape: [count, model.classCount], values: probabilities))
        try Data(out).write(to: URL(fileURLWithPath: args[i + 3]))
        print("wrote \(count)×\(model.classCount) outputs to \(args[i + 3])")
    } catch {
        fail("\(error)")
    }
    exit(0)
}

let kindName = option("--dataset") ?? "mnist"
guard let kind = DatasetKind(rawValue: kindName) else { fail("unknown dataset \(kindName)") }
let epochs = Int(option("--epochs") ?? "5") ?? 5
let seed = UInt64(option("--seed") ?? "42") ?? 42
let dataURL = URL(fileURLWithPath: option("--data") ?? (kind == .mnist ? "Data" : "/usr/share/datasets"))

do {
    let directory = DataDirectory(url: dataURL)
    var train = try directory.load(kind, split: .trainAll)
    let test = try directory.load(kind, split: .test)
    if let limit = option("--limit").flatMap(Int.init) { train = train.slice(0..<min(limit, train.count)) }
    let shape = Shape(height: 28, width: 28, channels: 1)
    let trainSet = try LabeledImages(shape: shape, pixels: train.images, labels: train.labels.map(Int32.init))
    let testSet = try LabeledImages(shape: shape, pixels: test.images, labels: test.labels.map(Int32.init))

    if let target = option("--prune").flatMap(Double.init) {
        guard let weights = option("--weights") else { fail("--prune needs --weights W.npz (a trained chapter CNN)") }
        try runPruneBenchmark(sparsity: target, weights: URL(fileURLWithPath: weights), epochs: Int(option("--epochs") ?? "1") ?? 1,
                              trainSet: trainSet, testSet: testSet)
        exit(0)
    }
    var model = try Sequential(input: shape, specs: LayerSpec.chapterModel)
    model.initialize(seed: seed)
    let batchSize = Int(option("--batch") ?? "32") ?? 32
    let options = Trainer.Options(epochs: epochs, batchSize: batchSize, seed: seed, parallel: !args.contains("--serial"))
    let cpuBefore = processCPUSeconds()
    let report = try Trainer(options).fit(&model, on: trainSet) { event in
        if case .epoch(let e) = event {
            print(String(format: "epoch %d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %.1f s",
                         e.epoch, epochs, e.loss, e.accuracy, e.valLoss ?? .nan, e.valAccuracy ?? .nan, e.seconds))
        }
    }
    let fitCPU = processCPUSeconds() - cpuBefore
    if !args.contains("--no-test") {
        let evaluation = try model.evaluate(testSet)
        print(String(format: "labrun: %@ seed %llu, %d epochs, %d params: test_accuracy %.4f  test_loss %.4f",
                     kind.displayName, seed, epochs, model.parameterCount, evaluation.accuracy, evaluation.loss))
    }
    // CPU time (both threads) is steadier than wall time on a shared machine.
    // (Benchmarks/train_vs_keras.py reads "fit <s> s, <n> images/s".)
    print(String(format: "labrun: fit %.2f s, %.0f images/s (CPU %.2f s)", report.seconds, report.imagesPerSecond, fitCPU))
    if let path = option("--save-weights") { try model.saveWeights(to: URL(fileURLWithPath: path)) }
} catch {
    fail("\(error)")
}

/// User + system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
