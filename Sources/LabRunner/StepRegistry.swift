/// The steps a lab can use, by name.
public struct StepRegistry: Sendable {
    private var steps: [String: any Step.Type] = [:]
    public private(set) var names: [String] = []

    public init(_ types: [any Step.Type]) {
        for t in types { register(t) }
    }

    public mutating func register(_ type: any Step.Type) {
        if steps.updateValue(type, forKey: type.name) == nil { names.append(type.name) }
    }

    public func step(named name: String) -> (any Step.Type)? { steps[name] }

    /// Every step labrun ships.
    public static let standard = StepRegistry([
        TableStep.self, PlotStep.self, AssertStep.self, ClaimStep.self, QuizStep.self, ExportStep.self,
        DatasetStep.self, QuantizeStep.self, ModelSizeStep.self, TrainStep.self, ConvertStep.self,
        EvaluateStep.self, BenchmarkStep.self, InspectStep.self, MemoryStep.self,
        DiagramStep.self, ExploreStep.self, FixedPointStep.self, PruneStep.self,
    ])
}
