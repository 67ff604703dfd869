import LiteKernels

/// The last check before a kernel step is built. LiteKernels is compiled `-Ounchecked` and indexes raw
/// pointers, so a kernel must only ever see element counts that prepare has proven: every tensor a step
/// reads or writes holds exactly the number of elements the kernel's own arguments imply (rows × depth,
/// the `Shape4` it is given, …). Each `prepare…` calls this for every pointer it captures, with the count
/// computed from the kernel arguments, not from the tensor itself.
extension OpContext {
    /// `t` is allocated and holds exactly `elements` values of its type.
    func requireExtent(_ t: RuntimeTensor, _ role: String, _ elements: Int) throws {
        guard t.isAllocated, t.count == elements, t.byteCount == elements * t.elementSize else {
            let verb = role.hasPrefix("output") ? "writes" : "reads"
            throw invalid("\(role) holds \(t.count) values (shape \(t.shape)) but the kernel \(verb) \(elements)")
        }
    }

    /// `requireExtent` for an NHWC tensor passed to a kernel as `shape`.
    func requireExtent(_ t: RuntimeTensor, _ role: String, _ shape: Shape4) throws {
        guard shape.batches >= 0, shape.height >= 0, shape.width >= 0, shape.depth >= 0 else {
            throw invalid("\(role) has a negative dimension in \(shape)")
        }
        try requireExtent(t, role, shape.flatSize)
    }
}
