import Foundation
import LabData
import LabEngine
import LiteFormat

/// `TrainBench --prune 0.75 --weights W.npz [--epochs 1]`: fine-tunes the chapter CNN with
/// magnitude pruning (polynomial decay from 0 to the sparsity over all steps, every 100 steps)
/// and prints test accuracy before and after (and after the same fine-tuning without pruning,
/// the fair comparison), each layer's sparsity, and what the float32
/// `.tflite` deflates to (as in a zip) pruned and unpruned.
func runPruneBenchmark(sparsity: Double, weights: URL, epochs: Int, trainSet: LabeledImages, testSet: LabeledImages) throws {
    var model = try Sequential(input: trainSet.shape, specs: LayerSpec.chapterModel)
    try model.loadWeights(from: weights)
    let unpruned = try LiteExport.export(model).serialized()
    let before = try model.evaluate(testSet)
    let batchSize = 32
    let trainCount = Int((Double(trainSet.count) * 0.9).rounded(.up))   // Trainer's 10% validation split
    let steps = epochs * ((trainCount + batchSize - 1) / batchSize)
    let plan = PruningPlan(schedule: .polynomialDecay(initial: 0, final: sparsity, begin: 0, end: steps - 1))
    let report = try Trainer(.init(epochs: epochs, batchSize: batchSize, pruning: plan)).fit(&model, on: trainSet)
    let after = try model.evaluate(testSet)
    var dense = try Sequential(input: trainSet.shape, specs: LayerSpec.chapterModel)
    try dense.loadWeights(from: weights)
    _ = try Trainer(.init(epochs: epochs, batchSize: batchSize)).fit(&dense, on: trainSet)
    let baseline = try dense.evaluate(testSet)
    let pruned = try LiteExport.export(model).serialized()
    print(String(format: "test accuracy before %.4f, after %d epoch(s) of pruning to %.0f%%: %.4f (%.1f s); same fine-tuning unpruned: %.4f",
                 before.accuracy, epochs, 100 * sparsity, after.accuracy, report.seconds, baseline.accuracy))
    for layer in model.kernelSparsity() {
        print(String(format: "  %@: %d of %d zero (%.2f%%)", layer.layer, layer.zeros, layer.count, 100 * layer.sparsity))
    }
    for (name, bytes) in [("unpruned", unpruned), ("pruned", pruned)] {
        let deflated = Deflate.compressedSize(bytes)
        print(String(format: "  float32 .tflite %@: %d bytes, deflated %d bytes (%.1f%%)",
                     name, bytes.count, deflated, 100 * Double(deflated) / Double(bytes.count)))
    }
}
