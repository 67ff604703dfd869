import Foundation

/// One fuzz target: a name (the folder under `Fuzz/corpus/` and `Fuzz/crashes/`), the largest input
/// it takes, and the harness that feeds one input to the code under test.
///
/// A harness must never crash on any input (that is the bug the fuzzer looks for), must bound its
/// own work (inputs longer than `maxLength` are ignored), and touches no network and no file outside
/// a temporary folder. The same harnesses run under libFuzzer (`make fuzz`) and in `FuzzReplayTests`.
public struct FuzzTarget: Sendable {
    public let name: String
    /// Inputs longer than this are skipped; `make fuzz` passes it as `-max_len`.
    public let maxLength: Int
    let harness: @Sendable (Data) -> Void

    init(name: String, maxLength: Int, harness: @escaping @Sendable (Data) -> Void) {
        self.name = name
        self.maxLength = maxLength
        self.harness = harness
    }

    /// Feeds one input to the code under test (nothing when it is longer than `maxLength`).
    public func run(_ input: Data) {
        guard input.count <= maxLength else { return }
        harness(input)
    }

    /// Every target, in the order `make fuzz` runs them.
    public static let all: [FuzzTarget] = [
        FuzzTarget(name: "lab", maxLength: 64 << 10, harness: LabTextHarness.run),
        FuzzTarget(name: "expr", maxLength: 4 << 10, harness: ExpressionHarness.run),
        FuzzTarget(name: "tflite", maxLength: 128 << 10, harness: TFLiteHarness.run),
        FuzzTarget(name: "idx", maxLength: 64 << 10, harness: IDXHarness.run),
        FuzzTarget(name: "answers", maxLength: 16 << 10, harness: AnswersHarness.run),
        FuzzTarget(name: "http", maxLength: 8 << 10, harness: HTTPRequestHarness.run),
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}
