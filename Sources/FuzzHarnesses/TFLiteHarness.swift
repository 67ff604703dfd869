import Foundation
import LiteFormat
#if DEBUG
@testable import LiteRuntime
#else
import LiteRuntime
#endif

/// `.tflite` files: read (with validation), prepare an Interpreter with both kernel sets and, when
/// prepare succeeds and the model is small, invoke it once on its zero-filled inputs.
enum TFLiteHarness {
    /// Bytes of tensors we let one input allocate before skipping `invoke`.
    static let maxArenaBytes = 32 << 20
    /// Upper bound of multiply-adds per invoke (outputs × inputs of each operator) before skipping it.
    static let maxWork = 1 << 26

    static func run(_ input: Data) {
        guard let model = try? LiteModel.read(input), declaredBytes(model) <= maxArenaBytes else { return }
        for kernels in [InterpreterOptions.Kernels.fast, .reference] {
            guard let interpreter = try? Interpreter(model: model, options: InterpreterOptions(kernels: kernels)) else { continue }
            _ = interpreter.inputs
            _ = interpreter.outputs
            guard isSmall(interpreter) else { continue }
            interpreter.invoke()       // inputs are allocated zero-filled
            for output in interpreter.outputs.indices { _ = try? interpreter.outputRealValues(output) }
        }
    }

    /// Bytes the model's tensors declare (an upper bound on what prepare allocates for them): the
    /// interpreter refuses more than 256 MiB, but zero-filling tens of MiB twice under ASan on a busy
    /// host already crosses libFuzzer's per-input timeout, so the harness skips such models.
    static func declaredBytes(_ model: LiteModel) -> Int {
        var total = 0
        for subgraph in model.subgraphs {
            for tensor in subgraph.tensors {
                var count = 1
                for d in tensor.shape {
                    let (product, overflow) = count.multipliedReportingOverflow(by: max(Int(d), 1))
                    if overflow { return .max }
                    count = product
                }
                let (sum, overflow) = total.addingReportingOverflow(count)
                if overflow { return .max }
                total = sum
            }
        }
        return total
    }

    /// Whether one `invoke` stays cheap. Every output element of an operator reads at most every
    /// element of its inputs, so outputs × inputs bounds an operator's work.
    static func isSmall(_ interpreter: Interpreter) -> Bool {
        #if DEBUG
        guard interpreter.allocatedBytes <= maxArenaBytes else { return false }
        let tensors = interpreter.tensors
        func elements(_ indices: [Int32]) -> Int {
            indices.reduce(0) { sum, i in
                guard tensors.indices.contains(Int(i)) else { return sum }
                let n = tensors[Int(i)].shape.reduce(1) { $0.multipliedReportingOverflow(by: max($1, 1)).partialValue }
                return sum.addingReportingOverflow(n).overflow ? Int.max : sum + n
            }
        }
        var work = 0
        for op in interpreter.model.subgraphs[0].operators {
            let (product, overflow) = elements(op.outputs).multipliedReportingOverflow(by: max(elements(op.inputs), 1))
            guard !overflow else { return false }
            work += product
            if work > maxWork { return false }
        }
        return true
        #else
        return false                    // release builds cannot see the tensors: never invoke
        #endif
    }
}
