import Foundation

extension LiteModel {
    /// Encodes the model as a `.tflite` FlatBuffer ("TFL3"), with `Buffer.data` 16-byte aligned.
    ///
    /// Options of kind `.unsupported` are written as NONE (their contents were never decoded).
    public func serialized() -> [UInt8] {
        FlatBufferBuilder.serialize(root: ModelEncoder.model(self), identifier: "TFL3")
    }

    /// `serialized()` as `Data`.
    public func serializedData() -> Data { Data(serialized()) }

    /// Writes the encoded model to disk.
    public func write(to url: URL) throws { try serializedData().write(to: url) }
}

/// Schema values → FlatBuffer field lists (field ids as in TensorFlow Lite's `schema.fbs`). Scalars equal to
/// their schema default are left out (readers get the default back); reference fields are
/// written whenever they are present.
private enum ModelEncoder {
    /// The field, or nil when `value` is the schema default.
    static func unlessDefault<T: Equatable>(_ value: T, _ schemaDefault: T, _ field: (T) -> FlatField) -> FlatField? {
        value == schemaDefault ? nil : field(value)
    }

    static func model(_ m: LiteModel) -> [FlatField?] {
        var fields = [FlatField?](repeating: nil, count: 8)
        fields[0] = .uint32(m.version)
        fields[1] = .object(.tables(m.operatorCodes.map(operatorCode)))
        fields[2] = .object(.tables(m.subgraphs.map(subgraph)))
        fields[3] = m.description.map { .object(.string($0)) }
        fields[4] = .object(.tables(m.buffers.map(buffer)))
        if !m.metadata.isEmpty {
            fields[6] = .object(.tables(m.metadata.map { [$0.name.map { .object(.string($0)) }, .uint32($0.buffer)] }))
        }
        if !m.signatureDefs.isEmpty { fields[7] = .object(.tables(m.signatureDefs.map(signatureDef))) }
        return fields
    }

    /// Both code fields are written, as the converter does; codes ≥ 127 put the placeholder in the byte.
    static func operatorCode(_ c: OperatorCode) -> [FlatField?] {
        [.int8(Int8(clamping: min(c.builtin.rawValue, 127))), c.customCode.map { .object(.string($0)) },
         unlessDefault(c.version, 1, FlatField.int32), .int32(c.builtin.rawValue)]
    }

    static func subgraph(_ g: SubGraph) -> [FlatField?] {
        [.object(.tables(g.tensors.map(tensor))), .object(.int32s(g.inputs)), .object(.int32s(g.outputs)),
         .object(.tables(g.operators.map(op))), g.name.map { .object(.string($0)) }]
    }

    static func tensor(_ t: Tensor) -> [FlatField?] {
        var fields = [FlatField?](repeating: nil, count: 8)
        fields[0] = .object(.int32s(t.shape))
        fields[1] = unlessDefault(t.type.rawValue, 0, FlatField.int8)
        fields[2] = unlessDefault(t.buffer, 0, FlatField.uint32)
        fields[3] = t.name.map { .object(.string($0)) }
        fields[4] = t.quantization.map { .object(.table(quantization($0))) }
        fields[5] = t.isVariable ? .bool(true) : nil
        fields[7] = t.shapeSignature.map { .object(.int32s($0)) }
        return fields
    }

    static func quantization(_ q: QuantizationParameters) -> [FlatField?] {
        var fields = [FlatField?](repeating: nil, count: 7)
        if !q.min.isEmpty { fields[0] = .object(.float32s(q.min)) }
        if !q.max.isEmpty { fields[1] = .object(.float32s(q.max)) }
        if !q.scale.isEmpty || !q.zeroPoint.isEmpty {
            fields[2] = .object(.float32s(q.scale))
            fields[3] = .object(.int64s(q.zeroPoint))
        }
        fields[6] = q.quantizedDimension != 0 ? .int32(q.quantizedDimension) : nil
        return fields
    }

    static func buffer(_ b: Buffer) -> [FlatField?] {
        [b.data.isEmpty ? nil : .object(.scalars(bytes: b.data, elementSize: 1, alignment: 16)),
         b.offset != 0 ? .uint64(b.offset) : nil, b.size != 0 ? .uint64(b.size) : nil]
    }

    static func op(_ o: Operator) -> [FlatField?] {
        var fields = [FlatField?](repeating: nil, count: 9)
        fields[0] = unlessDefault(o.opcodeIndex, 0, FlatField.uint32)
        fields[1] = .object(.int32s(o.inputs))
        fields[2] = .object(.int32s(o.outputs))
        if let table = options(o.options) {
            fields[3] = .uint8(o.options.unionType)
            fields[4] = .object(.table(table))
        }
        if !o.intermediates.isEmpty { fields[8] = .object(.int32s(o.intermediates)) }
        return fields
    }

    static func signatureDef(_ s: SignatureDef) -> [FlatField?] {
        let maps = { (list: [TensorMap]) -> FlatField in
            .object(.tables(list.map { [$0.name.map { .object(.string($0)) }, .uint32($0.tensorIndex)] }))
        }
        return [maps(s.inputs), maps(s.outputs), s.signatureKey.map { .object(.string($0)) }, nil,
                .uint32(s.subgraphIndex)]
    }

    /// The option table's fields, or nil when no table is written. Defaults as the reader's
    /// (schema) ones: 0/false, dilations 1, `pot_scale_int16` true.
    static func options(_ options: BuiltinOptions) -> [FlatField?]? {
        let int32 = { (v: Int32) in unlessDefault(v, 0, FlatField.int32) }
        let flag = { (v: Bool) in unlessDefault(v, false, FlatField.bool) }
        let byte = { (v: Int8) in unlessDefault(v, 0, FlatField.int8) }
        let pad = { (p: Padding) in byte(p.rawValue) }
        let act = { (a: ActivationFunction) in byte(a.rawValue) }
        let dilation = { (v: Int32) in unlessDefault(v, 1, FlatField.int32) }
        switch options {
        case .none, .unsupported: return nil
        case .pad, .dequantize, .quantize: return []
        case .conv2D(let o):
            return [pad(o.padding), int32(o.strideW), int32(o.strideH), act(o.activation),
                    dilation(o.dilationW), dilation(o.dilationH)]
        case .depthwiseConv2D(let o):
            return [pad(o.padding), int32(o.strideW), int32(o.strideH), int32(o.depthMultiplier),
                    act(o.activation), dilation(o.dilationW), dilation(o.dilationH)]
        case .pool2D(let o):
            return [pad(o.padding), int32(o.strideW), int32(o.strideH), int32(o.filterWidth),
                    int32(o.filterHeight), act(o.activation)]
        case .fullyConnected(let o):
            return [act(o.activation), byte(o.weightsFormat), flag(o.keepNumDims), flag(o.asymmetricQuantizeInputs)]
        case .softmax(let o): return [unlessDefault(o.beta.bitPattern, 0, FlatField.uint32)]
        case .add(let o): return [act(o.activation), unlessDefault(o.potScaleInt16, true, FlatField.bool)]
        case .reshape(let o): return [o.newShape.map { .object(.int32s($0)) }]
        case .reducer(let o): return [flag(o.keepDims)]
        case .stridedSlice(let o):
            return [int32(o.beginMask), int32(o.endMask), int32(o.ellipsisMask), int32(o.newAxisMask),
                    int32(o.shrinkAxisMask), flag(o.offset)]
        case .shape(let o): return [byte(o.outType.rawValue)]
        case .pack(let o): return [int32(o.valuesCount), int32(o.axis)]
        }
    }
}
