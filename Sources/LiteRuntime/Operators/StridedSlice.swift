import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let stridedSlice = OperatorRegistration(.stridedSlice, maxVersion: 4, prepare: { try $0.prepareStridedSlice($1) })
}

extension Interpreter {
    /// STRIDED_SLICE of a 1-D tensor (the subset TensorFlow emits for Flatten: take the batch size
    /// out of a shape vector), with begin/end/shrink masks and positive or negative strides.
    /// Invariants, checked here: rank-1 input; every copied index inside it; output of its type, one value per index.
    func prepareStridedSlice(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        guard case .stridedSlice(let o) = c.op.options else { throw c.invalid("StridedSliceOptions are missing") }
        guard input.shape.count == 1, o.ellipsisMask == 0, o.newAxisMask == 0, !o.offset else {
            throw c.unsupported("only 1-D slices without ellipsis/new-axis masks or offset (input \(input.shape))")
        }
        try c.requireType(output, "output", input.type)
        let begin = try staticInt32s(try c.input(1), "begin", c), end = try staticInt32s(try c.input(2), "end", c)
        let strides = try staticInt32s(try c.input(3), "strides", c)
        guard begin.count == 1, end.count == 1, strides.count == 1, strides[0] != 0 else {
            throw c.invalid("begin, end and strides must hold one value each, strides non-zero")
        }
        let n = input.shape[0], step = strides[0]
        guard n <= 1 << 16 else { throw c.unsupported("slicing \(n) values; this op is meant for shape vectors") }
        func clampIndex(_ i: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(i < 0 ? i + n : i, low), high) }
        var start = o.beginMask & 1 != 0 ? (step > 0 ? 0 : n - 1) : clampIndex(begin[0], step > 0 ? 0 : -1, step > 0 ? n : n - 1)
        var stop = o.endMask & 1 != 0 ? (step > 0 ? n : -1) : clampIndex(end[0], step > 0 ? 0 : -1, step > 0 ? n : n - 1)
        if o.shrinkAxisMask & 1 != 0 {
            start = begin[0] < 0 ? begin[0] + n : begin[0]
            guard (0..<n).contains(start) else { throw c.invalid("index \(begin[0]) is outside \(input.shape)") }
            stop = start + 1
        }
        let indices = Array(stride(from: start, to: stop, by: o.shrinkAxisMask & 1 != 0 ? 1 : step))
        try allocate(output, o.shrinkAxisMask & 1 != 0 ? [] : [indices.count], c)
        try c.requireExtent(output, "output", o.shrinkAxisMask & 1 != 0 ? 1 : indices.count)
        guard indices.allSatisfy({ (0..<n).contains($0) }) else { throw c.invalid("slice indices fall outside \(input.shape)") }
        let x = input.data, y = output.data, size = input.elementSize
        return PreparedOp(run: {
            for (k, i) in indices.enumerated() { (y + k * size).copyMemory(from: x + i * size, byteCount: size) }
        }, foldable: true)
    }
}
