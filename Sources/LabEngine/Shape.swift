/// The shape of one example in NHWC order without the batch dimension: `height × width × channels`.
/// A flat vector (after `Flatten` or `Dense`) is `1 × 1 × n`.
public struct Shape: Sendable, Equatable, CustomStringConvertible {
    public var height: Int
    public var width: Int
    public var channels: Int

    public init(height: Int, width: Int, channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// A flat vector of `n` values.
    public static func vector(_ n: Int) -> Shape { Shape(height: 1, width: 1, channels: n) }

    /// Floats per example.
    public var count: Int { height * width * channels }
    public var isVector: Bool { height == 1 && width == 1 }

    /// `26×26×16`, or `800` for a vector.
    public var description: String { isVector ? "\(channels)" : "\(height)×\(width)×\(channels)" }
}

/// A batch of values in NHWC order: `shape[0]` is the batch size (when there is one).
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var data: [Float]

    /// Fails (returns nil) when the data's length does not match the shape.
    public init?(shape: [Int], data: [Float]) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == data.count else { return nil }
        self.shape = shape
        self.data = data
    }

    /// A zero-filled tensor.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    public var count: Int { data.count }
}
