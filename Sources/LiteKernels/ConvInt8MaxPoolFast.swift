import CLiteKernels

// CONV_2D int8 followed by MAX_POOL_2D in one pass. Requantization `clamp(MBQM(acc + offset) + z_out)`
// is nondecreasing in the accumulator as long as nothing wraps, so the maximum of requantized values is
// the requantized maximum: the fused kernel takes the maximum of the raw Int32 accumulators of each pool
// window and requantizes only the pooled values (a quarter of them for 2×2 pools), and it never computes
// conv outputs that no pool window reads.

extension PackedConvFilter {
    /// Whether `convPerChannelMaxPoolFast` gives exactly `maxPool(convPerChannel(...))` with `rescale` and
    /// `bias`: every multiplier is ≥ 0 and, per channel, the largest possible `|Σ x·w| + |correction| + |bias|`
    /// (`x` in −128…127) shifted left by the channel's left shift stays below 2³¹, so no sum, offset or
    /// shift wraps and the requantization is monotone. Checked once at prepare time.
    public func requantizationIsMonotone(rescale: OutputRescale, bias: UnsafePointer<Int32>?) -> Bool {
        guard rescale.multipliers.count >= outputChannels, rescale.leftShifts.count >= outputChannels else { return false }
        for c in 0..<outputChannels {
            guard rescale.multipliers[c] >= 0, rescale.leftShifts[c] < 31 else { return false }
            var absoluteSum: Int64 = 0
            for k in 0..<depth { absoluteSum += Int64(weights[c * paddedDepth + k].magnitude) }
            let bound = 128 * absoluteSum + Int64(corrections[c].magnitude) + Int64((bias?[c] ?? 0).magnitude)
            guard bound <= Int64(Int32.max) >> Int64(rescale.leftShifts[c]) else { return false }
        }
        return true
    }

    /// The conv output rows and columns some window of `pool` reads (from the top left corner).
    public static func pooledRegion(pool: PoolParams, convHeight: Int, convWidth: Int,
                                    pooledHeight: Int, pooledWidth: Int) -> (rows: Int, columns: Int) {
        guard pooledHeight > 0, pooledWidth > 0 else { return (0, 0) }
        let rows = (pooledHeight - 1) * pool.strideHeight - pool.padding.height + pool.filterHeight
        let columns = (pooledWidth - 1) * pool.strideWidth - pool.padding.width + pool.filterWidth
        return (Swift.min(convHeight, Swift.max(rows, 0)), Swift.min(convWidth, Swift.max(columns, 0)))
    }

    /// Bytes of scratch memory `convPerChannelMaxPoolFast` needs for one image.
    public func maxPoolScratchByteCount(pool: PoolParams, convOutputShape: Shape4, outputShape: Shape4) -> Int {
        let region = Self.pooledRegion(pool: pool, convHeight: convOutputShape.height, convWidth: convOutputShape.width,
                                       pooledHeight: outputShape.height, pooledWidth: outputShape.width)
        return scratchByteCount(outputHeight: region.rows, outputWidth: region.columns)
            + outputShape.height * outputShape.width * paddedChannels * 4
    }
}

/// Fast int8 CONV_2D (groups = 1) with the int8 MAX_POOL_2D `pool` applied to its output, equal to
/// `maxPool(convPerChannel(...))` whenever `packedFilter.requantizationIsMonotone(rescale:bias:)` holds.
/// `convOutputShape` is the conv's output (the pool's input); `outputShape` the pool's output, which is
/// all this writes. `scratch` needs `maxPoolScratchByteCount(...)` bytes, 4-byte aligned.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values (for `convOutputShape`); groups = 1; pool output `outputShape` from the pool's padding
/// rule on `convOutputShape`; `rescale` built for the output channel count (one multiplier and shift per channel);
/// `scratch` of `maxPoolScratchByteCount` bytes; bias nil or one value per channel.
public func convPerChannelMaxPoolFast(params: ConvParams, rescale: OutputRescale,
                                      inputShape: Shape4, input: UnsafePointer<Int8>,
                                      packedFilter f: PackedConvFilter, bias: UnsafePointer<Int32>?,
                                      convOutputShape: Shape4, pool: PoolParams,
                                      outputShape: Shape4, output: UnsafeMutablePointer<Int8>,
                                      scratch: UnsafeMutableRawPointer, backend: Int8GemmBackend = .native) {
    let region = PackedConvFilter.pooledRegion(pool: pool, convHeight: convOutputShape.height,
                                               convWidth: convOutputShape.width, pooledHeight: outputShape.height,
                                               pooledWidth: outputShape.width)
    let pc = f.paddedChannels, pooledPositions = outputShape.height * outputShape.width
    let accumulators = scratch.bindMemory(to: Int32.self, capacity: region.rows * region.columns * pc)
    let pooled = (scratch + f.scratchByteCount(outputHeight: region.rows, outputWidth: region.columns))
        .bindMemory(to: Int32.self, capacity: pooledPositions * pc)
    let (poolLow, poolHigh) = (pool.quantizedActivationMin, pool.quantizedActivationMax)
    for b in 0..<inputShape.batches {
        convAccumulate(params: params, inputShape: inputShape, input: input, batch: b, packedFilter: f,
                       rows: region.rows, columns: region.columns, scratch: scratch, backend: backend)
        var anyEmptyWindow = false
        let wholeWindows = pool.padding.height == 0 && pool.padding.width == 0
            && (outputShape.height - 1) * pool.strideHeight + pool.filterHeight <= region.rows
            && (outputShape.width - 1) * pool.strideWidth + pool.filterWidth <= region.columns
        if backend == .native && wholeWindows && pooledPositions > 0 {
            // No window is clipped: the C maximum keeps each channel block in a register across the window.
            clk_max_pool_int32(accumulators, Int32(region.columns), Int32(pc), Int32(outputShape.height),
                               Int32(outputShape.width), Int32(pool.strideHeight), Int32(pool.strideWidth),
                               Int32(pool.filterHeight), Int32(pool.filterWidth), pooled)
        } else {
            for py in 0..<outputShape.height {
                for px in 0..<outputShape.width {
                    let w = pool.window(outY: py, outX: px, inputHeight: convOutputShape.height, inputWidth: convOutputShape.width)
                    let m = pooled + (py * outputShape.width + px) * pc
                    guard !w.rows.isEmpty, !w.columns.isEmpty else { anyEmptyWindow = true; continue }
                    // Whole rows of channels, four at a time (paddedChannels is a multiple of 4): the compiler cannot
                    // vectorize `m[c] = max(m[c], tap[c])` itself, as it cannot rule out that m and tap overlap.
                    let first = UnsafeRawPointer(accumulators + ((w.inY + w.rows.lowerBound) * region.columns + w.inX + w.columns.lowerBound) * pc)
                    for offset in stride(from: 0, to: pc * 4, by: 16) {
                        UnsafeMutableRawPointer(m).storeBytes(of: first.loadUnaligned(fromByteOffset: offset, as: SIMD4<Int32>.self),
                                                              toByteOffset: offset, as: SIMD4<Int32>.self)
                    }
                    for fy in w.rows {
                        for fx in w.columns {
                            let tap = UnsafeRawPointer(accumulators + ((w.inY + fy) * region.columns + w.inX + fx) * pc)
                            let row = UnsafeMutableRawPointer(m)
                            for offset in stride(from: 0, to: pc * 4, by: 16) {
                                let v = pointwiseMax(row.loadUnaligned(fromByteOffset: offset, as: SIMD4<Int32>.self),
                                                     tap.loadUnaligned(fromByteOffset: offset, as: SIMD4<Int32>.self))
                                row.storeBytes(of: v, toByteOffset: offset, as: SIMD4<Int32>.self)
                            }
                        }
                    }
                }
            }
        }
        let out = output + b * pooledPositions * outputShape.depth
        f.corrections.withUnsafeBufferPointer { corrections in
            rescale.requantizeRows(pooled, rows: pooledPositions, stride: pc, channels: f.outputChannels,
                                   corrections: corrections.baseAddress!, bias: bias, mode: .micro,
                                   output: out, outputStride: outputShape.depth)
        }
        // The pool's own clamp (in Int32, like `maxPool`); an empty window is the pool's initial −128.
        guard anyEmptyWindow || poolLow > -128 || poolHigh < 127 else { continue }
        for py in 0..<outputShape.height {
            for px in 0..<outputShape.width {
                let w = pool.window(outY: py, outX: px, inputHeight: convOutputShape.height, inputWidth: convOutputShape.width)
                let empty = w.rows.isEmpty || w.columns.isEmpty
                let row = out + (py * outputShape.width + px) * outputShape.depth
                for c in 0..<outputShape.depth {
                    let v: Int32 = empty ? -128 : Int32(row[c])
                    row[c] = Int8(truncatingIfNeeded: Swift.min(Swift.max(v, poolLow), poolHigh))
                }
            }
        }
    }
}
