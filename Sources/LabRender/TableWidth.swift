/// How wide a table must be at the least, so the page can say which tables scroll on a phone, and
/// break points for long names in cells. Sizes are estimates (no font metrics offline), in rem.
enum TableWidth {
    /// A phone's text column: 390 px less the page's margins, in rem.
    static let phoneColumn = 22.4

    /// The width a table needs at the least: per column its longest unbreakable piece (a whole cell
    /// where the cell does not wrap, as numbers do not) at the table's .9rem, plus the cell padding a phone gives.
    static func minimum(_ rows: [[String]], nowrap: (Int) -> Bool) -> Double {
        var columns: [Int: Int] = [:]
        for row in rows {
            for (i, cell) in row.enumerated() {
                let piece = nowrap(i) ? cell.count : pieces(cell).map(\.count).max() ?? 0
                columns[i] = max(columns[i] ?? 0, piece)
            }
        }
        return columns.values.map { Double($0) * 0.9 * 0.56 + 1 }.reduce(0, +)
    }

    /// Whether the table needs more than a phone's column, so it scrolls there.
    static func scrollsOnPhone(_ rows: [[String]], nowrap: (Int) -> Bool = { _ in false }) -> Bool {
        minimum(rows, nowrap: nowrap) > phoneColumn
    }

    /// A long word may break after these (tensor names like `model/conv2d/BiasAdd;model/conv2d/Conv2D`).
    static let breakAfter: Set<Character> = ["/", ";", "_", ".", ":", ",", "-", "|"]
    /// Words longer than this get break opportunities.
    static let longWord = 16

    /// The pieces a browser may break `text` into once `breakable` has marked it.
    static func pieces(_ text: String) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace).flatMap { word -> [Substring] in
            guard word.count > longWord else { return [word] }
            var out: [Substring] = [], start = word.startIndex
            for i in word.indices where breakAfter.contains(word[i]) {
                out.append(word[start...i]); start = word.index(after: i)
            }
            if start < word.endIndex { out.append(word[start...]) }
            return out
        }
    }

    /// `text` escaped for HTML, with `<wbr>` after the separators in long words so a narrow column
    /// breaks a long name at its parts instead of growing the table.
    static func breakable(_ text: String) -> String {
        var out = ""
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        for (n, word) in words.enumerated() {
            if n > 0 { out += " " }
            guard word.count > longWord else { out += Escape.html(String(word)); continue }
            for c in word {
                out += Escape.html(String(c))
                if breakAfter.contains(c) { out += "<wbr>" }
            }
        }
        return out
    }
}
