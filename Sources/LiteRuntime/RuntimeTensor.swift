import LiteFormat

/// A tensor as the interpreter holds it: its resolved shape, quantization and a 16-byte aligned
/// buffer allocated once at prepare time.
final class RuntimeTensor {
    let type: TensorType
    let name: String
    private(set) var shape: [Int]
    private(set) var data: UnsafeMutableRawPointer
    private(set) var byteCount: Int
    let scales: [Float]
    let zeroPoints: [Int32]
    let quantizedDimension: Int
    /// Values known at prepare time: constant data from the file, or folded (DEQUANTIZE of a
    /// constant, SHAPE and the int32 ops that follow it).
    var isStatic: Bool
    /// Storage for the resolved shape exists (constants, graph inputs, outputs of prepared ops).
    private(set) var isAllocated = false

    init(_ tensor: Tensor, constant: [UInt8]?) {
        type = tensor.type
        name = tensor.name ?? ""
        shape = tensor.shape.map(Int.init)
        let q = tensor.quantization
        scales = q?.scale ?? []
        zeroPoints = (q?.zeroPoint ?? []).map { Int32(clamping: $0) }
        quantizedDimension = Int(q?.quantizedDimension ?? 0)
        byteCount = 0
        data = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
        isStatic = constant != nil
        if let constant {
            resize(shape)
            constant.withUnsafeBytes { data.copyMemory(from: $0.baseAddress!, byteCount: min(byteCount, $0.count)) }
        }
    }

    deinit { data.deallocate() }

    /// Element count of the current shape.
    var count: Int { shape.reduce(1, *) }
    /// Bytes per element (types without a size are refused before a tensor is used).
    var elementSize: Int { type.elementSize ?? 1 }
    /// Per-tensor scale (the first one), 0 when not quantized.
    var scale: Float { scales.first ?? 0 }
    /// Per-tensor zero point (the first one), 0 when not quantized.
    var zeroPoint: Int32 { zeroPoints.first ?? 0 }

    /// Sets the shape and (re)allocates zeroed storage for it.
    func resize(_ newShape: [Int]) {
        shape = newShape
        isAllocated = true
        let needed = count * elementSize
        if needed > byteCount || byteCount == 0 {
            data.deallocate()
            data = UnsafeMutableRawPointer.allocate(byteCount: max(needed, 16) + GuardZone.bytes, alignment: 16)
        }
        byteCount = needed
        data.initializeMemory(as: UInt8.self, repeating: 0, count: max(needed, 16))
        GuardZone.fill(data + needed)
    }

    /// No kernel wrote past `byteCount` (always true in release builds, which have no guard zone).
    var guardZoneIsIntact: Bool { !isAllocated || GuardZone.isIntact(data + byteCount) }

    func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> { data.assumingMemoryBound(to: T.self) }

    /// Copies the values out as `T` (caller checked the type); empty for a tensor no operator uses.
    func values<T>(_: T.Type) -> [T] {
        isAllocated ? Array(UnsafeBufferPointer(start: pointer(T.self), count: count)) : []
    }
}
