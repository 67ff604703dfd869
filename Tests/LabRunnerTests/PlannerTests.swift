import LabDocument
import Testing
@testable import LabRunner

@Suite struct PlannerTests {
    func plan(_ text: String, _ overrides: [Override] = []) -> Plan {
        Planner().plan(Document.parse(text: text, path: "lab.md"), overrides: overrides)
    }

    @Test func reportsEveryProblemWithItsLocation() {
        let lab = """
            ---
            params:
              epochs: 5
            ---
            # Lab

            ```lab tabel #t1
            columns: [a]
            ```

            ```lab plot #p1
            series: [{name: s, y: [1, 2]}]
            bins: five
            colour: red
            ```

            ```lab assert #checks
            - p1.x > 1
            - missing.value == 2
            ```

            Prose with {{ params.epoch }} and {{ nothere.x }}.
            """
        let messages = plan(lab).diagnostics.map(\.description)
        #expect(messages == [
            "lab.md:7:1: error: unknown step 'tabel' (did you mean 'table'?)",
            "lab.md:13:7: error: 'bins' must be an integer from 2 to 200, got \"five\"",
            "lab.md:14:1: error: unknown key 'colour' for step 'plot'\n  hint: keys of 'plot': kind, title, x_label, y_label, categories, series, reference, bins, log_y, show, caption",
            "lab.md:18:6: error: 'p1' (plot) has no result field 'x'\n  hint: fields of plot: seconds_to_run",
            "lab.md:19:3: error: unknown name 'missing'\n  hint: names are directive ids or params.NAME",
            "lab.md:22:22: error: unknown lab parameter 'epoch' (did you mean 'params.epochs'?)",
            "lab.md:22:38: error: unknown name 'nothere'\n  hint: names are directive ids or params.NAME",
        ])
    }

    @Test func ordersByDependencyAndFindsCycles() {
        let lab = """
            ```lab table #a
            columns: [x]
            rows: [["{{ b.row_count }}"]]
            ```

            ```lab table #b
            columns: [x]
            rows: [["1"]]
            ```

            ```lab table #c
            columns: [x]
            rows: [["{{ d.row_count }}"]]
            ```

            ```lab table #d
            columns: [x]
            rows: [["{{ c.row_count }}"]]
            ```
            """
        let p = plan(lab)
        #expect(p.steps.map(\.directive.id).prefix(2) == ["b", "a"])
        #expect(p.steps.first { $0.directive.id == "a" }?.dependencies == ["b"])
        #expect(p.diagnostics.map(\.message) == ["dependency cycle: c → d → c"])
    }

    @Test func parametersResolveInOrder() throws {
        let lab = """
            ---
            params:
              bins: 10
            ---
            ```lab plot #h
            kind: histogram
            series: [{name: s, y: [1, 2, 3]}]
            ```

            ```lab plot #g
            kind: histogram
            bins: 20
            series: [{name: s, y: [1, 2, 3]}]
            ```
            """
        let base = plan(lab)
        #expect(base.steps.map { $0.parameters.int("bins") } == [10, 20])
        let set = plan(lab, [Override("bins=12")!, Override("g.bins=40")!])
        #expect(set.steps.map { $0.parameters.int("bins") } == [12, 40])
        #expect(set.steps[0].parameters.string("show") == "result")  // the step default
    }

    @Test func badOverridesAreCommandLineErrors() {
        let doc = Document.parse(text: "---\nparams:\n  epochs: 5\n---\n```lab table #t\ncolumns: [a]\nrows: []\n```\n", path: "lab.md")
        let problems = Planner().checkOverrides([Override("epoch=1")!, Override("x.bins=2")!], in: doc)
        #expect(problems == [
            "--set epoch: the lab has no parameter 'epoch' (did you mean 'epochs'?)",
            "--set x.bins: no directive has the id 'x'",
        ])
    }

    @Test func directiveOverridesAreCheckedAsCommandLineErrors() {
        let doc = Document.parse(text: "```lab table #t\ncolumns: [a]\nrows: []\n```\n\n```lab quantize #q\nvalues: [1]\nscale: 0.1\nzero_point: 0\n```\n", path: "lab.md")
        let sets = ["q.zero_point=1e300", "q.bits=99", "q.scale=x", "q.zero_pint=3", "t.nosuch=3", "q.zero_point=2"]
        let problems = Planner().checkOverrides(sets.map { Override($0)! }, in: doc)
        #expect(problems == [
            "--set t.nosuch: step 'table' has no key 'nosuch' (keys of 'table': columns, rows, align, show, caption)",
            "--set q.zero_point: 'zero_point' must be an integer from -65536 to 65535, got 1e+300",
            "--set q.bits: 'bits' must be an integer from 2 to 16, got 99",
            "--set q.scale: 'scale' must be a number, got \"x\"",
            "--set q.zero_pint: step 'quantize' has no key 'zero_pint' (did you mean 'zero_point'?)",
        ])
    }

    /// Planning walked dependencies recursively (copying the path at each level) and overflowed the
    /// stack on a chain of 3,000 steps; names were searched in an array of every id (quadratic).
    @Test func aChainOfThousandsOfStepsIsOrdered() {
        let n = 5_000
        let text = (0..<(n - 1)).map { "```lab assert #a\($0)\n- a\($0 + 1) == 1\n```" }.joined(separator: "\n\n")
            + "\n\n```lab table #a\(n - 1)\ncolumns: [x]\nrows: []\n```\n"
        let plan = Planner().plan(Document.parse(text: text, path: "lab.md"))
        #expect(plan.diagnostics.isEmpty)
        #expect(plan.steps.map(\.directive.id) == (0..<n).reversed().map { "a\($0)" })
    }
}

