import LabDocument

extension Output {
    /// This output with its caption `old` (as written in the body) replaced by `new` (its
    /// `{{ }}` values filled in); other outputs and captions unchanged.
    func replacingCaption(_ old: String, with new: String) -> Output {
        switch self {
        case .table(var t) where t.caption == old: t.caption = new; return .table(t)
        case .chart(var c) where c.caption == old: c.caption = new; return .chart(c)
        case .diagram(var d) where d.caption == old: d.caption = new; return .diagram(d)
        case .images(var g) where g.caption == old: g.caption = new; return .images(g)
        default: return self
        }
    }
}
