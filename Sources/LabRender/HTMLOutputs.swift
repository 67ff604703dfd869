import Foundation
import LabDocument

/// Directives: each is replaced by what its step showed.
extension HTMLWriter {
    mutating func directive(_ d: Directive) -> String {
        let show = input.show[d.id] ?? .result
        if show == .none { return "" }
        let outputs = input.results[d.id]?.outputs ?? []
        var parts: [String] = []
        if let reason = input.stale[d.id] {
            parts.append("<p class=\"stale-badge\"><strong>Stale</strong> \(Escape.html(reason))</p>")
        }
        if show == .sourceAndResult {
            let source = "# lab \(d.step) #\(d.id)\n" + d.source
            parts.append("<pre class=\"directive-source\"><code class=\"language-yaml\">\(Escape.html(source))</code></pre>")
        }
        for output in outputs { parts.append(self.output(output)) }
        if let artifacts = input.results[d.id]?.artifacts, !artifacts.isEmpty {
            let links = artifacts.map { "<a href=\"\(Escape.html($0.replacingOccurrences(of: " ", with: "%20")))\"><code>\(Escape.html($0))</code></a>" }
            parts.append("<p class=\"artifacts\">Files: \(links.joined(separator: ", "))</p>")
        }
        let ownCaptions = Set(outputs.compactMap(Self.caption(of:)))
        if let caption = input.captions[d.id], !caption.isEmpty, !ownCaptions.contains(caption), !outputs.isEmpty {
            parts.append("<p class=\"caption\">\(Escape.html(caption))</p>")
        }
        if parts.isEmpty { return "" }
        let id = slugger.unique("step-\(d.id)")
        return "<div class=\"step step-\(Escape.html(d.step))\" id=\"\(id)\">\n" + parts.joined(separator: "\n") + "\n</div>\n"
    }

    static func caption(of output: Output) -> String? {
        switch output {
        case .table(let t): return t.caption
        case .chart(let c): return c.caption
        case .images(let g): return g.caption
        case .diagram(let d): return d.caption
        default: return nil
        }
    }

    mutating func output(_ output: Output) -> String {
        switch output {
        case .table(let table): return resultTable(table)
        case .chart(let chart): return figure(SVGChart.responsive(chart), caption: chart.caption, cls: "chart-figure")
        case .images(let grid):
            guard let picture = ImageGridPicture(grid) else {
                return "<div class=\"skipped-box\">No images to show (\(grid.images.count) of \(grid.width)×\(grid.height)).</div>"
            }
            return figure(picture.svg(label: grid.caption ?? "image grid"), caption: grid.caption, cls: "images-figure")
        case .text(let text): return "<p class=\"step-note\">\(Escape.html(text))</p>"
        case .code(let code, let language):
            let cls = language.isEmpty ? "" : " class=\"language-\(Escape.html(language))\""
            return "<pre class=\"step-code\"><code\(cls)>\(Escape.html(code))</code></pre>"
        case .checks(let checks): return self.checks(checks)
        case .quiz(let questions): return quiz(questions)
        case .diagram(let diagram): return figure(SVGDiagram.responsive(diagram), caption: diagram.caption, cls: "diagram-figure")
        case .explorer(let explorer): return self.explorer(explorer)
        case .error(let message, let location):
            return "<div class=\"error-box\" role=\"alert\"><p class=\"box-title\">This step failed</p>"
                + "<p><code>\(Escape.html(location.description))</code></p><pre>\(Escape.html(message))</pre></div>"
        case .skipped(let reason):
            return "<div class=\"skipped-box\"><p class=\"box-title\">Skipped</p><p>\(Escape.html(reason))</p></div>"
        }
    }

    private func figure(_ svg: String, caption: String?, cls: String) -> String {
        let cap = caption.map { "<figcaption>\(Escape.html($0))</figcaption>" } ?? ""
        return "<figure class=\"\(cls)\">\(svg)\(cap)</figure>"
    }

    private func resultTable(_ table: ResultTable) -> String {
        func cls(_ i: Int) -> String {
            switch i < table.alignments.count ? table.alignments[i] : .none {
            case .right: return " class=\"num\""
            case .center: return " class=\"center\""
            default: return ""
            }
        }
        // Numbers never wrap (the page's CSS); long names may break at their parts.
        func isNumber(_ i: Int) -> Bool { i < table.alignments.count && table.alignments[i] == .right }
        func cell(_ i: Int, _ text: String) -> String { isNumber(i) ? Escape.html(text) : TableWidth.breakable(text) }
        let wide = TableWidth.scrollsOnPhone([table.columns] + table.rows, nowrap: isNumber)
        var out = "<figure class=\"table-figure\"><div class=\"table-wrap scroll-x\(wide ? " scroll-hint" : "")\"><table>\n<thead><tr>"
        out += table.columns.enumerated().map { "<th\(cls($0.offset))>\(Escape.html($0.element))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            out += "<tr>" + row.enumerated().map { "<td\(cls($0.offset))>\(cell($0.offset, $0.element))</td>" }.joined() + "</tr>\n"
        }
        out += "</tbody></table></div>"
        if let caption = table.caption { out += "<figcaption>\(Escape.html(caption))</figcaption>" }
        return out + "</figure>"
    }

    /// Claims read as notes ("holds here" / "differs here", neutral colours); asserts that passed fold
    /// into one line that opens; a failed assert stays visible. Source locations are for the console.
    private func checks(_ checks: [Check]) -> String {
        let claims = checks.filter { $0.status == .holds || $0.status == .contradicted }
        let asserts = checks.filter { $0.status == .passed || $0.status == .failed }
        var out = ""
        if !claims.isEmpty {
            out += "<ul class=\"checks claims\">"
            for c in claims {
                let same = c.status == .holds
                out += "<li class=\"claim \(same ? "same" : "differs")\"><span class=\"status\">\(same ? "Holds here" : "Differs here")</span> "
                out += "<q>\(Escape.html(c.text))</q>"
                if !c.detail.isEmpty { out += "<span class=\"detail\">\(Escape.html(c.detail))</span>" }
                out += "</li>"
            }
            out += "</ul>"
        }
        let failed = asserts.filter { $0.status == .failed }
        if !failed.isEmpty { out += assertList(failed) }
        let passed = asserts.filter { $0.status == .passed }
        if !passed.isEmpty {
            let what = passed.count == 1 ? "1 check of this page's numbers held" : "All \(passed.count) checks of this page's numbers held"
            out += "<details class=\"checks-passed\"><summary>✓ \(failed.isEmpty ? what : "\(passed.count) other checks held")</summary>"
                + assertList(passed) + "</details>"
        }
        return out
    }

    private func assertList(_ checks: [Check]) -> String {
        var out = "<ul class=\"checks\">"
        for check in checks {
            let ok = check.status == .passed
            out += "<li class=\"\(ok ? "pass" : "fail")\"><span class=\"mark\" aria-hidden=\"true\">\(ok ? "✓" : "✗")</span> "
            out += "<span class=\"status\">\(check.status.label)</span> <code>\(Escape.html(check.text))</code>"
            if !check.detail.isEmpty { out += "<span class=\"detail\">\(Escape.html(check.detail))</span>" }
            out += "</li>"
        }
        return out + "</ul>"
    }

    /// The id a student uses in an answers file for `labrun answers`.
    static func questionID(_ q: Question) -> String { "<code class=\"qid\" title=\"id for labrun answers\">\(Escape.html(q.id))</code> " }

    private mutating func explorer(_ explorer: Explorer) -> String {
        guard !explorer.views.isEmpty else { return "" }
        needsScript = true
        let initial = min(max(0, explorer.initial), explorer.views.count - 1)
        var out = "<div class=\"explorer\">"
        if !explorer.title.isEmpty { out += "<p class=\"explorer-title\">\(Escape.html(explorer.title))</p>" }
        out += "<label class=\"explorer-control\"><span>\(Escape.html(explorer.sliderLabel)): "
        out += "<output>\(Escape.html(explorer.views[initial].label))</output></span>"
        out += "<input type=\"range\" min=\"0\" max=\"\(explorer.views.count - 1)\" step=\"1\" value=\"\(initial)\"></label>"
        for (i, view) in explorer.views.enumerated() {
            out += "<div class=\"explorer-view\" data-label=\"\(Escape.html(view.label))\"\(i == initial ? "" : " hidden")><dl class=\"facts\">"
            for fact in view.facts { out += "<div><dt>\(Escape.html(fact.name))</dt><dd>\(Escape.html(fact.value))</dd></div>" }
            out += "</dl>" + SVGChart.responsive(view.chart) + "</div>"
        }
        return out + "</div>"
    }
}

extension Check.Status {
    /// The word shown next to the mark.
    var label: String {
        switch self {
        case .passed: return "passed"
        case .failed: return "failed"
        case .holds: return "holds"
        case .contradicted: return "contradicted"
        }
    }
}

extension Question {
    /// The index of the right choice (0 for a numeric question).
    var answerIndex: Int {
        if case .choice(let i) = answer { return i }
        return 0
    }

    /// "Answer: 0.9 MB (within ± 0.05)" or "Answer: (b) float16", shown after checking and in Markdown.
    var answerText: String {
        switch answer {
        case .numeric(let value, let tolerance, let unit):
            let u = unit.isEmpty ? "" : " \(unit)"
            let within = tolerance > 0 ? " (accepted within ± \(shortNumber(tolerance))\(u))" : ""
            return "Answer: \(shortNumber(value))\(u)\(within)"
        case .choice(let i):
            let letter = i >= 0 && i < 26 ? "(\(Character(UnicodeScalar(UInt8(97 + i))))) " : ""
            return "Answer: \(letter)\(i >= 0 && i < choices.count ? choices[i] : "choice \(i + 1)")"
        }
    }
}
