import LabDocument
import Testing
@testable import LabRunner

/// `prune.layers`, `model_size.layers`, `diagram.nodes` and `explore.tensor` declare their shapes:
/// lint reports each bad value at its own line:col, before anything runs, and the step reference
/// lists their keys.
@Suite struct DeclaredShapeTests {
    func messages(_ text: String) -> [String] {
        Planner().plan(Document.parse(text: text, path: "lab.md")).diagnostics.map(\.description)
    }

    @Test func pruneLayersAreTextEachAtItsLine() {
        let lab = """
            ```lab train #t
            model: [flatten, {dense: {units: 10}}]
            ```

            ```lab prune #p
            from: t
            layers:
              - conv2d
              - {dense: 1}
              - [a]
            ```
            """
        #expect(messages(lab) == [
            "lab.md:9:5: error: 'layers[1]' must be text, got a mapping",
            "lab.md:10:5: error: 'layers[2]' must be text, got a list",
        ])
    }

    @Test func modelSizeLayersAreCheckedToTheirOptions() {
        let lab = """
            ```lab model_size
            layers:
              - conv2d: {filters: 8, kernel: [3, x]}
              - dropout: {rate: 2}
              - dense: {unit: 10}
              - flaten
            ```
            """
        #expect(messages(lab) == [
            "lab.md:3:38: error: 'layers[0].conv2d.kernel[1]' must be an integer from 1 to 1000000, got \"x\"",
            "lab.md:4:21: error: layer 2 (dropout): 'rate' must be a number from 0 to 1, got 2",
            "lab.md:5:13: error: unknown key 'unit' in layer 3 (dense) (did you mean 'units'?)",
            "lab.md:6:5: error: layer 4: unknown layer kind 'flaten'\n  hint: did you mean 'flatten'? layer kinds: "
                + "conv2d, depthwise_conv2d, maxpool2d, avgpool2d, global_avgpool, flatten, dense, batchnorm, dropout, relu, softmax",
        ])
    }

    @Test func diagramNodesAreMappingsWithKnownKeys() {
        let lab = """
            ```lab diagram
            nodes:
              - {id: a, style: boxy}
              - {text: no id}
              - b
              - {id: c, txt: C}
            ```
            """
        #expect(messages(lab) == [
            "lab.md:3:20: error: 'nodes[0].style' must be one of box, decision, terminal, highlight, got \"boxy\" (did you mean 'box'?)",
            "lab.md:4:5: error: 'nodes[1]' needs 'id': the name edges use",
            "lab.md:5:5: error: 'nodes[2]' must be a mapping, got \"b\"",
            "lab.md:6:13: error: unknown key 'txt' in 'nodes[3]' (did you mean 'text'?)",
        ])
    }

    @Test func exploreTensorIsANameOrAnOpNumber() {
        let lab = """
            ```lab convert #c
            path: model.tflite
            ```

            ```lab explore
            model: c
            tensor: [conv]
            ```

            ```lab explore #e2
            model: c
            tensor: 1.5
            ```
            """
        #expect(messages(lab) == [
            "lab.md:7:9: error: 'tensor' must be text or an integer from 0 to 1000000, got a list",
            "lab.md:12:9: error: 'tensor' must be an integer from 0 to 1000000, got 1.5",
        ])
    }

    @Test func theReferenceListsTheirKeys() {
        let reference = StepReference.markdown(StepRegistry.standard)
        #expect(reference.contains("`nodes` | a list of {id, text, style}"))
        #expect(reference.contains("| `style` | one of box, decision, terminal, highlight | box (default), decision, terminal or highlight |"))
        #expect(reference.contains("`layers` | a list of layer kinds or names"))
        #expect(reference.contains("`tensor` | text or an integer from 0 to 1000000"))
        #expect(reference.contains("| `dropout` | `rate`: a number from 0 to 1, ignored: it adds no parameters | no parameters |"))
    }
}
