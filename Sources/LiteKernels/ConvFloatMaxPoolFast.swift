import CLiteKernels

/// Whether `convFloatMaxPoolFast` can pool a convolution output of `convOutputShape` into
/// `outputShape` with `pool`: 2×2 windows at stride 2 that lie inside the convolution output.
public func convFloatMaxPoolIsFusable(pool: PoolParams, convOutputShape: Shape4, outputShape: Shape4) -> Bool {
    pool.filterHeight == 2 && pool.filterWidth == 2 && pool.strideHeight == 2 && pool.strideWidth == 2
        && pool.padding.height == 0 && pool.padding.width == 0
        && outputShape.batches == convOutputShape.batches && outputShape.depth == convOutputShape.depth
        && 2 * outputShape.height <= convOutputShape.height && 2 * outputShape.width <= convOutputShape.width
}

/// `convFloatFast` followed by `maxPoolFloatFast` (a fusable pool, see `convFloatMaxPoolIsFusable`) in
/// one pass, without writing the convolution output: the four pixels of each pool window are computed
/// together (4 pixels × 16 channels in registers), clamped, and their maximum is taken in window order
/// and clamped again. Every value goes through the same operations in the same order as in the two
/// separate kernels, so the results are bit-identical to them; convolution pixels no window reads (the
/// last row or column of an odd-sized output) are not computed.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values; groups = 1; `convOutputShape` the conv output; `convFloatMaxPoolIsFusable(pool:…)`
/// holds and `output` holds `outputShape.flatSize` values; `windows`, when given, built from these params and shapes.
///
/// With AVX-512 (`clk_conv_float_max_pool_supported`), the windows inside the image go through
/// the C kernel `clk_conv_float_max_pool` (same operations, same order, so the same bits); `windows` sorted
/// at prepare time spares each call that sorting.
public func convFloatMaxPoolFast(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                                 filter: PackedFloatConvFilter, bias: UnsafePointer<Float>?, convOutputShape: Shape4,
                                 pool: PoolParams, outputShape: Shape4, output: UnsafeMutablePointer<Float>,
                                 accumulation: FloatAccumulation = .fused, windows: ConvFloatPoolWindows? = nil) {
    if clk_conv_float_max_pool_supported() != 0 {
        let windows = windows ?? ConvFloatPoolWindows(params: params, inputShape: inputShape, filterShape: filter.shape,
                                                      outputShape: outputShape)
        if convFloatMaxPoolNative(params: params, inputShape: inputShape, input: input, filter: filter, bias: bias,
                                  convOutputShape: convOutputShape, pool: pool, outputShape: outputShape,
                                  output: output, accumulation: accumulation, windows: windows) { return }
    }
    withConvFloatPlan(params: params, inputShape: inputShape, input: input, filter: filter, bias: bias,
                      outputShape: convOutputShape, output: output) { plan, _ in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * filter.paddedOutputDepth) { scratch in
            let pooled = PooledOutput(shape: outputShape, values: output, lo: pool.floatActivationMin,
                                      hi: pool.floatActivationMax, scratch: scratch.baseAddress!)
            switch accumulation {
            case .fused: plan.runPooled(pooled, FusedMultiplyAdd.self)
            case .separate: plan.runPooled(pooled, SeparateMultiplyAdd.self)
            }
        }
    }
}

/// Where and how `convFloatMaxPoolFast` writes pooled values; `scratch` holds four pixels of border windows.
struct PooledOutput {
    let shape: Shape4
    let values: UnsafeMutablePointer<Float>
    let lo: Float, hi: Float
    let scratch: UnsafeMutablePointer<Float>
}

extension ConvFloatPlan {
    /// Every pool window: four interior pixels in registers, or (on a padded border) four `borderPixel`s
    /// through scratch memory.
    func runPooled<M: MultiplyAdd>(_ pooled: PooledOutput, _ m: M.Type) {
        let geometry = PoolWindowGeometry(params: params, inputShape: inputShape, kh: kh, kw: kw)
        for batch in 0..<inputShape.batches {
            for poolY in 0..<pooled.shape.height {
                let inY = 2 * poolY * params.strideHeight - params.padding.height
                for poolX in 0..<pooled.shape.width {
                    let inX = 2 * poolX * params.strideWidth - params.padding.width
                    let out = pooled.values + pooled.shape.offset(batch, poolY, poolX, 0)
                    if geometry.windowIsInside(inY: inY, inX: inX) {
                        window(first: inputShape.offset(batch, inY, inX, 0), rowStep: poolRowStep,
                               columnStep: poolColumnStep, out: out, pooled, m)
                    } else {
                        borderWindow(batch: batch, inY: inY, inX: inX, out: out, pooled, m)
                    }
                }
            }
        }
    }

    /// Input distance between the top and bottom (left and right) pixels of a pool window.
    var poolRowStep: Int { params.strideHeight * inputShape.width * ic }
    var poolColumnStep: Int { params.strideWidth * ic }

    /// A pool window on a padded border: four `borderPixel`s through scratch memory, then their maximum.
    func borderWindow<M: MultiplyAdd>(batch: Int, inY: Int, inX: Int, out: UnsafeMutablePointer<Float>,
                                      _ pooled: PooledOutput, _ m: M.Type) {
        let (sh, sw) = (params.strideHeight, params.strideWidth)
        for (k, (dy, dx)) in [(0, 0), (0, 1), (1, 0), (1, 1)].enumerated() {
            borderPixel(batch: batch, inY: inY + dy * sh, inX: inX + dx * sw, out: pooled.scratch + k * ocp, m)
        }
        for c in 0..<oc {                           // maxPoolFloat, channel by channel
            var maxValue = -Float.greatestFiniteMagnitude
            for k in 0..<4 { maxValue = Swift.max(maxValue, pooled.scratch[k * ocp + c]) }
            out[c] = Swift.min(Swift.max(maxValue, pooled.lo), pooled.hi)
        }
    }

    /// One pool window whose four convolution pixels (top left, top right, bottom left, bottom right)
    /// lie inside the image: 16 output channels at a time.
    private func window<M: MultiplyAdd>(first: Int, rowStep: Int, columnStep: Int, out: UnsafeMutablePointer<Float>,
                                        _ pooled: PooledOutput, _: M.Type) {
        let x0 = input + first, x1 = x0 + columnStep, x2 = x0 + rowStep, x3 = x2 + columnStep
        let taps = kh * kw * ic
        var o0 = 0
        while o0 < ocp {
            var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
            var wp = weights + o0
            for k in 0..<taps {
                let t = tapOffsets[k]
                let wv = UnsafeRawPointer(wp).loadUnaligned(as: SIMD16<Float>.self)
                M.add(&a0, SIMD16(repeating: x0[t]), wv)
                M.add(&a1, SIMD16(repeating: x1[t]), wv)
                M.add(&a2, SIMD16(repeating: x2[t]), wv)
                M.add(&a3, SIMD16(repeating: x3[t]), wv)
                wp += ocp
            }
            let b = UnsafeRawPointer(bias + o0).loadUnaligned(as: SIMD16<Float>.self)
            let c0 = clamped(a0 + b), c1 = clamped(a1 + b), c2 = clamped(a2 + b), c3 = clamped(a3 + b)
            // Swift.max(m, x) keeps x when x >= m, in window order, as maxPoolFloatFast does.
            var m = SIMD16<Float>(repeating: -.greatestFiniteMagnitude)
            m.replace(with: c0, where: c0 .>= m)
            m.replace(with: c1, where: c1 .>= m)
            m.replace(with: c2, where: c2 .>= m)
            m.replace(with: c3, where: c3 .>= m)
            store(clampLanes(m, lo: pooled.lo, hi: pooled.hi), out + o0, full: o0 + convFloatChannelBlock <= oc,
                  lanes: oc - o0)
            o0 += convFloatChannelBlock
        }
    }
}
