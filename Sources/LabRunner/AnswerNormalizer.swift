import Foundation

/// Reads a student's typed answer the way a person writes it. The page's script
/// (`QuizScript` in LabRender) follows the same rules; both are tested against one table,
/// `Tests/Fixtures/answer-rules.json`, so the page and `labrun answers` always agree.
///
/// Numbers: an optional sign (`-`, `+` or the Unicode minus `−`); digits grouped in
/// thousands by `,` or a space (normal, no-break, thin or narrow no-break); a decimal point,
/// or a decimal comma where it cannot be a thousands separator (`0,5` is a half, `12,810`
/// is twelve thousand eight hundred and ten); an exponent (`1e-3`); then the question's unit,
/// if any (`100 KB`, `98.7%`; a different unit is not accepted).
///
/// Choices: the letter shown before the choice (`b`, `B`, `(b)`, `b)`), the choice's text
/// (case and spacing ignored), or its index counted from 0 (`1` for the second choice).
public enum AnswerNormalizer {
    static let spaces: Set<Character> = [" ", "\u{00A0}", "\u{2009}", "\u{202F}"]
    static let minus: Set<Character> = ["-", "\u{2212}", "\u{2013}"]

    /// The number `text` writes, or nil when it is not a number (or carries another unit).
    public static func number(_ text: String, unit: String = "") -> Double? {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var sign = 1.0
        if let first = rest.first, minus.contains(first) || first == "+" {
            sign = first == "+" ? 1 : -1
            rest = rest.dropFirst()
        }
        // The numeric body: digits and separators, ending in a digit.
        var body = ""
        while let c = rest.first, c.isASCII && c.isNumber || c == "," || c == "." || spaces.contains(c) {
            body.append(c)
            rest = rest.dropFirst()
        }
        while let last = body.last, spaces.contains(last) { body.removeLast() }
        if body.hasPrefix(".") { body = "0" + body }  // `.5`
        guard let mantissa = decimalDigits(body) else { return nil }
        var exponent = ""
        if let e = rest.first, e == "e" || e == "E" {
            var after = rest.dropFirst()
            if let sign = after.first, sign == "+" || sign == "-" { after = after.dropFirst() }
            let digits = after.prefix(while: { $0.isASCII && $0.isNumber })
            if !digits.isEmpty {
                let length = rest.count - after.count + digits.count
                exponent = String(rest.prefix(length))
                rest = rest.dropFirst(length)
            }
        }
        guard unitMatches(String(rest), unit) else { return nil }
        return Double(mantissa + exponent).map { sign * $0 }
    }

    /// `12,810.5` → `12810.5`; nil when the grouping is not a real thousands grouping.
    static func decimalDigits(_ body: String) -> String? {
        guard let first = body.first, first.isNumber, let last = body.last, last.isNumber else { return nil }
        var groups: [String] = [""]
        var separators: [Character] = []
        for c in body {
            if c.isNumber { groups[groups.count - 1].append(c); continue }
            if groups[groups.count - 1].isEmpty { return nil }  // two separators in a row
            separators.append(spaces.contains(c) ? " " : c)
            groups.append("")
        }
        guard let lastSeparator = separators.last else { return groups[0] }
        let usesSpaces = separators.contains(" ")
        // The decimal separator, if any, is the last one and occurs once.
        var decimal: Character?
        if lastSeparator == "." {
            decimal = "."
        } else if lastSeparator == ",", separators.filter({ $0 == "," }).count == 1 {
            // `12,810` groups thousands; `0,5`, `1,25` and `12 810,5` have a decimal comma.
            let groupsThousands = groups.last!.count == 3 && groups.count == 2 && !groups[0].hasPrefix("0")
            if usesSpaces || !groupsThousands { decimal = "," }
        }
        let fraction = decimal == nil ? nil : groups.removeLast()
        if decimal != nil { separators.removeLast() }
        guard !separators.contains("."), Set(separators).count <= 1 else { return nil }
        if !separators.isEmpty {
            guard (1...3).contains(groups[0].count), !(groups[0].hasPrefix("0")),
                  groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        return groups.joined() + (fraction.map { "." + $0 } ?? "")
    }

    /// Whatever follows the number must be nothing or the question's unit.
    static func unitMatches(_ written: String, _ unit: String) -> Bool {
        let given = squeezed(written)
        return given.isEmpty || (!unit.isEmpty && given == squeezed(unit))
    }

    /// The index of the choice `text` names, or nil.
    public static func choice(_ text: String, in choices: [String]) -> Int? {
        let given = squeezed(text)
        if let i = choices.firstIndex(where: { squeezed($0) == given }) { return i }
        var letter = Substring(given)
        if letter.hasPrefix("(") && letter.hasSuffix(")") { letter = letter.dropFirst().dropLast() }
        else if letter.hasSuffix(")") || letter.hasSuffix(".") { letter = letter.dropLast() }
        if letter.count == 1, let scalar = letter.unicodeScalars.first, ("a"..."z").contains(scalar) {
            let index = Int(scalar.value) - 97
            if index < choices.count { return index }
        }
        if !given.isEmpty, given.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(given), n < choices.count { return n }
        return nil
    }

    /// Lowercased, spaces of every kind removed at the ends and collapsed inside.
    static func squeezed(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { spaces.contains($0) || $0.isWhitespace }).joined(separator: " ")
    }
}
