import Foundation
import LabData
import LabDocument

/// One kind of directive (`train`, `quantize`, …). A step is a small value type:
/// it declares its parameters, checks them before anything runs, then runs.
public protocol Step: Sendable {
    /// The word after `lab` in the fence: `lab quantize #gauss`.
    static var name: String { get }
    /// One line for `Labs/README.md` and `labrun lint` hints.
    static var summary: String { get }
    /// Every parameter the step accepts; an unknown key in a body is an error.
    static var parameters: [ParameterSpec] { get }
    /// Every field of the step's result (`{{ ID.FIELD }}`), checked by lint, listed in the
    /// reference; `ResultFieldsTests` holds the real results to it.
    static var results: ResultFields { get }
    /// Extra checks after types and references are known to be right (ranges, combinations).
    /// Default: none.
    static func validate(_ params: Parameters) -> [Diagnostic]
    /// Expressions nested inside structured parameters (plot series, quiz answers, claims),
    /// so names are checked and dependencies found before anything runs. Default: none.
    /// Strings with `{{ }}` anywhere in the body, and `.expression(s)` parameters, are found
    /// without this.
    static func nestedExpressions(_ params: Parameters) -> [(source: String, location: SourceLocation)]
    /// Runs the step. Throw `StepFailure` (or any error) to show an error box.
    static func run(_ params: Parameters, _ context: RunContext) throws -> StepOutcome
    /// True for steps that measure this machine (latency): their results say where they were
    /// measured. Default: false.
    static var measuresMachine: Bool { get }
    /// The payload as bytes for the step cache, when it cannot be rebuilt from the step's
    /// artifacts or data. Default: nothing to store.
    static func archive(_ payload: any Sendable) -> Data?
    /// Rebuilds the payload of a result taken from the cache, when a later step asks for it;
    /// `archive` is what `archive(_:)` stored. Default: no payload.
    static func restore(_ archive: Data?, _ params: Parameters, _ context: RunContext) throws -> (any Sendable)?
    /// The data sets the step reads, so their content is part of its cache key. Default: none.
    static func datasets(_ params: Parameters, labParams: Record) -> [DatasetKind]
    /// Files the step reads (paths as given), so their content is part of its cache key.
    /// Default: none.
    static func inputFiles(_ params: Parameters) -> [String]
    /// Lab parameters the step reads directly (not through a parameter of its own), so they are
    /// part of its cache key. Default: none.
    static var labParameters: [String] { get }
    /// Those of `labParameters` whose values the planner checks (front matter and `--set`).
    static var labParameterSpecs: [ParameterSpec] { get }
}

extension Step {
    public static var measuresMachine: Bool { false }
    public static func archive(_ payload: any Sendable) -> Data? { nil }
    public static func restore(_ archive: Data?, _ params: Parameters, _ context: RunContext) throws -> (any Sendable)? { nil }
    public static func datasets(_ params: Parameters, labParams: Record) -> [DatasetKind] { [] }
    public static var labParameters: [String] { [] }
    public static var labParameterSpecs: [ParameterSpec] { [] }
    public static func inputFiles(_ params: Parameters) -> [String] { [] }
    public static func validate(_ params: Parameters) -> [Diagnostic] { [] }
    public static func nestedExpressions(_ params: Parameters) -> [(source: String, location: SourceLocation)] { [] }
}

/// A step's result plus, optionally, an in-memory object later steps can use
/// (a trained network, a `.tflite` model) without going through `Value`s.
public struct StepOutcome: Sendable {
    public var result: StepResult
    public var payload: (any Sendable)?
    public init(_ result: StepResult, payload: (any Sendable)? = nil) {
        self.result = result
        self.payload = payload
    }
}

/// An error a step raises while running; shown in its error box.
public struct StepFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public init(_ message: String, hint: String? = nil) { self.message = message; self.hint = hint }
    public var description: String { hint.map { "\(message)\nhint: \($0)" } ?? message }
}

/// Declares one parameter of a step.
public struct ParameterSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Every integer parameter declares its range: lab numbers are doubles, and only
        /// `LabInteger.exact` within a finite range turns one into an `Int` safely.
        case integer(min: Int, max: Int)
        case number(min: Double?, max: Double?)
        case string
        case bool
        case choice([String])
        /// The id of another directive whose step is one of these (empty: any step).
        case reference([String])
        /// A list of ids of other directives.
        case references([String])
        /// An expression in the lab's expression language (string, number or bool literal allowed).
        case expression
        /// A list of expressions (asserts, claims).
        case expressions
        /// Free-form YAML checked by the step's own `validate`.
        case any
    }
    public var name: String
    public var kind: Kind
    /// `nil` means required (unless a lab-level parameter of the same name exists).
    public var defaultValue: Value?
    public var help: String
    /// For `.any`: what the value must look like, down to its nested keys (checked before
    /// anything runs, and listed in the step reference).
    public var shape: ValueShape?
    /// The default is the lab parameter of the same name when the lab has one (the reference
    /// says so instead of showing only the fallback).
    public var prefersLabParameter = false
    public init(_ name: String, _ kind: Kind, default defaultValue: Value? = nil, help: String, shape: ValueShape? = nil) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.shape = shape
    }

    /// This spec, documented as taking the lab parameter of its name first.
    public func preferringLabParameter() -> ParameterSpec {
        var copy = self
        copy.prefersLabParameter = true
        return copy
    }
}
