/// Examples with integer class labels, stored compactly: 8-bit pixels scaled on the fly
/// (`pixel / 255`, exactly like `x.astype('float32') / 255.0`) or ready floats.
public struct LabeledImages: Sendable {
    public enum Storage: Sendable {
        case bytes([UInt8])
        case floats([Float])
    }
    public let shape: Shape
    public let storage: Storage
    public let labels: [Int32]

    /// 8-bit images (`[count, shape]`), scaled to [0, 1] when used.
    public init(shape: Shape, pixels: [UInt8], labels: [Int32]) throws(ModelError) {
        try Self.check(shape, pixels.count, labels)
        self.shape = shape
        self.storage = .bytes(pixels)
        self.labels = labels
    }

    /// Float examples (`[count, shape]`), used as they are.
    public init(shape: Shape, values: [Float], labels: [Int32]) throws(ModelError) {
        try Self.check(shape, values.count, labels)
        self.shape = shape
        self.storage = .floats(values)
        self.labels = labels
    }

    private static func check(_ shape: Shape, _ count: Int, _ labels: [Int32]) throws(ModelError) {
        guard shape.count > 0, count == labels.count * shape.count else {
            throw ModelError(index: nil, "\(count) values do not make \(labels.count) examples of \(shape)")
        }
    }

    public var count: Int { labels.count }

    /// Examples `range` as a new set (copies).
    public func slice(_ range: Range<Int>) -> LabeledImages {
        let lo = range.lowerBound * shape.count, hi = range.upperBound * shape.count
        let labels = Array(self.labels[range])
        switch storage {
        case .bytes(let p): return LabeledImages(shape: shape, storage: .bytes(Array(p[lo..<hi])), labels: labels)
        case .floats(let v): return LabeledImages(shape: shape, storage: .floats(Array(v[lo..<hi])), labels: labels)
        }
    }

    private init(shape: Shape, storage: Storage, labels: [Int32]) {
        self.shape = shape
        self.storage = storage
        self.labels = labels
    }

    /// The float values of all examples (`[count, shape]`).
    public var values: [Float] {
        switch storage {
        case .bytes(let p): return p.map { Self.scale[Int($0)] }
        case .floats(let v): return v
        }
    }

    /// Writes examples `indices` (in that order) into `x` and their labels into `y`.
    func gather(_ indices: ArraySlice<Int32>, into x: UnsafeMutablePointer<Float>, labels y: UnsafeMutablePointer<Int32>) {
        let n = shape.count
        for (k, index) in indices.enumerated() {
            let i = Int(index)
            y[k] = labels[i]
            let dst = x + k * n
            switch storage {
            case .bytes(let p):
                p.withUnsafeBufferPointer { src in
                    Self.scale.withUnsafeBufferPointer { table in
                        for j in 0..<n { dst[j] = table[Int(src[i * n + j])] }
                    }
                }
            case .floats(let v):
                v.withUnsafeBufferPointer { src in dst.update(from: src.baseAddress! + i * n, count: n) }
            }
        }
    }

    /// `Float(i) / 255` for every byte value.
    static let scale: [Float] = (0..<256).map { Float($0) / 255 }
}
