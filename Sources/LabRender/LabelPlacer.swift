/// Places short labels beside chart marks (reference lines) so that none covers another: each label
/// takes the first of its candidate positions that is inside the plot and clear of the labels placed
/// before it (the first candidate if none is).
struct LabelPlacer {
    /// A label position: baseline point, text anchor, and the label's rough size.
    struct Candidate {
        var x: Double
        var y: Double
        var anchor: String
        var width: Double
        var fontSize: Double

        var left: Double { anchor == "end" ? x - width : anchor == "middle" ? x - width / 2 : x }
        var right: Double { left + width }
        var top: Double { y - fontSize * 0.85 }
        var bottom: Double { y + fontSize * 0.25 }

        func overlaps(_ o: Candidate, padding: Double = 3) -> Bool {
            left < o.right + padding && o.left < right + padding && top < o.bottom + 1 && o.top < bottom + 1
        }
    }

    let minX: Double, maxX: Double
    private(set) var placed: [Candidate] = []

    init(minX: Double, maxX: Double) {
        self.minX = minX
        self.maxX = maxX
    }

    mutating func place(_ first: Candidate, else others: [Candidate]) -> Candidate {
        let fits = ([first] + others).first { c in c.left >= minX - 1 && c.right <= maxX + 1 && !placed.contains { $0.overlaps(c) } }
        let chosen = fits ?? first
        placed.append(chosen)
        return chosen
    }
}
