import Foundation
import LabDocument
import Testing
@testable import LabRender

/// Issue 15: what a 390 px wide phone needs from the page's markup and figures (checked in a browser
/// too; these pin what the HTML and SVG must say for it).
@Suite struct PhoneLayoutTests {
    let here = SourceLocation(file: "a.md", line: 1, column: 1)

    func page(_ blocks: [Block.Kind]) -> String {
        let doc = Document(path: "a.md", title: "T", params: Record(), blocks: blocks.map { Block($0, at: here) }, diagnostics: [])
        return HTMLRenderer.render(RenderInput(document: doc))
    }

    func table(_ columns: [String], _ rows: [[String]], _ alignments: [Table.Alignment]) -> String {
        let doc = Document(path: "a.md", title: "T", params: Record(), blocks: [], diagnostics: [])
        var writer = HTMLWriter(input: RenderInput(document: doc))
        return writer.output(.table(ResultTable(columns: columns, rows: rows, alignments: alignments)))
    }

    /// The declarations of the first rule whose selector list is exactly `selector`.
    func rule(_ selector: String, in css: String = PageStyle.css) -> String? {
        guard let start = css.range(of: selector + "{") else { return nil }
        return css[start.upperBound...].split(separator: "}", maxSplits: 1).first.map(String.init)
    }

    @Test func displayFormulasStayWholeAndScrollInTheirOwnBox() throws {
        let html = page([.math("q = \\operatorname{clamp}\\left(\\frac{r}{s} + z,\\; q_{min},\\; q_{max}\\right)")])
        #expect(html.contains("<div class=\"math scroll-x\" title=\"q = \\operatorname{clamp}"))
        let inline = page([.paragraph([.math("a + b", display: true)])])
        #expect(inline.contains("<span class=\"math display scroll-x\" title=\"a + b\">"))
        let formula = try #require(rule("div.math,.math.display"))
        #expect(formula.contains("white-space:nowrap") && formula.contains("overflow-x:auto"))
        #expect(!formula.contains("pre-wrap"))
    }

    @Test func scrollingBoxesShowShadowsOnTheEdgesWithMoreToSee() throws {
        let box = try #require(rule(".scroll-x,pre,.diagram-figure"))
        // Shadows fixed to the box, covers that scroll with the content.
        #expect(box.contains("var(--scroll-shadow),transparent) left center/.8rem 100% no-repeat scroll"))
        #expect(box.contains("var(--scroll-shadow),transparent) right center/.8rem 100% no-repeat scroll"))
        #expect(box.contains("linear-gradient(to right,var(--scroll-bg) 62%,transparent) left center/1.6rem 100% no-repeat local"))
        // Opaque stripes would hide the shadow.
        #expect(rule(".scroll-x tbody tr:nth-child(even)") == "background:var(--stripe)")
    }

    @Test func tablesTooWideForAPhoneSaySoAndNarrowOnesDoNot() {
        let wide = table(["#", "name", "type", "shape", "scale", "zero point", "bytes"],
                         [["2", "conv1.w (const)", "int8", "16×3×3×1", "per-channel (16): 0.001849…0.004811", "0", "144"]],
                         [.right, .left, .left, .left, .right, .right, .right])
        #expect(wide.contains("<div class=\"table-wrap scroll-x scroll-hint\"><table>"))
        let narrow = table(["quantity", "value"], [["scale S", "0.01490"], ["zero point Z", "-128"]], [.left, .right])
        #expect(narrow.contains("<div class=\"table-wrap scroll-x\"><table>"))
        let prose = page([.table(Table(alignments: [.none, .none], header: [[.text("Term")], [.text("Meaning")]],
                                       rows: [[[.text("Scale")], [.text("The real value of one integer step")]]]))])
        #expect(prose.contains("<div class=\"table-wrap scroll-x\"><table>"))
        let hint = PhoneStyle.css
        #expect(hint.contains(".scroll-hint::after{content:\"scroll →\";display:none;"))
        #expect(hint.contains("@media (max-width:30rem){.scroll-hint::after{display:block}td.num,th.num{white-space:nowrap}}"))
    }

    @Test func longTensorNamesBreakAtTheirPartsNotTheTable() {
        let name = "sequential/conv2d/BiasAdd;sequential/conv2d/Conv2D"
        let html = table(["#", "name"], [["0", name]], [.right, .left])
        #expect(html.contains("<td>sequential/<wbr>conv2d/<wbr>BiasAdd;<wbr>sequential/<wbr>conv2d/<wbr>Conv2D</td>"))
        // Short words and numbers are left alone; text is still escaped.
        #expect(TableWidth.breakable("conv1.w (const)") == "conv1.w (const)")
        #expect(TableWidth.breakable("a<b/c_d;e&f.ghijklmnop") == "a&lt;b/<wbr>c_<wbr>d;<wbr>e&amp;f.<wbr>ghijklmnop")
        // The width estimate counts the parts, so such a name alone does not make a table scroll.
        #expect(!TableWidth.scrollsOnPhone([["name"], [name]]))
        #expect(TableWidth.scrollsOnPhone([["name"], [name]], nowrap: { _ in true }))
    }

    @Test func theImageGridScalesToTheColumnWithLegibleLabels() throws {
        let digits = (0..<20).map { _ in [UInt8](repeating: 128, count: 28 * 28) }
        let grid = ImageGrid(width: 28, height: 28, columns: 10, images: digits, labels: (0..<20).map { String($0 % 10) })
        let picture = try #require(ImageGridPicture(grid))
        let svg = picture.svg(label: "digits")
        #expect(svg.contains("viewBox=\"0 0 316 \(picture.height)\""))
        // No minimum width: all ten columns fit a phone; the labels switch to their phone size there.
        #expect(!svg.contains("min-width"))
        #expect(svg.contains("style=\"max-width:948px;--label:6.4px;--label-narrow:9.7px\""))
        #expect(picture.narrowLabelSize * ImageGridPicture.phoneColumn / Double(picture.width) >= 11 - 0.01)
        #expect(svg.contains("class=\"c-text grid-label\">0</text>"))
        #expect(PhoneStyle.css.contains("@media (max-width:32rem){svg.images .grid-label{font-size:var(--label-narrow)}}"))
    }

    @Test func diagramsOfSeveralColumnsStackOnPhonesAndKeepTheirTextSize() throws {
        func box(_ id: String) -> Diagram.Node { .init(id: id, lines: [id, "in int8 1×28×28×1 s=0.003922 z=-128"]) }
        let diagram = Diagram(title: "Operators", columns: [[box("f-in"), box("f-op")], [box("q-in"), box("q-op")]],
                              edges: [.init(from: "f-in", to: "f-op"), .init(from: "q-in", to: "q-op"), .init(from: "f-op", to: "q-in")])
        let stacked = DiagramLayout(diagram, stacked: true)
        let fOp = try #require(stacked.boxes["f-op"]), qIn = try #require(stacked.boxes["q-in"])
        #expect(qIn.y > fOp.bottom)  // the second column below the first
        #expect(abs(fOp.midX - qIn.midX) < 1e-9)
        let sideBySide = DiagramLayout(diagram)
        #expect(stacked.width < sideBySide.width * 0.6)
        let html = SVGDiagram.responsive(diagram)
        #expect(html.components(separatedBy: "<svg ").count == 3)
        #expect(html.contains("class=\"figure diagram chart-wide\""))
        // The phone drawing never shrinks below its own size, so its 10.5 px text stays 10.5 px.
        #expect(html.contains("class=\"figure diagram chart-narrow\" style=\"max-width:\(SVG.n(stacked.width * 1.1))px;min-width:\(SVG.n(stacked.width))px\""))
        // The edge between the columns runs down, not sideways.
        #expect(stacked.route(Diagram.Edge(from: "f-op", to: "q-in")) == .across)
        #expect(stacked.svg(cls: "x").contains("M\(SVG.n(fOp.midX)) \(SVG.n(fOp.bottom))C"))
        // One column needs no second drawing.
        #expect(SVGDiagram.responsive(Diagram(columns: [[box("a")]], edges: [])).components(separatedBy: "<svg ").count == 2)
    }

    @Test func referenceLabelsOfCloseLinesDoNotOverlap() {
        // ±1 std around a narrow peak: both labels wanted the space between the lines.
        let values = (0..<200).map { Double($0 - 100) / 400 }
        let chart = Chart(kind: .histogram, title: "Weights", series: [.init(name: "w", x: values, y: values.map { 100 - abs($0) * 300 })],
                          referenceLines: [(label: "−1 std", value: -0.04), (label: "+1 std", value: 0.03)])
        let svg = SVGChart.render(chart, width: 400, height: 300)
        let labels = svg.components(separatedBy: "class=\"c-ref-text\"").count - 1
        #expect(labels == 2)
        var placer = LabelPlacer(minX: 0, maxX: 400)
        let a = placer.place(.init(x: 200, y: 20, anchor: "start", width: 40, fontSize: 11), else: [])
        let b = placer.place(.init(x: 230, y: 20, anchor: "end", width: 40, fontSize: 11),
                             else: [.init(x: 246, y: 20, anchor: "start", width: 40, fontSize: 11)])
        #expect(!a.overlaps(b) && b.anchor == "start")
        // Drawn: the two labels' boxes are apart.
        let spots = svg.components(separatedBy: "<text ").dropFirst().filter { $0.contains("c-ref-text") }.map { t -> LabelPlacer.Candidate in
            func attr(_ n: String) -> String { t.components(separatedBy: "\(n)=\"")[1].components(separatedBy: "\"")[0] }
            let text = t.components(separatedBy: ">")[1].components(separatedBy: "<")[0]
            return .init(x: Double(attr("x")) ?? 0, y: Double(attr("y")) ?? 0, anchor: attr("text-anchor"),
                         width: SVG.textWidth(text, fontSize: 11), fontSize: 11)
        }
        #expect(spots.count == 2 && !spots[0].overlaps(spots[1]))
    }
}
