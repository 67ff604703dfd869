import Foundation
import LabData
import LabDocument
import LabEngine

/// A finished `train` step's figures, and how they are shown.
struct TrainReport {
    var report: TrainingReport
    var test: (loss: Double, accuracy: Double)
    var model: Sequential
    var kind: DatasetKind
    var options: Trainer.Options

    func fields() -> Record {
        let last = report.history.last
        return Record([
            ("test_accuracy", .number(test.accuracy)),
            ("test_loss", .number(test.loss)),
            ("val_accuracy", .number(last?.valAccuracy ?? .nan)),
            ("val_loss", .number(last?.valLoss ?? .nan)),
            ("accuracy", .number(last?.accuracy ?? .nan)),
            ("loss", .number(last?.loss ?? .nan)),
            ("params", .number(Double(model.parameterCount))),
            ("seconds", .number(report.seconds)),
            ("images_per_second", .number(report.imagesPerSecond)),
            ("epochs", .number(Double(options.epochs))),
            ("train_count", .number(Double(report.trainCount))),
            ("validation_count", .number(Double(report.validationCount))),
            ("dataset", .string(kind.rawValue)),
            ("optimizer", .string(options.optimizer.name)),
            ("qat", .bool(model.quantizesWeights)),
            ("activation_ranges", .list(model.activationRanges.map { r in
                .record(Record([("layer", .string(r.layer)), ("min", .number(Double(r.min))), ("max", .number(Double(r.max)))]))
            })),
            ("history", .list(report.history.map { e in
                .record(Record([("epoch", .number(Double(e.epoch))), ("loss", .number(e.loss)), ("accuracy", .number(e.accuracy)),
                                ("val_loss", .number(e.valLoss ?? .nan)), ("val_accuracy", .number(e.valAccuracy ?? .nan))]))
            })),
        ])
    }

    func outputs() -> [Output] {
        let epochs = report.history.map { Double($0.epoch) }
        let accuracy = Chart(kind: .line, title: "Learning curves: accuracy", xLabel: "epoch", yLabel: "accuracy",
                             series: [.init(name: "train", x: epochs, y: report.history.map(\.accuracy)),
                                      .init(name: "validation", x: epochs, y: report.history.map { $0.valAccuracy ?? .nan })])
        let loss = Chart(kind: .line, title: "Learning curves: loss", xLabel: "epoch", yLabel: "cross-entropy",
                         series: [.init(name: "train", x: epochs, y: report.history.map(\.loss)),
                                  .init(name: "validation", x: epochs, y: report.history.map { $0.valLoss ?? .nan })])
        let rows: [[String]] = [
            ["test accuracy", percent(test.accuracy)],
            ["validation accuracy", report.history.last?.valAccuracy.map(percent) ?? "–"],
            ["parameters", grouped(model.parameterCount)],
            ["training time", String(format: "%.1f s", report.seconds)],
            ["speed", grouped(Int(report.imagesPerSecond.rounded())) + " images/s"],
        ]
        let table = ResultTable(columns: ["", "value"], rows: rows, alignments: [.none, .right],
                                caption: "\(kind.displayName), \(options.epochs) epoch\(options.epochs == 1 ? "" : "s"), batch \(options.batchSize),"
                                    + " \(options.optimizer.name), seed \(options.seed), \(grouped(report.trainCount)) training images")
        return [.table(table), .chart(accuracy), .chart(loss)]
    }

    /// `epoch 2/5 · batch 120/1688 · loss 0.1421 · acc 95.7% · 8,900 img/s · ETA 12 s`
    static func progressLine(_ b: BatchProgress) -> String {
        "epoch \(b.epoch)/\(b.epochs) · batch \(b.batch)/\(b.batches) · loss \(String(format: "%.4f", b.loss))"
            + " · acc \(String(format: "%.1f%%", 100 * b.accuracy)) · \(grouped(Int(b.imagesPerSecond.rounded()))) img/s"
            + " · ETA \(Int(b.secondsRemaining.rounded())) s"
    }

    /// `epoch 1/5: loss 0.2071 · acc 93.91% · val_loss 0.0711 · val_acc 97.90% · 49.0 s`
    static func epochLine(_ e: EpochRecord, of epochs: Int) -> String {
        var s = "epoch \(e.epoch)/\(epochs): loss \(String(format: "%.4f", e.loss)) · acc \(String(format: "%.2f%%", 100 * e.accuracy))"
        if let vl = e.valLoss, let va = e.valAccuracy {
            s += " · val_loss \(String(format: "%.4f", vl)) · val_acc \(String(format: "%.2f%%", 100 * va))"
        }
        return s + " · \(String(format: "%.1f s", e.seconds))"
    }

    private func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
}

/// `12,810`
private func grouped(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, c) in digits.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + String(out.reversed())
}
