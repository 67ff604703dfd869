/// Float32 CONV_2D filter repacked once at prepare time from `[out, kh, kw, in]` to
/// `[kh, kw, in, paddedOut]` (zero columns up to a multiple of 16 output channels), so the
/// innermost loop broadcasts one input value against 16 contiguous output channels: it vectorizes
/// without reassociating any sum.
public struct PackedFloatConvFilter: Sendable {
    public let values: [Float]
    /// The original `[out, kh, kw, in]` shape.
    public let shape: Shape4
    /// Output channels rounded up to a multiple of `convFloatChannelBlock`.
    public let paddedOutputDepth: Int

    public init(filter: UnsafePointer<Float>, shape: Shape4) {
        let (oc, kh, kw, ic) = (shape.batches, shape.height, shape.width, shape.depth)
        let ocp = (oc + convFloatChannelBlock - 1) / convFloatChannelBlock * convFloatChannelBlock
        var packed = [Float](repeating: 0, count: kh * kw * ic * ocp)
        for o in 0..<oc {
            for y in 0..<kh {
                for x in 0..<kw {
                    for i in 0..<ic { packed[((y * kw + x) * ic + i) * ocp + o] = filter[shape.offset(o, y, x, i)] }
                }
            }
        }
        values = packed
        self.shape = shape
        paddedOutputDepth = ocp
    }
}

/// Output channels computed together by `convFloatFast` (one `SIMD16<Float>` per pixel).
public let convFloatChannelBlock = 16
/// Output pixels computed together by `convFloatFast`: 5 pixels × 16 channels keep 10 AVX2
/// accumulators in registers beside the weights, the broadcast input and the product (six pixels spill to the stack).
let convFloatPixelBlock = 5

/// Fast float32 CONV_2D for ungrouped convolutions (any stride, dilation, padding): the same taps
/// as `convFloat`, in the same order per output channel ((y, x, in), then the bias, then the clamp),
/// but each multiply is fused with its add (FMA, one rounding instead of two), as LiteRT's XNNPACK
/// path does. So results are not bit-identical to `convFloat`: both lie within γₙ·(Σ|x·w| + |b|) of
/// the exact sum (n = taps + 1, γₙ ≈ n·2⁻²⁴), which the tests check. `.separate` keeps the
/// reference's two roundings, bit-identical to `convFloat` (for models whose float results are
/// re-quantized, where one last-bit difference can move an int8 value by a whole step).
///
/// Pixels whose whole window lies in the image are computed five at a time against 16 output
/// channels held in registers, in one flat loop over the `kh·kw·in` taps (a table gives each tap's
/// input offset); pixels on a padded border go one at a time, skipping outside taps.
/// Requires (LiteKernels is built -Ounchecked; `Interpreter` prepare proves each): input `inputShape.flatSize`
/// values; filter `[out, kh, kw, in / groups]` with kh, kw ≥ 1 and `in` a multiple of its depth; strides, dilations
/// ≥ 1; padding from `computePadding`; output `outputShape.flatSize` values with outH, outW ≥ 1 and depth `out`;
/// bias nil or `out` values; groups = 1 (filter depth = input depth), filter packed from that filter.
public func convFloatFast(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                          filter: PackedFloatConvFilter, bias: UnsafePointer<Float>?,
                          outputShape: Shape4, output: UnsafeMutablePointer<Float>,
                          accumulation: FloatAccumulation = .fused) {
    withConvFloatPlan(params: params, inputShape: inputShape, input: input, filter: filter, bias: bias,
                      outputShape: outputShape, output: output) { plan, block in
        switch accumulation {
        case .fused: plan.run(block: block, FusedMultiplyAdd.self)
        case .separate: plan.run(block: block, SeparateMultiplyAdd.self)
        }
    }
}

/// Builds the `ConvFloatPlan` of one call (bias padded to the packed channels, the tap offset table) in
/// temporary memory and passes it with room for `convFloatPixelBlock` (input, output) offset pairs.
func withConvFloatPlan(params: ConvParams, inputShape: Shape4, input: UnsafePointer<Float>,
                       filter: PackedFloatConvFilter, bias: UnsafePointer<Float>?, outputShape: Shape4,
                       output: UnsafeMutablePointer<Float>,
                       _ body: (ConvFloatPlan, UnsafeMutablePointer<Int>) -> Void) {
    let ocp = filter.paddedOutputDepth
    let (kh, kw, ic) = (filter.shape.height, filter.shape.width, filter.shape.depth)
    withUnsafeTemporaryAllocation(of: Float.self, capacity: ocp) { paddedBias in
        for o in 0..<ocp { paddedBias[o] = o < outputShape.depth ? (bias?[o] ?? 0) : 0 }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: kh * kw * ic + 2 * convFloatPixelBlock) { table in
            var k = 0
            for fy in 0..<kh {
                for fx in 0..<kw {
                    let tap = (fy * params.dilationHeightFactor * inputShape.width + fx * params.dilationWidthFactor) * ic
                    for i in 0..<ic { table[k] = tap + i; k += 1 }
                }
            }
            filter.values.withUnsafeBufferPointer { w in
                let plan = ConvFloatPlan(params: params, inputShape: inputShape, filter: filter, input: input,
                                         weights: w.baseAddress!, bias: paddedBias.baseAddress!,
                                         outputShape: outputShape, output: output, tapOffsets: table.baseAddress!)
                body(plan, table.baseAddress! + k)
            }
        }
    }
}

/// The geometry of one `convFloatFast` call and its two pixel paths.
struct ConvFloatPlan {
    let params: ConvParams, inputShape: Shape4, outputShape: Shape4
    let kh: Int, kw: Int, ic: Int, oc: Int, ocp: Int
    let input: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: UnsafePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let lo: Float, hi: Float
    /// Input offset of each of the `kh·kw·ic` taps from the window's first input value.
    let tapOffsets: UnsafePointer<Int>

    init(params: ConvParams, inputShape: Shape4, filter: PackedFloatConvFilter, input: UnsafePointer<Float>,
         weights: UnsafePointer<Float>, bias: UnsafePointer<Float>, outputShape: Shape4,
         output: UnsafeMutablePointer<Float>, tapOffsets: UnsafePointer<Int>) {
        self.params = params; self.inputShape = inputShape; self.outputShape = outputShape
        (kh, kw, ic, oc, ocp) = (filter.shape.height, filter.shape.width, inputShape.depth, outputShape.depth,
                                 filter.paddedOutputDepth)
        self.input = input; self.weights = weights; self.bias = bias; self.output = output
        (lo, hi) = (params.floatActivationMin, params.floatActivationMax)
        self.tapOffsets = tapOffsets
    }

    /// `block` holds up to five (input offset, output offset) pairs of interior pixels.
    func run<M: MultiplyAdd>(block: UnsafeMutablePointer<Int>, _ m: M.Type) {
        let dh = params.dilationHeightFactor, dw = params.dilationWidthFactor
        var pending = 0
        for batch in 0..<inputShape.batches {
            for outY in 0..<outputShape.height {
                let inY = outY * params.strideHeight - params.padding.height
                let rowsInside = inY >= 0 && inY + (kh - 1) * dh < inputShape.height
                for outX in 0..<outputShape.width {
                    let inX = outX * params.strideWidth - params.padding.width
                    let outOffset = outputShape.offset(batch, outY, outX, 0)
                    if rowsInside && inX >= 0 && inX + (kw - 1) * dw < inputShape.width {
                        block[2 * pending] = inputShape.offset(batch, inY, inX, 0)
                        block[2 * pending + 1] = outOffset
                        pending += 1
                        if pending == convFloatPixelBlock { runBlock(block, count: pending, m); pending = 0 }
                    } else {
                        borderPixel(batch: batch, inY: inY, inX: inX, out: output + outOffset, m)
                    }
                }
            }
        }
        if pending > 0 { runBlock(block, count: pending, m) }
    }

    /// Five interior pixels (the last one repeated when fewer are pending) × all output channels.
    private func runBlock<M: MultiplyAdd>(_ block: UnsafeMutablePointer<Int>, count: Int, _: M.Type) {
        func pixel(_ p: Int) -> Int { 2 * Swift.min(p, count - 1) }
        let x0 = input + block[pixel(0)], x1 = input + block[pixel(1)], x2 = input + block[pixel(2)]
        let x3 = input + block[pixel(3)], x4 = input + block[pixel(4)]
        let taps = kh * kw * ic
        var o0 = 0
        while o0 < ocp {
            var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>()
            var a3 = SIMD16<Float>(), a4 = SIMD16<Float>()
            var wp = weights + o0
            for k in 0..<taps {
                let t = tapOffsets[k]
                let wv = UnsafeRawPointer(wp).loadUnaligned(as: SIMD16<Float>.self)
                M.add(&a0, SIMD16(repeating: x0[t]), wv)
                M.add(&a1, SIMD16(repeating: x1[t]), wv)
                M.add(&a2, SIMD16(repeating: x2[t]), wv)
                M.add(&a3, SIMD16(repeating: x3[t]), wv)
                M.add(&a4, SIMD16(repeating: x4[t]), wv)
                wp += ocp
            }
            let b = UnsafeRawPointer(bias + o0).loadUnaligned(as: SIMD16<Float>.self)
            let full = o0 + convFloatChannelBlock <= oc
            store(clamped(a0 + b), output + block[pixel(0) + 1] + o0, full: full, lanes: oc - o0)
            if count > 1 { store(clamped(a1 + b), output + block[pixel(1) + 1] + o0, full: full, lanes: oc - o0) }
            if count > 2 { store(clamped(a2 + b), output + block[pixel(2) + 1] + o0, full: full, lanes: oc - o0) }
            if count > 3 { store(clamped(a3 + b), output + block[pixel(3) + 1] + o0, full: full, lanes: oc - o0) }
            if count > 4 { store(clamped(a4 + b), output + block[pixel(4) + 1] + o0, full: full, lanes: oc - o0) }
            o0 += convFloatChannelBlock
        }
    }

    /// Forced inline (`@_transparent`): runBlock is too large for `@inline(__always)` to be honored.
    @_transparent
    func clamped(_ value: SIMD16<Float>) -> SIMD16<Float> { clampLanes(value, lo: lo, hi: hi) }

    /// Stores 16 lanes, or the first `lanes` when the block runs past the last channel.
    @_transparent
    func store(_ v: SIMD16<Float>, _ destination: UnsafeMutablePointer<Float>, full: Bool, lanes: Int) {
        if full {
            UnsafeMutableRawPointer(destination).storeBytes(of: v, as: SIMD16<Float>.self)
        } else {
            for lane in 0..<lanes { destination[lane] = v[lane] }
        }
    }

    /// One pixel whose window crosses the image border: the taps inside, in order.
    func borderPixel<M: MultiplyAdd>(batch: Int, inY: Int, inX: Int, out: UnsafeMutablePointer<Float>,
                                             _: M.Type) {
        var o0 = 0
        while o0 < ocp {
            var acc = SIMD16<Float>()
            for fy in 0..<kh {
                let y = inY + params.dilationHeightFactor * fy
                if y < 0 || y >= inputShape.height { continue }
                for fx in 0..<kw {
                    let x = inX + params.dilationWidthFactor * fx
                    if x < 0 || x >= inputShape.width { continue }
                    let px = input + inputShape.offset(batch, y, x, 0)
                    var wp = weights + (fy * kw + fx) * ic * ocp + o0
                    for i in 0..<ic {
                        M.add(&acc, SIMD16(repeating: px[i]), UnsafeRawPointer(wp).loadUnaligned(as: SIMD16<Float>.self))
                        wp += ocp
                    }
                }
            }
            let b = UnsafeRawPointer(bias + o0).loadUnaligned(as: SIMD16<Float>.self)
            store(clamped(acc + b), out + o0, full: o0 + convFloatChannelBlock <= oc, lanes: oc - o0)
            o0 += convFloatChannelBlock
        }
    }
}

/// `min(max(v, lo), hi)` lane by lane with the `Swift.max`/`Swift.min` tie and NaN rules.
@_transparent
func clampLanes(_ value: SIMD16<Float>, lo: Float, hi: Float) -> SIMD16<Float> {
    var v = value
    v.replace(with: lo, where: v .<= lo)     // Swift.max(v, lo) keeps lo when lo >= v
    v.replace(with: hi, where: v .> hi)      // Swift.min(v, hi) takes hi when hi < v
    return v
}

/// How the fast float kernels add each product to their running sums.
public enum FloatAccumulation: Sendable, Equatable {
    /// One fused multiply-add per product (one rounding): about twice the throughput of `.separate`.
    case fused
    /// A rounded product, then a rounded add: bit-identical to the reference loops.
    case separate
}

/// `accumulator += x · w`, chosen at compile time so the inner loops carry no branch.
protocol MultiplyAdd {
    static func add(_ accumulator: inout SIMD16<Float>, _ x: SIMD16<Float>, _ w: SIMD16<Float>)
}

enum FusedMultiplyAdd: MultiplyAdd {
    @_transparent
    static func add(_ accumulator: inout SIMD16<Float>, _ x: SIMD16<Float>, _ w: SIMD16<Float>) {
        accumulator.addProduct(x, w)
    }
}

enum SeparateMultiplyAdd: MultiplyAdd {
    @_transparent
    static func add(_ accumulator: inout SIMD16<Float>, _ x: SIMD16<Float>, _ w: SIMD16<Float>) {
        accumulator += x * w
    }
}
