import Foundation

extension LiteModel {
    /// Decodes a `.tflite` file and (by default) validates it with `validate()`.
    ///
    /// Never traps on bad input: a corrupt, truncated or hostile file throws a `LiteFormatError`
    /// that says what is wrong and at which byte.
    public static func read(_ data: Data, validate: Bool = true) throws -> LiteModel {
        try read(bytes: [UInt8](data), validate: validate)
    }

    /// Decodes a `.tflite` file held in memory (see `read(_:validate:)`).
    public static func read(bytes: [UInt8], validate: Bool = true) throws -> LiteModel {
        let model = try ModelDecoder(reader: try FlatBufferReader(bytes: bytes, identifier: "TFL3")).model()
        if validate { try model.validate() }
        return model
    }

    /// Reads and decodes a `.tflite` file from disk.
    public static func read(contentsOf url: URL, validate: Bool = true) throws -> LiteModel {
        try read(Data(contentsOf: url), validate: validate)
    }
}

/// Turns the tables of a checked FlatBuffer into schema values (field ids as in TensorFlow Lite's `schema.fbs`).
private struct ModelDecoder {
    let reader: FlatBufferReader

    func model() throws -> LiteModel {
        let root = try reader.root()
        guard let buffers = try reader.tables(root, 4) else {
            throw LiteFormatError.invalidModel("the model has no buffers vector")
        }
        return LiteModel(
            version: try reader.uint32(root, 0),
            operatorCodes: try (reader.tables(root, 1) ?? []).map(operatorCode),
            subgraphs: try (reader.tables(root, 2) ?? []).map(subgraph),
            description: try reader.string(root, 3),
            buffers: try buffers.map(buffer),
            metadata: try (reader.tables(root, 6) ?? []).map {
                Metadata(name: try reader.string($0, 0), buffer: try reader.uint32($0, 1))
            },
            signatureDefs: try (reader.tables(root, 7) ?? []).map(signatureDef))
    }

    private func int32s(_ t: FlatTable, _ id: Int) throws -> [Int32]? {
        try reader.vector(t, id, elementSize: 4).map(reader.int32s)
    }

    private func operatorCode(_ t: FlatTable) throws -> OperatorCode {
        let deprecated = Int32(try reader.int8(t, 0))
        let builtin = try reader.int32(t, 3)
        return OperatorCode(builtin: BuiltinOperator(rawValue: max(deprecated, builtin)),
                            version: try reader.int32(t, 2, default: 1), customCode: try reader.string(t, 1))
    }

    private func subgraph(_ t: FlatTable) throws -> SubGraph {
        SubGraph(tensors: try (reader.tables(t, 0) ?? []).map(tensor),
                 inputs: try int32s(t, 1) ?? [], outputs: try int32s(t, 2) ?? [],
                 operators: try (reader.tables(t, 3) ?? []).map(op),
                 name: try reader.string(t, 4))
    }

    private func tensor(_ t: FlatTable) throws -> Tensor {
        let rawType = try reader.int8(t, 1)
        guard let type = TensorType(rawValue: rawType) else {
            throw LiteFormatError.invalidModel("the tensor at byte \(t.position) has unknown type code \(rawType)")
        }
        return Tensor(shape: try int32s(t, 0) ?? [], type: type, buffer: try reader.uint32(t, 2),
                      name: try reader.string(t, 3),
                      quantization: try reader.table(t, 4).map(quantization),
                      isVariable: try reader.bool(t, 5), shapeSignature: try int32s(t, 7),
                      isSparse: try reader.table(t, 6) != nil)
    }

    private func quantization(_ t: FlatTable) throws -> QuantizationParameters {
        let floats = { (id: Int) throws -> [Float] in try reader.vector(t, id, elementSize: 4).map(reader.float32s) ?? [] }
        return QuantizationParameters(
            min: try floats(0), max: try floats(1), scale: try floats(2),
            zeroPoint: try reader.vector(t, 3, elementSize: 8).map(reader.int64s) ?? [],
            quantizedDimension: try reader.int32(t, 6))
    }

    private func buffer(_ t: FlatTable) throws -> Buffer {
        Buffer(data: try reader.vector(t, 0, elementSize: 1).map(reader.bytes) ?? [],
               offset: try reader.uint64(t, 1), size: try reader.uint64(t, 2))
    }

    private func op(_ t: FlatTable) throws -> Operator {
        Operator(opcodeIndex: try reader.uint32(t, 0), inputs: try int32s(t, 1) ?? [],
                 outputs: try int32s(t, 2) ?? [],
                 options: try options(type: try reader.uint8(t, 3), table: try reader.table(t, 4), op: t),
                 intermediates: try int32s(t, 8) ?? [])
    }

    private func signatureDef(_ t: FlatTable) throws -> SignatureDef {
        let maps = { (id: Int) throws -> [TensorMap] in
            try (reader.tables(t, id) ?? []).map { TensorMap(name: try reader.string($0, 0), tensorIndex: try reader.uint32($0, 1)) }
        }
        return SignatureDef(inputs: try maps(0), outputs: try maps(1), signatureKey: try reader.string(t, 2),
                            subgraphIndex: try reader.uint32(t, 4))
    }

    // MARK: Options

    /// Decodes the `builtin_options` union; an absent table reads as all defaults.
    private func options(type: UInt8, table t: FlatTable?, op: FlatTable) throws -> BuiltinOptions {
        func i32(_ id: Int, _ d: Int32 = 0) throws -> Int32 { try t.map { try reader.int32($0, id, default: d) } ?? d }
        func flag(_ id: Int, _ d: Bool = false) throws -> Bool { try t.map { try reader.bool($0, id, default: d) } ?? d }
        func byte(_ id: Int) throws -> Int8 { try t.map { try reader.int8($0, id) } ?? 0 }
        func padding(_ id: Int) throws -> Padding {
            let raw = try byte(id)
            guard let value = Padding(rawValue: raw) else {
                throw LiteFormatError.invalidModel("the operator at byte \(op.position) has unknown padding \(raw)")
            }
            return value
        }
        func activation(_ id: Int) throws -> ActivationFunction {
            let raw = try byte(id)
            guard let value = ActivationFunction(rawValue: raw) else {
                throw LiteFormatError.invalidModel("the operator at byte \(op.position) has unknown activation \(raw)")
            }
            return value
        }
        switch type {
        case 0: return .none
        case 1:
            return .conv2D(Conv2DOptions(padding: try padding(0), strideW: try i32(1), strideH: try i32(2),
                                         activation: try activation(3), dilationW: try i32(4, 1), dilationH: try i32(5, 1)))
        case 2:
            return .depthwiseConv2D(DepthwiseConv2DOptions(
                padding: try padding(0), strideW: try i32(1), strideH: try i32(2), depthMultiplier: try i32(3),
                activation: try activation(4), dilationW: try i32(5, 1), dilationH: try i32(6, 1)))
        case 5:
            return .pool2D(Pool2DOptions(padding: try padding(0), strideW: try i32(1), strideH: try i32(2),
                                         filterWidth: try i32(3), filterHeight: try i32(4), activation: try activation(5)))
        case 8:
            return .fullyConnected(FullyConnectedOptions(activation: try activation(0), weightsFormat: try byte(1),
                                                         keepNumDims: try flag(2), asymmetricQuantizeInputs: try flag(3)))
        case 9: return .softmax(SoftmaxOptions(beta: try t.map { try reader.float32($0, 0) } ?? 0))
        case 11: return .add(AddOptions(activation: try activation(0), potScaleInt16: try flag(1, true)))
        case 17: return .reshape(ReshapeOptions(newShape: try t.flatMap { try int32s($0, 0) }))
        case 22: return .pad
        case 27: return .reducer(ReducerOptions(keepDims: try flag(0)))
        case 32:
            return .stridedSlice(StridedSliceOptions(beginMask: try i32(0), endMask: try i32(1), ellipsisMask: try i32(2),
                                                     newAxisMask: try i32(3), shrinkAxisMask: try i32(4), offset: try flag(5)))
        case 38: return .dequantize
        case 55:
            let raw = try byte(0)
            guard let outType = TensorType(rawValue: raw) else {
                throw LiteFormatError.invalidModel("the operator at byte \(op.position) has unknown SHAPE out_type \(raw)")
            }
            return .shape(ShapeOptions(outType: outType))
        case 59: return .pack(PackOptions(valuesCount: try i32(0), axis: try i32(1)))
        case 89: return .quantize
        default: return .unsupported(unionType: type)
        }
    }
}
