import Testing
@testable import LabRunner

/// A claim checked against a bound must not present the bound as the source's figure
/// (the chapter printed "The source says 1.00×" for "int8 is faster", whose source said 2.9×).
@Suite struct ClaimWordingTests {
    @Test(arguments: [
        (">", "The claim needs more than 1.00×; this run measured 1.96×."),
        (">=", "The claim needs at least 1.00×; this run measured 1.96×."),
        ("<", "The claim needs less than 1.00×; this run measured 1.96×."),
        ("<=", "The claim needs at most 1.00×; this run measured 1.96×."),
        ("~", "The source says 1.00×; this run measured 1.96×."),
    ])
    func boundsAreNamedAsBounds(relation: String, expected: String) {
        #expect(ClaimStep.detail(claimed: "1.00×", relation: relation, measured: "1.96×", why: nil) == expected)
    }

    @Test func theWhyFollows() {
        #expect(ClaimStep.detail(claimed: "4×", relation: "~", measured: "3.30×", why: "Biases stay int32.")
            == "The source says 4×; this run measured 3.30×. Biases stay int32.")
    }
}
