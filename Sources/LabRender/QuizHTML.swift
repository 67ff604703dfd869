import LabDocument

/// A quiz in the page. Every question's answer and explanation sit in a `<details>`, so the
/// page works without JavaScript; the script (`QuizScript`) shows the answer box and keeps the
/// answer folded until the reader gets it right or asks for it.
extension HTMLWriter {
    mutating func quiz(_ questions: [Question]) -> String {
        needsScript = true
        var out = "<ol class=\"quiz\">"
        for q in questions {
            let name = slugger.unique("quiz-\(q.id)")  // radio group name and prompt id, unique on the page
            let prompt = "<p class=\"prompt\" id=\"\(name)-prompt\">\(Self.questionID(q))\(Escape.html(q.prompt))</p>"
            switch q.answer {
            case .numeric(let value, let tolerance, let unit):
                out += "<li class=\"quiz-q\" data-kind=\"numeric\" data-answer=\"\(value)\" data-tolerance=\"\(tolerance)\""
                out += (unit.isEmpty ? "" : " data-unit=\"\(Escape.html(unit))\"") + ">" + prompt + "<p class=\"answer-row\" hidden>"
                out += "<input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" aria-labelledby=\"\(name)-prompt\">"
                if !unit.isEmpty { out += " <span class=\"unit\">\(Escape.html(unit))</span>" }
            case .choice:
                out += "<li class=\"quiz-q\" data-kind=\"choice\" data-answer=\"\(q.answerIndex)\">" + prompt
                out += "<div class=\"choices\" role=\"radiogroup\" aria-labelledby=\"\(name)-prompt\">"
                for (i, choice) in q.choices.enumerated() {
                    let letter = Self.letter(i)
                    out += "<label><input type=\"radio\" name=\"\(name)\" value=\"\(letter)\"> <span class=\"letter\">(\(letter))</span> "
                    out += "<span class=\"choice-text\">\(Escape.html(choice))</span></label>"
                }
                out += "</div><p class=\"answer-row\" hidden>"
            }
            out += " <button type=\"button\" class=\"check\">Check</button> <span class=\"feedback\" aria-live=\"polite\"></span>"
            out += " <button type=\"button\" class=\"retry\" hidden>Try again</button>"
            out += " <button type=\"button\" class=\"reveal\" hidden>Show answer</button></p>"
            out += "<details class=\"solution\"><summary>Show answer</summary><p><strong>\(Escape.html(q.answerText))</strong></p>"
            if !q.explanation.isEmpty { out += "<p>\(Escape.html(q.explanation))</p>" }
            out += "</details></li>"
        }
        return out + "</ol>"
    }

    /// The letter before a choice, which explanations cite as (a), (b) …
    static func letter(_ index: Int) -> String { String(UnicodeScalar(UInt8(97 + min(max(index, 0), 25)))) }
}
