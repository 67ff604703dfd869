import CLiteKernels

/// A CONV_2D int8 filter repacked for `convPerChannelFast`: rows of `paddedDepth` bytes (the
/// `kh·kw·ic` taps, zero-padded to a multiple of 16), output channels padded to a multiple of 4
/// with zero rows, and per-channel `inputOffset · Σ w` corrections. Built once at prepare time.
public struct PackedConvFilter: Sendable {
    public let outputChannels: Int
    public let filterHeight: Int
    public let filterWidth: Int
    public let inputDepth: Int
    /// `kh · kw · inputDepth`.
    public let depth: Int
    public let paddedDepth: Int
    public let paddedChannels: Int
    public let weights: [Int8]
    /// The filter as `[depth][paddedChannels]` Int32, for `int8GemmBroadcast` when `usesBroadcast`.
    public let transposedWeights: [Int32]
    /// The filter packed by `clk_int8_pack_lanes` (channels in vector lanes) for the native backend, when
    /// `usesLanes`; empty otherwise.
    public let laneWeights: [Int32]
    /// Filters the dot-product GEMM would run, with a multiple of 8 channels, use `clk_int8_gemm_lanes` natively.
    public var usesLanes: Bool { !laneWeights.isEmpty }
    /// Short filters (`depth < 32`) with a multiple of 8 channels run the broadcast product instead of dot products.
    public var usesBroadcast: Bool { depth < 32 && paddedChannels % 8 == 0 }
    /// `inputOffset · Σ_k w[c, k]` per output channel (Int32, wrapping like the accumulator).
    public let corrections: [Int32]
    public let inputOffset: Int32

    /// `filter` is `[outChannels, kh, kw, inChannels]` (groups = 1).
    public init(filter: UnsafePointer<Int8>, shape: Shape4, inputOffset: Int32) {
        outputChannels = shape.batches
        filterHeight = shape.height
        filterWidth = shape.width
        inputDepth = shape.depth
        depth = shape.height * shape.width * shape.depth
        paddedDepth = (depth + 15) / 16 * 16
        paddedChannels = (outputChannels + 3) / 4 * 4
        var packed = [Int8](repeating: 0, count: paddedChannels * paddedDepth)
        var corrections = [Int32](repeating: 0, count: outputChannels)
        for c in 0..<outputChannels {
            var sum: Int32 = 0
            for k in 0..<depth {
                packed[c * paddedDepth + k] = filter[c * depth + k]
                sum &+= Int32(filter[c * depth + k])
            }
            corrections[c] = sum &* inputOffset
        }
        weights = packed
        let broadcast = depth < 32 && paddedChannels % 8 == 0
        var transposed = [Int32](repeating: 0, count: broadcast ? depth * paddedChannels : 0)
        if broadcast {
            for c in 0..<outputChannels {
                for k in 0..<depth { transposed[k * paddedChannels + c] = Int32(filter[c * depth + k]) }
            }
        }
        transposedWeights = transposed
        let lanes = !broadcast && paddedChannels % 8 == 0
        var laneWeights = [Int32](repeating: 0, count: lanes ? Int(clk_int8_lanes_packed_count(Int32(paddedChannels), Int32(depth))) : 0)
        if lanes {
            let (channels, depth, paddedDepth) = (paddedChannels, depth, paddedDepth)
            packed.withUnsafeBufferPointer { rows in
                laneWeights.withUnsafeMutableBufferPointer { out in
                    clk_int8_pack_lanes(Int32(channels), Int32(depth), rows.baseAddress!, Int32(paddedDepth),
                                        out.baseAddress!)
                }
            }
        }
        self.laneWeights = laneWeights
        self.corrections = corrections
        self.inputOffset = inputOffset
    }

    /// Bytes of scratch memory `convPerChannelFast` needs for one image with this output size.
    public func scratchByteCount(outputHeight: Int, outputWidth: Int) -> Int {
        let positions = outputHeight * outputWidth
        return positions * paddedChannels * 4 + positions * paddedDepth
    }
}

/// Fast int8 CONV_2D (groups = 1), bit-equal to `convPerChannel`: im2col of one image (padded taps
/// hold the input zero point, so they contribute `w · (z_in − z_in) = 0`), the int8 GEMM of `backend`
/// (its broadcast product for filters shorter than 32 taps, natively its channels-in-lanes product for a
/// multiple of 8 channels), then
/// `acc + inputOffset·Σw + bias` through the shared `OutputRescale.requantize`.
/// `scratch` needs `packedFilter.scratchByteCount(...)` bytes, 4-byte aligned.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values; groups = 1; `rescale` built for the output channel count (one multiplier and shift per
/// channel); `scratch` of `packedFilter.scratchByteCount(outputHeight:outputWidth:)` bytes.
public func convPerChannelFast(params: ConvParams, rescale: OutputRescale,
                               inputShape: Shape4, input: UnsafePointer<Int8>,
                               packedFilter f: PackedConvFilter, bias: UnsafePointer<Int32>?,
                               outputShape: Shape4, output: UnsafeMutablePointer<Int8>,
                               scratch: UnsafeMutableRawPointer, backend: Int8GemmBackend = .native) {
    let positions = outputShape.height * outputShape.width
    let accumulators = scratch.bindMemory(to: Int32.self, capacity: positions * f.paddedChannels)
    for b in 0..<inputShape.batches {
        convAccumulate(params: params, inputShape: inputShape, input: input, batch: b, packedFilter: f,
                       rows: outputShape.height, columns: outputShape.width, scratch: scratch, backend: backend)
        f.corrections.withUnsafeBufferPointer { corrections in
            rescale.requantizeRows(accumulators, rows: positions, stride: f.paddedChannels, channels: f.outputChannels,
                                   corrections: corrections.baseAddress!, bias: bias, mode: .micro,
                                   output: output + b * positions * outputShape.depth, outputStride: outputShape.depth)
        }
    }
}

/// The raw accumulators `Σ x·w` (without input offset and bias) of output rows `0..<rows`, columns
/// `0..<columns` of image `batch`, at `scratch` as `[rows·columns][paddedChannels]` Int32: im2col
/// into the bytes after them, then the int8 GEMM of `backend`.
func convAccumulate(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Int8>, batch b: Int,
                    packedFilter f: PackedConvFilter, rows: Int, columns outputWidth: Int,
                    scratch: UnsafeMutableRawPointer, backend: Int8GemmBackend) {
    let positions = rows * outputWidth
    let accumulators = scratch.bindMemory(to: Int32.self, capacity: positions * f.paddedChannels)
    let columns = (scratch + positions * f.paddedChannels * 4).bindMemory(to: Int8.self, capacity: positions * f.paddedDepth)
    let ic = f.inputDepth
    let (kh, kw, dh, dw) = (f.filterHeight, f.filterWidth, params.dilationHeightFactor, params.dilationWidthFactor)
    let windowsInside = params.padding.height == 0 && params.padding.width == 0
        && (rows - 1) * params.strideHeight + (kh - 1) * dh < inputShape.height
        && (outputWidth - 1) * params.strideWidth + (kw - 1) * dw < inputShape.width
    if f.usesBroadcast && backend == .native && windowsInside {
        // Short filters on windows that never leave the image: the C product reads the taps in place
        // through an offset table, so there is no im2col at all.
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: f.depth) { taps in
            var p = 0
            for fy in 0..<kh {
                for fx in 0..<kw {
                    for ch in 0..<ic { taps[p] = Int32((fy * dh * inputShape.width + fx * dw) * ic + ch); p += 1 }
                }
            }
            f.transposedWeights.withUnsafeBufferPointer { transposed in
                clk_int8_conv_broadcast(input + inputShape.offset(b, 0, 0, 0), Int32(rows), Int32(outputWidth),
                                        Int32(params.strideHeight * inputShape.width * ic), Int32(params.strideWidth * ic),
                                        taps.baseAddress!, Int32(f.depth), transposed.baseAddress!,
                                        Int32(f.paddedChannels), accumulators, Int32(f.paddedChannels))
            }
        }
        return
    }
    if f.usesLanes && backend == .native && windowsInside && dh == 1 && dw == 1 {
        // Whole windows of contiguous filter rows: the C product widens them straight from the input.
        let done = f.laneWeights.withUnsafeBufferPointer { lanes in
            clk_int8_conv_lanes(input + inputShape.offset(b, 0, 0, 0), Int32(positions), Int32(outputWidth),
                                Int32(params.strideHeight * inputShape.width * ic), Int32(params.strideWidth * ic),
                                Int32(kh), Int32(kw * ic), Int32(inputShape.width * ic), lanes.baseAddress!,
                                Int32(f.paddedChannels), accumulators, Int32(f.paddedChannels))
        }
        if done != 0 { return }
    }
    let padValue = Int8(truncatingIfNeeded: -params.inputOffset)
    // im2col: one row of paddedDepth taps per output position; the kw taps of one filter row
    // are contiguous in the input when they are all inside it (dilation 1), so copy them at once.
    let rowBytes = f.filterWidth * ic, sourceRowStep = params.dilationHeightFactor * inputShape.width * ic
    for oy in 0..<rows {
        let inYOrigin = oy * params.strideHeight - params.padding.height
        let windowRowsInside = inYOrigin >= 0
            && inYOrigin + (f.filterHeight - 1) * params.dilationHeightFactor < inputShape.height
        for ox in 0..<outputWidth {
            let inXOrigin = ox * params.strideWidth - params.padding.width
            var dst = columns + (oy * outputWidth + ox) * f.paddedDepth
            let rowInside = inXOrigin >= 0 && inXOrigin + (f.filterWidth - 1) * params.dilationWidthFactor < inputShape.width
            if windowRowsInside && rowInside && params.dilationWidthFactor == 1 {
                // The usual case, without per-row checks: kh runs of rowBytes.
                var source = input + inputShape.offset(b, inYOrigin, inXOrigin, 0)
                for _ in 0..<f.filterHeight {
                    copyBytes(from: source, to: dst, count: rowBytes)
                    source += sourceRowStep
                    dst += rowBytes
                }
                if !f.usesBroadcast { copyBytes(repeating: 0, to: dst, count: f.paddedDepth - f.depth) }
                continue
            }
            for fy in 0..<f.filterHeight {
                let iy = inYOrigin + params.dilationHeightFactor * fy
                if iy < 0 || iy >= inputShape.height {
                    copyBytes(repeating: padValue, to: dst, count: rowBytes)
                } else if rowInside && params.dilationWidthFactor == 1 {
                    copyBytes(from: input + inputShape.offset(b, iy, inXOrigin, 0), to: dst, count: rowBytes)
                } else {
                    for fx in 0..<f.filterWidth {
                        let ix = inXOrigin + params.dilationWidthFactor * fx
                        if ix < 0 || ix >= inputShape.width {
                            copyBytes(repeating: padValue, to: dst + fx * ic, count: ic)
                        } else {
                            copyBytes(from: input + inputShape.offset(b, iy, ix, 0), to: dst + fx * ic, count: ic)
                        }
                    }
                }
                dst += rowBytes
            }
            if !f.usesBroadcast { copyBytes(repeating: 0, to: dst, count: f.paddedDepth - f.depth) }
        }
    }
    if f.usesBroadcast {
        f.transposedWeights.withUnsafeBufferPointer { transposed in
            backend.gemmBroadcast(m: positions, n: f.paddedChannels, k: f.depth, a: columns, lda: f.paddedDepth,
                                  bT: transposed.baseAddress!, ldb: f.paddedChannels, c: accumulators,
                                  ldc: f.paddedChannels)
        }
    } else if f.usesLanes && backend == .native && clk_active_isa() != CLK_ISA_SCALAR {
        // (Without vector instructions the C dot products of `gemm` are faster than the lanes layout.)
        f.laneWeights.withUnsafeBufferPointer { lanes in
            clk_int8_gemm_lanes(Int32(positions), Int32(f.paddedChannels), Int32(f.depth), columns, Int32(f.paddedDepth),
                                lanes.baseAddress!, accumulators, Int32(f.paddedChannels))
        }
    } else {
        f.weights.withUnsafeBufferPointer { weights in
            backend.gemm(m: positions, n: f.paddedChannels, k: f.paddedDepth,
                         a: columns, lda: f.paddedDepth, b: weights.baseAddress!, ldb: f.paddedDepth,
                         c: accumulators, ldc: f.paddedChannels)
        }
    }
}

/// Copies `count` bytes of an im2col row (1 to a few hundred). Byte loops cost a loop and a remainder
/// per call, which dominated im2col for the 3-byte rows of a one-channel 3×3 filter; this copies
/// 16-byte blocks and finishes with one block that overlaps the previous (the `memcpy` trick), and
/// below 16 bytes two overlapping 8-, 4-, 2- or 1-byte moves. Source and destination must not overlap.
@inline(__always)
func copyBytes(from source: UnsafePointer<Int8>, to destination: UnsafeMutablePointer<Int8>, count: Int) {
    let s = UnsafeRawPointer(source), d = UnsafeMutableRawPointer(destination)
    @inline(__always) func move<T>(_: T.Type, _ offset: Int) {
        d.storeBytes(of: s.loadUnaligned(fromByteOffset: offset, as: T.self), toByteOffset: offset, as: T.self)
    }
    if count >= 16 {
        var i = 0
        while i + 16 <= count { move(SIMD16<UInt8>.self, i); i += 16 }
        if i < count { move(SIMD16<UInt8>.self, count - 16) }
    } else if count >= 8 {
        move(UInt64.self, 0); move(UInt64.self, count - 8)
    } else if count >= 4 {
        move(UInt32.self, 0); move(UInt32.self, count - 4)
    } else if count >= 2 {
        move(UInt16.self, 0); move(UInt16.self, count - 2)
    } else if count == 1 {
        move(UInt8.self, 0)
    }
}

/// Fills `count` bytes with `value`, by the same blocks as `copyBytes(from:to:count:)`.
@inline(__always)
func copyBytes(repeating value: Int8, to destination: UnsafeMutablePointer<Int8>, count: Int) {
    let d = UnsafeMutableRawPointer(destination), byte = UInt8(bitPattern: value)
    @inline(__always) func fill<T: FixedWidthInteger>(_: T.Type, _ offset: Int) {
        d.storeBytes(of: T(truncatingIfNeeded: UInt64(byte) &* 0x0101_0101_0101_0101), toByteOffset: offset, as: T.self)
    }
    if count >= 16 {
        let block = SIMD16<UInt8>(repeating: byte)
        var i = 0
        while i + 16 <= count { d.storeBytes(of: block, toByteOffset: i, as: SIMD16<UInt8>.self); i += 16 }
        if i < count { d.storeBytes(of: block, toByteOffset: count - 16, as: SIMD16<UInt8>.self) }
    } else if count >= 8 {
        fill(UInt64.self, 0); fill(UInt64.self, count - 8)
    } else if count >= 4 {
        fill(UInt32.self, 0); fill(UInt32.self, count - 4)
    } else if count >= 2 {
        fill(UInt16.self, 0); fill(UInt16.self, count - 2)
    } else if count == 1 {
        d.storeBytes(of: byte, as: UInt8.self)
    }
}
