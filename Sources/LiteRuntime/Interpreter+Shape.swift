import LiteFormat
import LiteKernels

extension Interpreter {
    /// Values of a constant (or folded) int32 tensor used as shape data.
    private func staticInt32s(_ t: RuntimeTensor, _ role: String, _ c: OpContext) throws -> [Int] {
        try c.requireType(t, role, .int32)
        try c.requireStatic(t, role)
        return t.values(Int32.self).map(Int.init)
    }

    /// A byte copy of the whole input; requires equal byte counts (checked before the step is built).
    private func copyOp(from input: RuntimeTensor, to output: RuntimeTensor, _ c: OpContext) throws -> PreparedOp {
        guard input.byteCount == output.byteCount else {
            throw c.invalid("output holds \(output.byteCount) bytes but the input \(input.byteCount)")
        }
        let x = input.data, y = output.data, bytes = output.byteCount
        return PreparedOp(run: { y.copyMemory(from: x, byteCount: bytes) }, foldable: true)
    }

    /// RESHAPE: a byte copy; the new shape comes from input 1, else the options, else the declared
    /// output shape; one −1 is inferred. Invariant, checked here: output of the input's type and byte count.
    func prepareReshape(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(output, "output", input.type)
        var shape: [Int]
        if let shapeTensor = c.optionalInput(1) {
            shape = try staticInt32s(shapeTensor, "shape", c)
        } else if case .reshape(let o) = c.op.options, let newShape = o.newShape {
            shape = newShape.map(Int.init)
        } else {
            shape = output.shape
        }
        if let unknown = shape.firstIndex(of: -1) {
            var rest = shape
            rest.remove(at: unknown)
            guard let known = Self.elementCount(rest), known > 0, input.count % known == 0 else {
                throw c.invalid("cannot reshape \(input.shape) to \(shape)")
            }
            shape[unknown] = input.count / known
        }
        guard Self.elementCount(shape) == input.count else {
            throw c.invalid("cannot reshape \(input.shape) (\(input.count) values) to \(shape)")
        }
        try allocate(output, shape, c)
        return try copyOp(from: input, to: output, c)
    }

    /// SHAPE: the input's shape as int32; known at prepare time. Invariant: an int32 output of rank values.
    func prepareShape(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        try c.requireType(output, "output", .int32)
        try allocate(output, [input.shape.count], c)
        try c.requireExtent(output, "output", input.shape.count)
        let y = output.pointer(Int32.self), dims = input.shape.map { Int32(clamping: $0) }
        return PreparedOp(run: { for (i, d) in dims.enumerated() { y[i] = d } }, shapeOnly: true)
    }

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

    /// PACK along axis 0: stacks same-shaped inputs. Invariants, checked here: inputs of one type and shape;
    /// output of that type holding `inputs × input count` values.
    func preparePack(_ c: OpContext) throws -> PreparedOp {
        let output = try c.output()
        guard case .pack(let o) = c.op.options else { throw c.invalid("PackOptions are missing") }
        let inputs = try (0..<c.op.inputs.count).map { try c.input($0) }
        guard let first = inputs.first, o.axis == 0, Int(o.valuesCount) == inputs.count else {
            throw c.unsupported("only PACK along axis 0 with values_count equal to the inputs")
        }
        for t in inputs {
            try c.requireType(t, "input", first.type)
            guard t.shape == first.shape else { throw c.invalid("inputs have different shapes \(first.shape) and \(t.shape)") }
        }
        try c.requireType(output, "output", first.type)
        try allocate(output, [inputs.count] + first.shape, c)
        try c.requireExtent(output, "output", inputs.count * first.count)
        let sources = inputs.map(\.data), bytes = first.byteCount, y = output.data
        return PreparedOp(run: {
            for (k, x) in sources.enumerated() { (y + k * bytes).copyMemory(from: x, byteCount: bytes) }
        }, foldable: true)
    }

    /// PAD of a tensor of rank ≤ 4 with constant paddings: zeros for float32, the zero point for int8.
    /// Invariants, checked here: rank ≤ 4; `2 × rank` paddings ≥ 0; output of the input's type, exactly the
    /// padded shape's element count.
    func preparePad(_ c: OpContext) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        let paddings = try staticInt32s(try c.input(1), "paddings", c)
        let rank = input.shape.count
        guard rank <= 4, paddings.count == 2 * rank, paddings.allSatisfy({ $0 >= 0 }) else {
            throw c.invalid("paddings \(paddings) do not fit input \(input.shape)")
        }
        try c.requireType(output, "output", input.type)
        let lead = 4 - rank
        let dims = [Int](repeating: 1, count: lead) + input.shape
        let pads = [Int](repeating: 0, count: 2 * lead) + paddings
        let before = (pads[0], pads[2], pads[4], pads[6]), after = (pads[1], pads[3], pads[5], pads[7])
        try allocate(output, (0..<rank).map { input.shape[$0] + paddings[2 * $0] + paddings[2 * $0 + 1] }, c)
        let inShape = Shape4(dims[0], dims[1], dims[2], dims[3])
        let outShape4 = Shape4(dims[0] + before.0 + after.0, dims[1] + before.1 + after.1,
                               dims[2] + before.2 + after.2, dims[3] + before.3 + after.3)
        try c.requireExtent(input, "input", inShape)
        try c.requireExtent(output, "output", outShape4)
        switch input.type {
        case .float32:
            let x = input.pointer(Float.self), y = output.pointer(Float.self)
            return PreparedOp(run: { padFloat(inputShape: inShape, input: x, before: before, after: after, output: y) })
        case .int8, .uint8:
            let fill = UInt8(truncatingIfNeeded: input.zeroPoint), x = input.pointer(UInt8.self), y = output.pointer(UInt8.self)
            let out = Shape4(dims[0] + before.0 + after.0, dims[1] + before.1 + after.1,
                             dims[2] + before.2 + after.2, dims[3] + before.3 + after.3)
            let outCount = out.flatSize
            return PreparedOp(run: {
                y.update(repeating: fill, count: outCount)
                for b in 0..<inShape.batches {
                    for h in 0..<inShape.height {
                        for w in 0..<inShape.width {
                            (y + out.offset(b + before.0, h + before.1, w + before.2, before.3))
                                .update(from: x + inShape.offset(b, h, w, 0), count: inShape.depth)
                        }
                    }
                }
            })
        default:
            throw c.unsupported("input of type \(input.type)")
        }
    }
}
