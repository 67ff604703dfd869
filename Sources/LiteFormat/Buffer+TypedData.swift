/// Typed views of constant tensor data (little-endian, row-major).
extension Buffer {
    /// Buffer holding float32 values.
    public init(floats: [Float]) { self.init(data: LittleEndian.bytes(floats.map(\.bitPattern))) }
    /// Buffer holding float16 values given as their IEEE bit patterns.
    public init(float16Bits: [UInt16]) { self.init(data: LittleEndian.bytes(float16Bits)) }
    /// Buffer holding int32 values.
    public init(int32s: [Int32]) { self.init(data: LittleEndian.bytes(int32s)) }
    /// Buffer holding int8 values.
    public init(int8s: [Int8]) { self.init(data: int8s.map { UInt8(bitPattern: $0) }) }

    /// The data as float32 values (trailing bytes that do not fill a value are ignored).
    public var floats: [Float] { LittleEndian.values(data, start: 0, count: data.count / 4, as: UInt32.self).map(Float.init(bitPattern:)) }
    /// The data as float16 bit patterns.
    public var float16Bits: [UInt16] { LittleEndian.values(data, start: 0, count: data.count / 2) }
    /// The data as int32 values.
    public var int32s: [Int32] { LittleEndian.values(data, start: 0, count: data.count / 4) }
    /// The data as int64 values.
    public var int64s: [Int64] { LittleEndian.values(data, start: 0, count: data.count / 8) }
    /// The data as int8 values.
    public var int8s: [Int8] { data.map { Int8(bitPattern: $0) } }
}

extension LiteModel {
    /// Constant data of tensor `index` of subgraph `subgraph`, or nil for activations.
    public func constantData(tensor index: Int, subgraph: Int = 0) -> Buffer? {
        guard subgraphs.indices.contains(subgraph), subgraphs[subgraph].tensors.indices.contains(index) else { return nil }
        let buffer = Int(subgraphs[subgraph].tensors[index].buffer)
        guard buffers.indices.contains(buffer), !buffers[buffer].data.isEmpty else { return nil }
        return buffers[buffer]
    }
}
