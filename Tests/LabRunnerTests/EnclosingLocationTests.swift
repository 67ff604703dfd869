import LabDocument
import Testing
@testable import LabRunner

/// `Parameters.location(at:)` and `ShapeChecker` share one walk: the value's own location,
/// else its nearest enclosing value's.
@Suite struct EnclosingLocationTests {
    let rows = SourceLocation(file: "lab.md", line: 4, column: 1)
    let cell = SourceLocation(file: "lab.md", line: 5, column: 9)

    @Test func findsTheValueItselfFirst() {
        let locations = ["rows": rows, "rows.0.2": cell]
        #expect(locations.enclosing("rows.0.2") == cell)
    }

    @Test func fallsBackToTheNearestEnclosingValue() {
        let locations = ["rows": rows, "rows.1": cell]
        #expect(locations.enclosing("rows.1.3") == cell)
        #expect(locations.enclosing("rows.0.3") == rows)
    }

    @Test func givesNilOutsideEveryWrittenValue() {
        #expect(["rows": rows].enclosing("caption") == nil)
        #expect(["rows": rows].enclosing("row") == nil)
    }
}
