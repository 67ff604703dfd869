import Foundation
import LabDocument
import Testing
@testable import LabRunner

/// A result found by recipe is the result of the directive that asks, whatever id it was
/// stored under: a renamed step, or two steps with the same recipe.
@Suite struct ReboundResultTests {
    @Test func aRenamedTrainStepIsReusedAndItsNetworkServesTheNewId() throws {
        let f = try StepCacheFixture()
        let (first, _) = f.run(StepCacheFixture.lab())
        let renamed = StepCacheFixture.lab().replacingOccurrences(of: "#net", with: "#renamed")
            .replacingOccurrences(of: "model: net", with: "model: renamed")
            .replacingOccurrences(of: "net.test_accuracy", with: "renamed.test_accuracy")
        let (second, _) = f.run(renamed, previous: first.records)
        #expect(second.failures == first.failures)  // the fixture's assert fails on purpose
        let net = try #require(second.explanations.first { $0.id == "renamed" })
        #expect(!net.ran)
        #expect(second.records["renamed"]?.id == "renamed")
        // The conversion ran on the reused network, found under its new id.
        #expect(second.results["small"]?.fields["size_bytes"] == first.results["small"]?.fields["size_bytes"])
    }

    @Test func twoConversionsWithOneRecipeEachGetTheirOwnFile() throws {
        let f = try StepCacheFixture()
        let twice = StepCacheFixture.lab() + """


            ```lab convert #copy
            model: net
            variant: int8
            io: uint8
            calibration: {samples: 20}
            ```

            ```lab assert #copychecks
            - copy.size_bytes == small.size_bytes
            ```
            """
        let (report, _) = f.run(twice)
        #expect(report.failures.count == 1 && report.failures[0].contains("small.size_bytes > 100000"))
        #expect(report.explanations.first { $0.id == "copy" }?.ran == false)
        #expect(report.results["copy"]?.fields["path"] == "copy.tflite")
        #expect(report.results["copy"]?.artifacts == ["copy.tflite"])
        #expect(report.records["copy"]?.artifacts.keys.sorted() == ["copy.tflite"])
        #expect(report.records["copy"]?.isIntact == true)
        let copy = try Data(contentsOf: f.artifacts.appendingPathComponent("copy.tflite"))
        #expect(copy == (try Data(contentsOf: f.artifacts.appendingPathComponent("small.tflite"))))
    }

    /// Two train steps with one recipe: the second is served from the first's result, and a
    /// convert of either finds its network under its own id.
    @Test func twoIdenticalTrainStepsBothConvert() throws {
        let f = try StepCacheFixture()
        let twins = StepCacheFixture.lab() + """


            ```lab train #twin
            model:
              - flatten
              - dense: {units: 10, activation: softmax}
            ```

            ```lab convert #twinsmall
            model: twin
            variant: int8
            io: uint8
            calibration: {samples: 20}
            ```
            """
        let (report, _) = f.run(twins)
        #expect(report.failures.count == 1 && report.failures[0].contains("small.size_bytes > 100000"))
        #expect(report.explanations.first { $0.id == "twin" }?.ran == false)
        #expect(report.results["twinsmall"]?.fields["size_bytes"] == report.results["small"]?.fields["size_bytes"])
        // And again from the cache alone, as a second `labrun` run would.
        let (again, _) = f.run(twins, previous: report.records)
        #expect(again.failures == report.failures)
        #expect(again.results["twinsmall"]?.fields["size_bytes"] == report.results["small"]?.fields["size_bytes"])
    }
}
