import LiteFormat
import LiteKernels

extension OperatorRegistration {
    static let maxPool2D = OperatorRegistration(
        .maxPool2D, maxVersion: 3, stem: "pool",
        quantization: OperatorQuantization(int8Output: .sameAsInput, int8Version: 2),
        describe: poolTitle, prepare: { try $0.preparePool($1, max: true) })
    static let averagePool2D = OperatorRegistration(
        .averagePool2D, maxVersion: 3, stem: "avgpool",
        quantization: OperatorQuantization(int8Output: .sameAsInput, int8Version: 2),
        describe: poolTitle, prepare: { try $0.preparePool($1, max: false) })

    /// `2×2` from the window, the stride when it differs from the window, then activation.
    @Sendable static func poolTitle(_ op: Operator, _ inputShapes: [[Int32]]) -> OperatorTitle {
        guard case .pool2D(let o) = op.options else { return OperatorTitle() }
        var title = OperatorTitle(size: "\(o.filterHeight)×\(o.filterWidth)")
        if o.strideW != o.filterWidth || o.strideH != o.filterHeight { title.notes.append("stride \(o.strideH)") }
        title.notes += OperatorTitle.activationNotes(o.activation)
        return title
    }
}

extension Interpreter {
    /// MAX_POOL_2D and AVERAGE_POOL_2D, float32 and int8 (output keeps the input's quantization).
    ///
    /// Invariants the pool kernels rely on, all checked here: input rank 4; strides and filter sizes ≥ 1;
    /// output height and width ≥ 1 and the output exactly `[batches, outH, outW, depth]` from the padding
    /// rule; output of the input's type (float32 or int8). Fused CONV_2D + MAX_POOL_2D: see `fusedStep`.
    func preparePool(_ c: OpContext, max: Bool) throws -> PreparedOp {
        let input = try c.input(0), output = try c.output()
        guard case .pool2D(let o) = c.op.options else { throw c.invalid("Pool2DOptions are missing") }
        guard o.strideW >= 1, o.strideH >= 1, o.filterWidth >= 1, o.filterHeight >= 1 else {
            throw c.invalid("strides and filter sizes must be at least 1")
        }
        let activation = try c.activation(o.activation)
        let inShape = try c.shape4(input, "input")
        try c.requireType(output, "output", input.type)
        let geometry = computePadding(o.padding == .same ? .same : .valid, strideHeight: Int(o.strideH),
                                      strideWidth: Int(o.strideW), inputHeight: inShape.height, inputWidth: inShape.width,
                                      filterHeight: Int(o.filterHeight), filterWidth: Int(o.filterWidth))
        guard geometry.outputHeight >= 1, geometry.outputWidth >= 1 else {
            throw c.invalid("window \(o.filterHeight)×\(o.filterWidth) leaves no output pixel on input \(input.shape)")
        }
        let outShape = Shape4(inShape.batches, geometry.outputHeight, geometry.outputWidth, inShape.depth)
        try allocate(output, [outShape.batches, outShape.height, outShape.width, outShape.depth], c)
        try c.requireExtent(input, "input", inShape)
        try c.requireExtent(output, "output", outShape)
        var params = PoolParams(padding: geometry.values, strideHeight: Int(o.strideH), strideWidth: Int(o.strideW),
                                filterHeight: Int(o.filterHeight), filterWidth: Int(o.filterWidth))
        switch input.type {
        case .float32:
            (params.floatActivationMin, params.floatActivationMax) = floatActivationRange(activation)
            let x = input.pointer(Float.self), y = output.pointer(Float.self), p = params
            if let fused = try fusedStep(c, max: max, params: p, outShape: outShape, output: output.data) { return fused }
            let kernel = switch (max, options.kernels) {
            case (true, .fast): maxPoolFloatFast
            case (true, .reference): maxPoolFloat
            case (false, .fast): averagePoolFloatFast
            case (false, .reference): averagePoolFloat
            }
            return PreparedOp(run: { kernel(p, inShape, x, outShape, y) })
        case .int8:
            try c.requireQuantized(output, "output")
            (params.quantizedActivationMin, params.quantizedActivationMax) =
                quantizedActivationRange(activation, outputScale: output.scale, outputZeroPoint: output.zeroPoint)
            let x = input.pointer(Int8.self), y = output.pointer(Int8.self), p = params
            if let fused = try fusedStep(c, max: max, params: p, outShape: outShape, output: output.data) { return fused }
            let kernel = switch (max, options.kernels) {
            case (true, .fast): maxPoolFast
            case (true, .reference): maxPool
            case (false, .fast): averagePoolFast
            case (false, .reference): averagePool
            }
            return PreparedOp(run: { kernel(p, inShape, x, outShape, y) })
        default:
            throw c.unsupported("input of type \(input.type)")
        }
    }

    /// The CONV_2D before this MAX_POOL_2D and the pool as one step, when that CONV_2D offered it
    /// (`pendingPoolFusion`) and its fused kernel handles this pool.
    private func fusedStep(_ c: OpContext, max: Bool, params: PoolParams, outShape: Shape4,
                           output: UnsafeMutableRawPointer) throws -> PreparedOp? {
        guard max, options.kernels == .fast, let fusion = pendingPoolFusion, fusion.convOutput == Int(c.op.inputs[0])
        else { return nil }
        pendingPoolFusion = nil
        guard let run = try fusion.make(params, outShape, output) else { return nil }
        return PreparedOp(run: run, replacesStep: fusion.stepIndex)
    }
}
