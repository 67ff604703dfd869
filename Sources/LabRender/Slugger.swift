/// Makes heading ids: lowercase, letters and digits kept, runs of anything else become one `-`;
/// a repeated slug gets `-2`, `-3`, … so every id on the page is unique.
struct Slugger {
    private var used: Set<String> = []

    /// The slug of `text` alone, without the uniqueness suffix.
    static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(ch)
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// A unique id for `text` on this page.
    mutating func unique(_ text: String) -> String {
        let base = Slugger.slug(text)
        var candidate = base
        var n = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }
}
