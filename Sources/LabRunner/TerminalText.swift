import Foundation

/// The one gate between labrun and the terminal: text from lab and answers files (ids, step
/// names, values quoted in errors, answers) may hold escape sequences that would clear the
/// screen, ring the bell, move the cursor or reverse the text. Every line labrun prints passes
/// through `visible(_:)`, which writes such characters as Swift-style escapes: ESC prints as
/// `\u{1B}`, BEL as `\u{7}`, U+202E as `\u{202E}`. Newline and tab are kept: they are layout.
public enum TerminalText {
    /// `text` with every control character except newline and tab written as `\u{…}`:
    /// C0 and C1 controls, DEL, and the Unicode marks that reorder or separate text
    /// (bidi embeddings, overrides and isolates, line and paragraph separators).
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isHidden(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Writes `text` to standard output, made visible.
    public static func printOut(_ text: String) {
        FileHandle.standardOutput.write(Data(visible(text).utf8))
    }

    /// Writes `text` to standard error, made visible.
    public static func printError(_ text: String) {
        FileHandle.standardError.write(Data(visible(text).utf8))
    }
}
