/// Escaping for the three text contexts the renderers write into.
public enum Escape {
    /// Text between HTML tags (also safe inside double-quoted attributes).
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Plain text as Markdown inline text: characters that would start markup get a backslash.
    static func markdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>|$~".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// Markdown text placed at the start of a line: block markers (`#`, `>`, `-`, `+`, `=`, `1.`) get a
    /// backslash so the line stays a paragraph line. `s` is already escaped inline text.
    static func lineStart(_ s: String) -> String {
        guard let first = s.first else { return s }
        if "#>-+=".contains(first) { return "\\" + s }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let next = s.dropFirst(digits.count).first, next == "." || next == ")" {
            var out = s
            out.insert("\\", at: s.index(s.startIndex, offsetBy: digits.count))
            return out
        }
        return s
    }

    /// A GFM table cell: Markdown-escaped, newlines folded to spaces.
    static func tableCell(_ s: String) -> String {
        markdown(s).replacingOccurrences(of: "\n", with: " ")
    }

    /// Markdown inline text made safe for a table cell: pipes not already escaped (those in code spans)
    /// get a backslash, as GFM requires even inside code.
    static func barePipes(_ markdown: String) -> String {
        var out = ""
        var previous: Character = " "
        for ch in markdown {
            if ch == "|" && previous != "\\" { out.append("\\") }
            out.append(ch)
            previous = ch
        }
        return out.replacingOccurrences(of: "\n", with: " ")
    }

    /// A code span that survives backticks in its content (CommonMark: a longer fence, padded).
    static func codeSpan(_ s: String) -> String {
        var longest = 0, run = 0
        for ch in s { if ch == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = s.hasPrefix("`") || s.hasSuffix("`") ? " " : ""
        return fence + pad + s + pad + fence
    }

    /// A fence for a code block that contains `s`: one backtick longer than any run inside.
    static func codeFence(for s: String) -> String {
        var longest = 0, run = 0
        for ch in s { if ch == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}
