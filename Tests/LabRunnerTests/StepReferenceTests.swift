import Foundation
import Testing
@testable import LabRunner

@Suite struct StepReferenceTests {
    /// Labs/README.md documents every step and parameter exactly as the code declares them.
    @Test func labsReadmeHoldsTheCurrentStepReference() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("Labs/README.md"), encoding: .utf8)
        #expect(readme.contains(StepReference.markdown()),
                "Labs/README.md is out of date: replace its step reference with the output of 'labrun steps'")
        for name in StepRegistry.standard.names { #expect(readme.contains("### `\(name)`")) }
    }

    /// The reference lists every result field (as each step declares it), every layer kind of
    /// `train.model` with its options, and the quiz item keys: the README holds the same text.
    @Test func theReferenceCoversResultFieldsLayersAndNestedKeys() throws {
        let reference = StepReference.markdown()
        let sections = reference.components(separatedBy: "### `").dropFirst()
        for name in StepRegistry.standard.names {
            let step = try #require(StepRegistry.standard.step(named: name))
            let section = try #require(sections.first { $0.hasPrefix(name + "`") })
            for field in step.results.fields + (step.results.perEntry?.fields ?? []) {
                #expect(section.contains("| `\(field.name)` | \(field.type) | "), "\(name).\(field.name)")
            }
            #expect(section.contains("| `seconds_to_run` | number | "))
        }
        let train = try #require(sections.first { $0.hasPrefix("train`") })
        #expect(train.contains("Layers of `model`"))
        for kind in TrainLayers.shape {
            #expect(train.contains("| `\(kind.name)` | "), "layer \(kind.name)")
            for option in kind.options { #expect(train.contains("`\(option.name)`"), "\(kind.name).\(option.name)") }
        }
        #expect(train.contains("| `conv2d` | `filters` (required): an integer from 1 to 1000000, output channels; "))
        let quiz = try #require(sections.first { $0.hasPrefix("quiz`") })
        for key in QuizStep.keys { #expect(quiz.contains("| `\(key)` | "), "quiz key \(key)") }
        let evaluate = try #require(sections.first { $0.hasPrefix("evaluate`") })
        #expect(evaluate.contains("| `dataset` | `mnist` / `fashion-mnist` | the lab parameter `dataset`, else `mnist` |"))
        #expect(train.contains("the 90/10 train/validation split is made after"))
        #expect(!reference.contains("--markdown"))
    }
}
