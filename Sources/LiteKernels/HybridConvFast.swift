import CLiteKernels

/// The int8 filter of a hybrid CONV_2D (groups = 1), packed once at prepare time: the int8 conv's
/// `PackedConvFilter` (so the hybrid conv runs the same GEMMs: channels in vector lanes with AVX-512 VNNI
/// or AVX2, reading whole windows in place when they lie inside the image) and each output channel's
/// weight sum for the run-time zero-point term.
public struct PackedHybridConvFilter: Sendable {
    public let packed: PackedConvFilter
    /// `Σ_k w[c, k]` per output channel (wrapping).
    public let rowSums: [Int32]

    /// `filter` is `[outChannels, kh, kw, inChannels]`.
    public init(filter: UnsafePointer<Int8>, shape: Shape4) {
        packed = PackedConvFilter(filter: filter, shape: shape, inputOffset: 0)
        let depth = shape.height * shape.width * shape.depth
        rowSums = (0..<shape.batches).map { c in
            (0..<depth).reduce(Int32(0)) { $0 &+ Int32(filter[c * depth + $1]) }
        }
    }
}

/// Bytes of working memory `hybridConvPerChannelFast` needs: the conv GEMM's scratch for one image.
public func hybridConvScratchByteCount(outputShape: Shape4, filter: PackedHybridConvFilter) -> Int {
    filter.packed.scratchByteCount(outputHeight: outputShape.height, outputWidth: outputShape.width)
}

/// Fast hybrid CONV_2D (ungrouped): the same integers as `hybridConvPerChannel` and the same float
/// expression per output, so the results are bit-identical. Each image is quantized once
/// (`asymmetricQuantizeFloatsFast`, kept in `quantizedInput` like the reference), multiplied by the filter
/// with the int8 conv's `convAccumulate` (out-of-image taps hold the input offset, so `q − offset` is 0
/// there, as if skipped), and `acc = Σ w·q − offset·Σ w` (wrapping, exact modulo 2³² like the reference's
/// Int32 sum) is rescaled by `clk_hybrid_rescale_rows`.
/// `scratch` holds `hybridConvScratchByteCount(…)` bytes, 4-byte aligned.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values (< 2³¹); filter packed from `[out, kh, kw, in]` with kh, kw ≥ 1 and `in` = the input depth; strides,
/// dilations ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and
/// depth `out`; bias nil or `out` values; `filterScales` one per output channel; `quantizedInput`
/// `inputShape.flatSize` bytes; `scratch` of `hybridConvScratchByteCount` bytes.
public func hybridConvPerChannelFast(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                                     filter: PackedHybridConvFilter, filterScales: UnsafePointer<Float>,
                                     bias: UnsafePointer<Float>?, outputShape: Shape4, output: UnsafeMutablePointer<Float>,
                                     quantizedInput: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawPointer,
                                     backend: Int8GemmBackend = .native) {
    let pixels = outputShape.height * outputShape.width, oc = outputShape.depth
    let f = filter.packed
    let accumulators = scratch.bindMemory(to: Int32.self, capacity: pixels * f.paddedChannels)
    for batch in 0..<inputShape.batches {
        let (scalingFactor, offset) = quantizeAndAccumulate(params: params, inputShape: inputShape, input: input,
                                                            batch: batch, filter: f, rows: outputShape.height,
                                                            columns: outputShape.width, quantizedInput: quantizedInput,
                                                            scratch: scratch, backend: backend)
        filter.rowSums.withUnsafeBufferPointer { sums in
            clk_hybrid_rescale_rows(accumulators, Int32(pixels), Int32(f.paddedChannels), Int32(oc), sums.baseAddress!,
                                    offset, filterScales, scalingFactor, bias, params.floatActivationMin,
                                    params.floatActivationMax, output + batch * pixels * oc, Int32(oc))
        }
    }
}

/// Whether `hybridConvPerChannelMaxPoolFast` can pool a conv output of `convOutputShape` into `outputShape`
/// with `pool`: no padding, and every window lies inside the conv output.
public func hybridConvMaxPoolIsFusable(pool: PoolParams, convOutputShape: Shape4, outputShape: Shape4) -> Bool {
    pool.padding.height == 0 && pool.padding.width == 0 && pool.strideHeight >= 1 && pool.strideWidth >= 1
        && pool.filterHeight >= 1 && pool.filterWidth >= 1
        && outputShape.batches == convOutputShape.batches && outputShape.depth == convOutputShape.depth
        && outputShape.height >= 1 && outputShape.width >= 1
        && (outputShape.height - 1) * pool.strideHeight + pool.filterHeight <= convOutputShape.height
        && (outputShape.width - 1) * pool.strideWidth + pool.filterWidth <= convOutputShape.width
}

/// Bytes of working memory `hybridConvPerChannelMaxPoolFast` needs: the conv GEMM's scratch for the conv
/// pixels some pool window reads.
public func hybridConvMaxPoolScratchByteCount(pool: PoolParams, convOutputShape: Shape4, outputShape: Shape4,
                                              filter: PackedHybridConvFilter) -> Int {
    let (rows, columns) = PackedConvFilter.pooledRegion(pool: pool, convHeight: convOutputShape.height,
                                                        convWidth: convOutputShape.width,
                                                        pooledHeight: outputShape.height, pooledWidth: outputShape.width)
    return filter.packed.scratchByteCount(outputHeight: rows, outputWidth: columns)
}

/// `hybridConvPerChannelFast` followed by `maxPoolFloat(Fast)` with `pool`, bit for bit, without writing the
/// conv output: only the conv pixels some window reads are accumulated, and `clk_hybrid_rescale_max_pool`
/// rescales, clamps and pools them with the same float operations in the same order as the two kernels.
/// `scratch` holds `hybridConvMaxPoolScratchByteCount(…)` bytes, 4-byte aligned.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): `hybridConvPerChannelFast`'s
/// for `convOutputShape`; `hybridConvMaxPoolIsFusable(pool:…)` holds; `output` holds `outputShape.flatSize` values.
public func hybridConvPerChannelMaxPoolFast(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                                            filter: PackedHybridConvFilter, filterScales: UnsafePointer<Float>,
                                            bias: UnsafePointer<Float>?, convOutputShape: Shape4, pool: PoolParams,
                                            outputShape: Shape4, output: UnsafeMutablePointer<Float>,
                                            quantizedInput: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawPointer,
                                            backend: Int8GemmBackend = .native) {
    let (rows, columns) = PackedConvFilter.pooledRegion(pool: pool, convHeight: convOutputShape.height,
                                                        convWidth: convOutputShape.width,
                                                        pooledHeight: outputShape.height, pooledWidth: outputShape.width)
    let pooledSize = outputShape.height * outputShape.width * outputShape.depth
    let f = filter.packed
    let accumulators = scratch.bindMemory(to: Int32.self, capacity: rows * columns * f.paddedChannels)
    for batch in 0..<inputShape.batches {
        let (scalingFactor, offset) = quantizeAndAccumulate(params: params, inputShape: inputShape, input: input,
                                                            batch: batch, filter: f, rows: rows, columns: columns,
                                                            quantizedInput: quantizedInput, scratch: scratch,
                                                            backend: backend)
        filter.rowSums.withUnsafeBufferPointer { sums in
            clk_hybrid_rescale_max_pool(accumulators, Int32(columns), Int32(f.paddedChannels), Int32(outputShape.depth),
                                        sums.baseAddress!, offset, filterScales, scalingFactor, bias,
                                        params.floatActivationMin, params.floatActivationMax,
                                        Int32(outputShape.height), Int32(outputShape.width), Int32(pool.strideHeight),
                                        Int32(pool.strideWidth), Int32(pool.filterHeight), Int32(pool.filterWidth),
                                        pool.floatActivationMin, pool.floatActivationMax, output + batch * pooledSize)
        }
    }
}

/// The integer half of both hybrid conv kernels for image `batch`: quantizes it into `quantizedInput` (as the
/// reference does) and accumulates the conv pixels of the first `rows` × `columns` in `scratch`, with
/// out-of-image taps holding the input offset, so `q − offset` is 0 there. Returns the image's scale and offset.
private func quantizeAndAccumulate(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>, batch: Int,
                                   filter: PackedConvFilter, rows: Int, columns: Int,
                                   quantizedInput: UnsafeMutablePointer<Int8>, scratch: UnsafeMutableRawPointer,
                                   backend: Int8GemmBackend) -> (scale: Float, offset: Int32) {
    let imageSize = inputShape.height * inputShape.width * inputShape.depth
    let factors = asymmetricQuantizeFloatsFast(input + batch * imageSize, count: imageSize,
                                               output: quantizedInput + batch * imageSize)
    var p = params
    p.inputOffset = 0 &- factors.offset   // padded taps hold `offset`
    convAccumulate(params: p, inputShape: inputShape, input: quantizedInput, batch: batch, packedFilter: filter,
                   rows: rows, columns: columns, scratch: scratch, backend: backend)
    return factors
}
