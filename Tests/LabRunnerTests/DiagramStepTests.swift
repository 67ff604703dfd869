import LabDocument
import Testing
@testable import LabRunner

@Suite struct DiagramStepTests {
    private func plan(_ body: String) -> Plan {
        Planner().plan(Document.parse(text: "# Lab\n\n```lab diagram #flow\n\(body)\n```\n", path: "lab.md"))
    }

    /// Runs the one directive of `body` with the planner's parameters.
    private func run(_ body: String) throws -> StepResult {
        let planned = plan(body)
        #expect(planned.diagnostics.isEmpty)
        let step = try #require(planned.steps.first)
        return try DiagramStep.run(step.parameters, DataStepFixture.context()).result
    }

    @Test func readsNodesEdgesAndMultiLineText() throws {
        let result = try run("""
            title: Troubleshooting
            nodes:
              - {id: start, text: "Accuracy dropped\\nafter conversion", style: terminal}
              - {id: calib, text: Representative calibration?, style: decision}
              - id: more
                text: Use more samples\\nfrom the training set
              - {id: done, style: highlight}
            edges:
              - start -> calib
              - "calib -> more: no"
              - {from: calib, to: done, label: "yes"}
            """)
        #expect(result.fields["nodes"] == .number(4))
        #expect(result.fields["edges"] == .number(3))
        guard case .diagram(let d)? = result.outputs.first else { Issue.record("no diagram"); return }
        #expect(d.title == "Troubleshooting")
        #expect(d.columns.count == 1)
        let nodes = d.columns[0]
        #expect(nodes.map(\.id) == ["start", "calib", "more", "done"])
        #expect(nodes[0].lines == ["Accuracy dropped", "after conversion"])
        // A plain scalar keeps `\n` as two characters; it still breaks the line.
        #expect(nodes[2].lines == ["Use more samples", "from the training set"])
        #expect(nodes[3].lines == ["done"])
        #expect(nodes.map(\.style) == [.terminal, .decision, .box, .highlight])
        #expect(d.edges.map { "\($0.from)>\($0.to):\($0.label)" } == ["start>calib:", "calib>more:no", "calib>done:yes"])
    }

    /// The nodes' own shape (keys, styles) is checked by their declared shape (DeclaredShapeTests);
    /// what needs all the nodes together is checked here, each mistake on its own line.
    @Test func reportsEveryMistakeOnItsOwnLine() {
        let messages = plan("""
            nodes:
              - {id: start, text: Begin}
              - {id: check, style: decision}
              - {id: start, text: Again}
              - {id: end, text: Stop}
            edges:
              - start -> chek
              - "check -> finish: yes"
              - start
            """).diagnostics.map(\.description)
        // In line order (the planner sorts).
        #expect(messages == [
            "lab.md:7:5: error: duplicate node id 'start'\n  hint: every node needs its own id",
            "lab.md:10:5: error: edge 'start -> chek': no node 'chek' (did you mean 'check'?)\n  hint: node ids: start, check, end",
            "lab.md:11:5: error: edge 'check -> finish: yes': no node 'finish'\n  hint: node ids: start, check, end",
            "lab.md:12:5: error: edge 3 must be \"a -> b\", \"a -> b: label\" or {from, to, label}",
        ])
    }

    @Test func needsNodes() {
        let messages = plan("title: Empty\nnodes: []").diagnostics.map(\.description)
        #expect(messages == [
            "lab.md:5:1: error: 'nodes' must be a non-empty list of {id, text, style}\n  hint: e.g. nodes: [{id: start, text: Convert the model, style: terminal}]",
        ])
    }
}
