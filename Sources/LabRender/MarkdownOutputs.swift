import Foundation
import LabDocument

/// Directives in Markdown: outputs as GFM, figures as files named `<directive id>-<n>.svg|png`.
extension MarkdownWriter {
    mutating func directive(_ d: Directive) -> String {
        let show = input.show[d.id] ?? .result
        if show == .none { return "" }
        let outputs = input.results[d.id]?.outputs ?? []
        var parts: [String] = []
        if let reason = input.stale[d.id] { parts.append("> [!WARNING]\n> **Stale:** " + Escape.markdown(reason)) }
        if show == .sourceAndResult { parts.append(fenced("# lab \(d.step) #\(d.id)\n" + d.source, info: "yaml")) }
        var figureCount = 0
        // An explorer's facts table repeats what a table of the same step already lists.
        let hasTable = outputs.contains { if case .table = $0 { return true } else { return false } }
        for output in outputs {
            if case .explorer(let e) = output, hasTable {
                parts.append(explorer(e, directiveID: d.id, figureCount: &figureCount, factsTable: false))
                continue
            }
            parts.append(self.output(output, directiveID: d.id, figureCount: &figureCount))
        }
        if let artifacts = input.results[d.id]?.artifacts, !artifacts.isEmpty {
            parts.append("Files: " + artifacts.map { "[\(Escape.codeSpan($0))](\($0.contains(" ") ? "<\($0)>" : $0))" }.joined(separator: ", "))
        }
        let ownCaptions = Set(outputs.compactMap(HTMLWriter.caption(of:)))
        if let caption = input.captions[d.id], !caption.isEmpty, !ownCaptions.contains(caption), !outputs.isEmpty {
            parts.append("*\(Escape.markdown(caption))*")
        }
        return parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// Stores a figure file and returns its link target.
    private mutating func addFile(_ data: Data, directiveID: String, count: inout Int, ext: String) -> String {
        count += 1
        let safe = String(directiveID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        var name = "\(safe)-\(count).\(ext)"
        var n = 2
        while files[name] != nil { name = "\(safe)-\(count)-\(n).\(ext)"; n += 1 }  // ids differing only in unsafe characters
        files[name] = data
        return "\(filesDirectory)/\(name)"
    }

    private func figureLink(_ path: String, alt: String, caption: String?) -> String {
        let link = "![\(Escape.markdown(alt))](\(path.contains(" ") ? "<\(path)>" : path))"
        return caption.map { link + "\n\n*\(Escape.markdown($0))*" } ?? link
    }

    private mutating func output(_ output: Output, directiveID id: String, figureCount: inout Int) -> String {
        switch output {
        case .table(let t):
            let table = pipeTable(header: t.columns.map(Escape.tableCell), rows: t.rows.map { $0.map(Escape.tableCell) },
                                  alignments: t.alignments)
            return t.caption.map { table + "\n\n*\(Escape.markdown($0))*" } ?? table
        case .chart(let chart):
            let path = addFile(Data(SVGChart.render(chart, standalone: true).utf8), directiveID: id, count: &figureCount, ext: "svg")
            return figureLink(path, alt: chart.title.isEmpty ? (chart.caption ?? "chart") : chart.title, caption: chart.caption)
        case .images(let grid):
            guard let picture = ImageGridPicture(grid) else { return "*(no images to show)*" }
            let path = addFile(picture.png, directiveID: id, count: &figureCount, ext: "png")
            var out = figureLink(path, alt: grid.caption ?? "image grid", caption: grid.caption)
            if !grid.labels.isEmpty {
                let columns = max(1, grid.columns)
                let rows = stride(from: 0, to: grid.labels.count, by: columns).map {
                    grid.labels[$0..<min($0 + columns, grid.labels.count)].joined(separator: " ")
                }
                out += "\n\nLabels, row by row: " + rows.map(Escape.markdown).joined(separator: " · ")
            }
            return out
        case .text(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { Escape.lineStart(Escape.markdown(String($0))) }.joined(separator: "\n")
        case .code(let code, let language):
            return fenced(code, info: language)
        case .checks(let checks):
            return checks.map { c in
                if c.status == .holds || c.status == .contradicted {
                    let line = "- **\(c.status == .holds ? "Holds here" : "Differs here"):** “\(Escape.markdown(c.text))”"
                    return c.detail.isEmpty ? line : line + " " + Escape.markdown(c.detail)
                }
                var line = "- \(c.status == .passed ? "✓" : "✗") **\(c.status.label)** \(Escape.codeSpan(c.text))"
                if !c.detail.isEmpty { line += ": " + Escape.markdown(c.detail) }
                return line
            }.joined(separator: "\n")
        case .quiz(let questions):
            return quiz(questions)
        case .diagram(let diagram):
            let path = addFile(Data(SVGDiagram.render(diagram, standalone: true).utf8), directiveID: id, count: &figureCount, ext: "svg")
            return figureLink(path, alt: diagram.title.isEmpty ? (diagram.caption ?? "diagram") : diagram.title, caption: diagram.caption)
        case .explorer(let explorer):
            return self.explorer(explorer, directiveID: id, figureCount: &figureCount)
        case .error(let message, let location):
            let body = message.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + Escape.markdown(String($0)) }
            return (["> [!CAUTION]", "> **This step failed** at \(Escape.codeSpan(location.description))", ">"] + body).joined(separator: "\n")
        case .skipped(let reason):
            return "> [!NOTE]\n> **Skipped:** " + Escape.markdown(reason).replacingOccurrences(of: "\n", with: "\n> ")
        }
    }

    private func quiz(_ questions: [Question]) -> String {
        var list: [String] = []
        var answers: [String] = []
        for (i, q) in questions.enumerated() {
            var item = "\(i + 1). `\(q.id)` " + Escape.markdown(q.prompt)
            for (k, choice) in q.choices.enumerated() where k < 26 {
                item += "\n   - (\(Character(UnicodeScalar(UInt8(97 + k))))) " + Escape.markdown(choice)
            }
            if case .numeric(_, _, let unit) = q.answer, !unit.isEmpty { item += " *(answer in \(Escape.markdown(unit)))*" }
            list.append(item)
            var answer = "\(i + 1). **\(Escape.markdown(q.answerText))**"
            if !q.explanation.isEmpty { answer += ". " + Escape.markdown(q.explanation) }
            answers.append(answer)
        }
        return list.joined(separator: "\n") + "\n\n<details><summary>Answers</summary>\n\n" + answers.joined(separator: "\n")
            + "\n\n</details>"
    }

    private mutating func explorer(_ e: Explorer, directiveID id: String, figureCount: inout Int, factsTable: Bool = true) -> String {
        guard !e.views.isEmpty else { return "" }
        let initial = min(max(0, e.initial), e.views.count - 1)
        var parts: [String] = []
        if !e.title.isEmpty { parts.append("**\(Escape.markdown(e.title))**") }
        let view = e.views[initial]
        let path = addFile(Data(SVGChart.render(view.chart, standalone: true).utf8), directiveID: id, count: &figureCount, ext: "svg")
        parts.append(figureLink(path, alt: view.chart.title.isEmpty ? "\(e.sliderLabel) \(view.label)" : view.chart.title,
                                caption: "\(e.sliderLabel): \(view.label). The HTML page has a slider for the other settings."))
        guard factsTable else { return parts.joined(separator: "\n\n") }
        var names: [String] = []
        for v in e.views { for f in v.facts where !names.contains(f.name) { names.append(f.name) } }
        let rows = e.views.map { v in
            [Escape.tableCell(v.label)] + names.map { n in Escape.tableCell(v.facts.first { $0.name == n }?.value ?? "") }
        }
        parts.append(pipeTable(header: ([e.sliderLabel] + names).map(Escape.tableCell), rows: rows,
                               alignments: [.left] + names.map { _ in .right }))
        return parts.joined(separator: "\n\n")
    }
}
