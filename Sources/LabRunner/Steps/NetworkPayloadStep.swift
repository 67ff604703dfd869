import Foundation
import LabEngine

/// A step whose payload is a network (`train`, `prune`): the step cache stores it with
/// `Sequential.archived()`, so a cached model needs no retraining.
public protocol NetworkPayloadStep: Step {
    /// What the network is, in the message for a missing archive ("trained", "pruned").
    static var networkKind: String { get }
}

extension NetworkPayloadStep {
    public static func archive(_ payload: any Sendable) -> Data? { (payload as? Sequential)?.archived() }

    public static func restore(_ archive: Data?, _ params: Parameters, _ context: RunContext) throws -> (any Sendable)? {
        guard let archive else { throw StepFailure("the cached \(networkKind) model is missing") }
        return try Sequential(archive: archive)
    }
}
