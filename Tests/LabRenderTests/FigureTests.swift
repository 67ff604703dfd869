import Foundation
import LabDocument
import Testing
@testable import LabRender

@Suite struct FigureTests {
    func node(_ id: String) -> Diagram.Node { .init(id: id, lines: [id]) }

    @Test func ranksAreLongestPathsFromTheSources() {
        // a → b → c and a → c: c sits below b, not beside it.
        let column = ["a", "b", "c", "d"].map(node)
        let edges = [Diagram.Edge(from: "a", to: "b"), .init(from: "b", to: "c"), .init(from: "a", to: "c")]
        #expect(DiagramLayout.ranks(column, edges: edges) == ["a": 0, "b": 1, "c": 2, "d": 0])
    }

    @Test func cyclesDoNotPushRanksUpForever() {
        // start → check → fix → check: the edge back to check is drawn, but does not count for ranks.
        let column = ["start", "check", "fix"].map(node)
        let edges = [Diagram.Edge(from: "start", to: "check"), .init(from: "check", to: "fix"), .init(from: "fix", to: "check"),
                     .init(from: "fix", to: "fix"), .init(from: "fix", to: "nowhere")]
        #expect(DiagramLayout.ranks(column, edges: edges) == ["start": 0, "check": 1, "fix": 2])
        let layout = DiagramLayout(Diagram(columns: [column], edges: edges))
        #expect(layout.route(edges[2]) == .back)
        #expect(layout.route(edges[4]) == nil)
    }

    @Test func nodesInARowAreCentredAndDoNotOverlap() throws {
        let diagram = Diagram(columns: [["top", "left", "right"].map(node)],
                              edges: [.init(from: "top", to: "left"), .init(from: "top", to: "right")])
        let layout = DiagramLayout(diagram)
        let top = try #require(layout.boxes["top"]), left = try #require(layout.boxes["left"]), right = try #require(layout.boxes["right"])
        #expect(left.y == right.y && left.y > top.bottom)
        #expect(left.x + left.width + DiagramLayout.nodeGap == right.x)
        #expect(abs(top.midX - (left.x + right.x + right.width) / 2) < 1e-9)
    }

    @Test func columnsSitSideBySide() throws {
        let layout = DiagramLayout(Diagram(columns: [[node("float")], [node("int8")]], edges: [.init(from: "float", to: "int8")]))
        let a = try #require(layout.boxes["float"]), b = try #require(layout.boxes["int8"])
        #expect(a.y == b.y && b.x >= a.x + a.width + DiagramLayout.columnGap)
        #expect(layout.route(Diagram.Edge(from: "float", to: "int8")) == .across)
    }

    @Test func chartsDrawOneMarkPerValue() {
        let bars = SVGChart.render(Chart(kind: .bar, categories: ["a", "b", "c"], series: [.init(name: "s", y: [1, 2, 3])]))
        #expect(bars.components(separatedBy: "<rect class=\"c-f0\"").count - 1 == 3)
        let grouped = SVGChart.render(Chart(kind: .groupedBar, categories: ["a", "b"],
                                            series: [.init(name: "x", y: [1, 2]), .init(name: "y", y: [3, 4])]))
        #expect(grouped.components(separatedBy: "<rect class=\"c-f1\"").count - 1 == 3)  // two bars and a legend swatch
        let scatter = SVGChart.render(Chart(kind: .scatter, series: [.init(name: "p", x: [1, 2, .nan], y: [1, 2, 3])]))
        #expect(scatter.contains("<path class=\"c-m0\" style=\"stroke-width:7\" d=\""))
        #expect(scatter.components(separatedBy: "h0").count - 1 == 2)  // one dot per point; the NaN point is dropped
    }

    @Test func logChartsDropNonPositiveValues() {
        let svg = SVGChart.render(Chart(kind: .line, series: [.init(name: "l", x: [1, 2, 3], y: [0, 0.1, 10])], logY: true))
        #expect(svg.components(separatedBy: "h0").count - 1 == 2)
        #expect(svg.contains(">0.1</text>") && svg.contains(">10</text>"))
    }

    @Test func referenceLinesAreDashedAndLabelled() {
        let svg = SVGChart.render(Chart(kind: .bar, categories: ["a"], series: [.init(name: "s", y: [100])],
                                        referenceLines: [(label: "budget <256>", value: 50)]))
        #expect(svg.contains("class=\"c-ref\""))
        #expect(svg.contains(">budget &lt;256&gt;</text>"))
    }

    @Test func anEmptyChartSaysSo() {
        let svg = SVGChart.render(Chart(kind: .line, title: "Nothing", series: []))
        #expect(svg.contains(">no data</text>"))
    }

    @Test func shortNumbersKeepFourSignificantDigits() {
        #expect(shortNumber(400.5) == "400.5")
        #expect(shortNumber(0.98912) == "0.9891")
        #expect(shortNumber(1024) == "1024")
        #expect(shortNumber(0.00390625) == "0.003906")
        #expect(shortNumber(2.5e-6) == "2.50e-06")
    }
}
