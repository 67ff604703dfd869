/// A 4-D NHWC shape (TFLite `RuntimeShape` restricted to rank 4). Filters use the same struct:
/// CONV_2D `[outChannels, kh, kw, inChannels]`, DEPTHWISE `[1, kh, kw, outChannels]`.
public struct Shape4: Sendable, Equatable, CustomStringConvertible {
    public var batches: Int
    public var height: Int
    public var width: Int
    public var depth: Int

    public init(_ batches: Int, _ height: Int, _ width: Int, _ depth: Int) {
        self.batches = batches
        self.height = height
        self.width = width
        self.depth = depth
    }

    /// Number of elements.
    public var flatSize: Int { batches * height * width * depth }

    /// Row-major offset of element `(b, y, x, c)`.
    @inline(__always)
    public func offset(_ b: Int, _ y: Int, _ x: Int, _ c: Int) -> Int {
        ((b * height + y) * width + x) * depth + c
    }

    public var description: String { "[\(batches), \(height), \(width), \(depth)]" }
}
