/// Activations the kernels can fuse after a matrix multiply.
public enum ActivationKind: UInt8, Sendable {
    case linear, relu, relu6
}

/// `y[r][j] = act(y[r][j] + bias[j])` over a `rows × cols` block (rows `stride` floats apart; default `cols`).
public func addBiasActivate(
    _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, stride: Int? = nil, bias: UnsafePointer<Float>, _ act: ActivationKind
) {
    if cols % 8 == 0 {  // explicit lanes: the scalar loop does not vectorize (y and bias may alias)
        for r in 0..<rows {
            let p = y + r * (stride ?? cols)
            for j in Swift.stride(from: 0, to: cols, by: 8) {
                var v = load8(p + j) + load8(bias + j)
                // Swift's max(v, 0) is 0 when v <= 0, min(v, 6) is 6 when v > 6 (NaN passes): the same here.
                if act != .linear { v.replace(with: 0, where: v .<= 0) }
                if act == .relu6 { v.replace(with: 6, where: v .> 6) }
                store8(p + j, v)
            }
        }
        return
    }
    for r in 0..<rows {
        let p = y + r * (stride ?? cols)
        switch act {
        case .linear: for j in 0..<cols { p[j] += bias[j] }
        case .relu: for j in 0..<cols { p[j] = max(p[j] + bias[j], 0) }
        case .relu6: for j in 0..<cols { p[j] = min(max(p[j] + bias[j], 0), 6) }
        }
    }
}

/// Applies the activation in place.
public func activate(_ y: UnsafeMutablePointer<Float>, count: Int, _ act: ActivationKind) {
    switch act {
    case .linear: return
    case .relu: for i in 0..<count { y[i] = max(y[i], 0) }
    case .relu6: for i in 0..<count { y[i] = min(max(y[i], 0), 6) }
    }
}

/// Turns `dy` (gradient w.r.t. the activation's output `y`) into the gradient w.r.t. its input,
/// in place. ReLU passes where `y > 0`; ReLU6 where `0 < y < 6` (TensorFlow's convention at the kinks).
public func activationBackward(_ dy: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int, _ act: ActivationKind) {
    switch act {
    case .linear: return
    case .relu: for i in 0..<count { dy[i] = y[i] > 0 ? dy[i] : 0 }
    case .relu6: for i in 0..<count { dy[i] = y[i] > 0 && y[i] < 6 ? dy[i] : 0 }
    }
}

/// `activationBackward` over a `rows × cols` block followed by `columnSums` of the result, in one
/// pass (the same operations in the same order, so the same bits).
public func activationBackward(
    _ dy: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, rows: Int, cols: Int, _ act: ActivationKind,
    columnSums sums: UnsafeMutablePointer<Float>
) {
    guard act == .relu && cols % 8 == 0 else {
        activationBackward(dy, output: y, count: rows * cols, act)
        columnSums(dy, rows: rows, cols: cols, into: sums)
        return
    }
    sums.update(repeating: 0, count: cols)
    for r in 0..<rows {
        let g = dy + r * cols, out = y + r * cols
        for j in stride(from: 0, to: cols, by: 8) {
            var d = load8(g + j)
            d.replace(with: 0, where: .!(load8(out + j) .> 0))
            store8(g + j, d)
            store8(sums + j, load8(sums + j) + d)
        }
    }
}

/// `sums[j] = Σ_r m[r][j]` (overwrites), accumulated in rows order (deterministic).
public func columnSums(_ m: UnsafePointer<Float>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<Float>) {
    sums.update(repeating: 0, count: cols)
    for r in 0..<rows { addInPlace(sums, m + r * cols, count: cols) }
}

/// One Adam step, Keras's formulation: `m += (g-m)(1-β1)`, `v += (g²-v)(1-β2)`,
/// `p -= step · m / (√v + ε)` where `step = lr·√(1-β2ᵗ)/(1-β1ᵗ)` is computed by the caller.
public func adamUpdate(
    params: UnsafeMutablePointer<Float>, grads: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
    v: UnsafeMutablePointer<Float>, count: Int, step: Float, beta1: Float, beta2: Float, epsilon: Float
) {
    var i = 0
    let keep1 = SIMD8<Float>(repeating: 1 - beta1), keep2 = SIMD8<Float>(repeating: 1 - beta2)
    let stepV = SIMD8<Float>(repeating: step), epsilonV = SIMD8<Float>(repeating: epsilon)
    while i + 8 <= count {  // the scalar loop's operations, 8 lanes at a time
        let g = load8(grads + i)
        let mi = load8(m + i) + (g - load8(m + i)) * keep1
        let vi = load8(v + i) + (g * g - load8(v + i)) * keep2
        store8(m + i, mi)
        store8(v + i, vi)
        store8(params + i, load8(params + i) - stepV * mi / (vi.squareRoot() + epsilonV))
        i += 8
    }
    for i in i..<count {
        let g = grads[i]
        m[i] += (g - m[i]) * (1 - beta1)
        v[i] += (g * g - v[i]) * (1 - beta2)
        params[i] -= step * m[i] / (v[i].squareRoot() + epsilon)
    }
}

/// One SGD-with-momentum step, Keras's formulation: `v = μ·v - lr·g`, `p += v`.
public func momentumUpdate(
    params: UnsafeMutablePointer<Float>, grads: UnsafePointer<Float>, velocity: UnsafeMutablePointer<Float>,
    count: Int, learningRate: Float, momentum: Float
) {
    for i in 0..<count {
        velocity[i] = momentum * velocity[i] - learningRate * grads[i]
        params[i] += velocity[i]
    }
}
