import EngineKernels

/// Which optimizer a run uses, with Keras's defaults.
public enum OptimizerChoice: Sendable, Equatable {
    /// Adam: β1 0.9, β2 0.999, ε 1e-7 (Keras's defaults).
    case adam(learningRate: Float = 0.001)
    /// SGD with (non-Nesterov) momentum.
    case sgd(learningRate: Float = 0.01, momentum: Float = 0.9)

    public var name: String {
        switch self {
        case .adam: return "adam"
        case .sgd: return "sgd"
        }
    }
}

/// An optimizer with its state (Adam's moments, or SGD's velocity) over the flat parameter buffer.
public struct Optimizer: Sendable {
    public let choice: OptimizerChoice
    public static let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7
    /// Steps taken so far.
    public private(set) var iterations = 0
    private var first: [Float]
    private var second: [Float]

    public init(_ choice: OptimizerChoice, parameterCount: Int) {
        self.choice = choice
        first = [Float](repeating: 0, count: parameterCount)
        second = [Float](repeating: 0, count: parameterCount)
    }

    /// Applies one update from `grads` (the mean gradient over the batch).
    public mutating func step(_ params: UnsafeMutablePointer<Float>, grads: UnsafePointer<Float>, count: Int) {
        iterations += 1
        switch choice {
        case .adam(let lr):
            // Keras: α = lr · √(1 - β2ᵗ) / (1 - β1ᵗ), computed in float32 like its variables.
            let t = Float(iterations)
            let step = lr * (1 - Self.power(Self.beta2, t)).squareRoot() / (1 - Self.power(Self.beta1, t))
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    adamUpdate(params: params, grads: grads, m: m.baseAddress!, v: v.baseAddress!, count: count,
                               step: step, beta1: Self.beta1, beta2: Self.beta2, epsilon: Self.epsilon)
                }
            }
        case let .sgd(lr, momentum):
            first.withUnsafeMutableBufferPointer { velocity in
                momentumUpdate(params: params, grads: grads, velocity: velocity.baseAddress!, count: count,
                               learningRate: lr, momentum: momentum)
            }
        }
    }

    static func power(_ base: Float, _ exponent: Float) -> Float {
        Float(pow(Double(base), Double(exponent)))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
