import Foundation
import LabDocument
import Testing
@testable import LabRender

/// Figures that read at a glance (issue 15): no bar lengths for values that differ by a hair,
/// log axes for sizes spanning decades, no point hidden under another, one-point curves labelled.
@Suite struct ReadableFigureTests {
    @Test func nearlyEqualBarsBecomeDotsOnAStatedZoomedAxis() {
        let svg = SVGChart.render(Chart(kind: .bar, categories: ["f32", "int8"], series: [.init(name: "accuracy", y: [98.7, 98.65])]))
        #expect(!svg.contains("<rect class=\"c-f0\""))
        #expect(svg.contains("axis zoomed to"))
        #expect(svg.contains(">98.7<") && svg.contains(">98.65<"))
    }

    @Test func barsWithARealSpreadStillStartAtZero() {
        let svg = SVGChart.render(Chart(kind: .bar, categories: ["a", "b"], series: [.init(name: "s", y: [20, 98])]))
        #expect(svg.contains("<rect class=\"c-f0\""))
        #expect(!svg.contains("axis zoomed"))
    }

    @Test func barsSpanningTwoDecadesGetALogAxis() {
        let svg = SVGChart.render(Chart(kind: .bar, categories: ["KWS", "MobileNet", "MNIST"], series: [.init(name: "KB", y: [6504, 187, 56])]))
        #expect(svg.contains("log scale"))
        #expect(svg.contains(">1000<"))
    }

    @Test func labelledBarsLeaveRoomForTheTallestLabel() {
        let svg = SVGChart.render(Chart(kind: .bar, categories: ["0", "1", "2"], series: [.init(name: "count", y: [5923, 6742, 5958])]))
        // The tallest bar no longer reaches the top tick: the axis goes past 6742 by a step.
        #expect(svg.contains(">8000<") || svg.contains(">7500<") || svg.contains(">7000<"))
    }

    @Test func aPointUnderAnotherIsDrawnLargerAsARing() {
        let svg = SVGChart.render(Chart(kind: .scatter, series: [.init(name: "int8", x: [15.6], y: [98.65]),
                                                                 .init(name: "int8 + QAT", x: [15.6], y: [98.65]),
                                                                 .init(name: "f32", x: [51.5], y: [98.7])]))
        #expect(svg.contains("class=\"c-m0\" style=\"stroke-width:14\""))
        #expect(svg.contains("class=\"c-m1\" style=\"stroke-width:7\""))
    }

    @Test func oneEpochCurvesShowLabelledPoints() {
        let svg = SVGChart.render(Chart(kind: .line, series: [.init(name: "loss", x: [1], y: [0.0302])]))
        #expect(svg.contains(">loss 0.0302<"))
    }

    @Test func claimsReadAsNotesAndPassedAssertsFold() {
        let at = SourceLocation(file: "Labs/x.md", line: 338, column: 3)
        let input = RenderInput(document: Document(path: "Labs/x.md", title: "T", params: Record(),
            blocks: [Block(.directive(Directive(step: "claim", id: "c", idWasGiven: true, body: .null, keyLocations: [:], source: "",
                                                location: at, bodyLocation: at)), at: at)], diagnostics: []),
            results: ["c": StepResult(outputs: [.checks([
                Check(text: "int8 is 4× smaller", status: .contradicted, detail: "The source says 4×; this run measured 3.30×.", location: at),
                Check(text: "a >= 1", status: .passed, detail: "left = 2, right = 1", location: at),
                Check(text: "b >= 1", status: .passed, detail: "left = 3, right = 1", location: at),
            ])])])
        let html = HTMLRenderer.render(input)
        #expect(html.contains("<span class=\"status\">Differs here</span> <q>int8 is 4× smaller</q>"))
        #expect(html.contains("<details class=\"checks-passed\"><summary>✓ All 2 checks of this page&#39;s numbers held</summary>")
            || html.contains("<details class=\"checks-passed\"><summary>✓ All 2 checks of this page's numbers held</summary>"))
        #expect(!html.contains("Labs/x.md:338:3"))
        #expect(!html.contains("contradicted"))
    }
}
