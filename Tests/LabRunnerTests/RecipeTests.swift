import Testing
@testable import LabRunner

@Suite struct RecipeTests {
    let before = Recipe(parts: [
        "labrun": "0.6.0", "step": "convert", "param variant": "\"dynamic\"", "param model": "\"net\"",
        "param calibration": "{method: \"minmax\", samples: 100, source: \"validation\", extra: \"a long value here\"}",
        "lab param seed": "42", "uses net": "aaa", "file f32.tflite": "bbb", "data mnist": "ccc",
    ])

    @Test func everyKindOfChangeIsNamedInAFixedOrder() {
        var after = before
        after.parts["labrun"] = "0.7.0"
        after.parts["param variant"] = "\"int8\""
        after.parts["param calibration"] = "{method: \"kl\", samples: 100, source: \"validation\", extra: \"a long value here\"}"
        after.parts["param io"] = "\"uint8\""
        after.parts["param model"] = nil
        after.parts["lab param seed"] = "7"
        after.parts["uses net"] = "ddd"
        after.parts["file f32.tflite"] = "eee"
        after.parts["data mnist"] = nil
        after.parts["data fashion-mnist"] = "fff"
        #expect(after.changes(since: before) == [
            "labrun's version changed (0.6.0 → 0.7.0)",
            "'calibration' changed",
            "'io' added",
            "'model' removed",
            "'variant' changed (\"dynamic\" → \"int8\")",
            "lab parameter 'seed' changed (42 → 7)",
            "data set fashion-mnist added",
            "data set mnist removed",
            "file f32.tflite changed",
            "'net', which it uses, changed",
        ])
    }

    @Test func changedUpstreamResultsMakeOnePhrase() {
        let before = Recipe(parts: ["uses a": "1", "uses b": "2", "uses c": "3", "uses d": "4"])
        let after = Recipe(parts: ["uses a": "9", "uses b": "9", "uses c": "9", "uses e": "5"])
        #expect(after.changes(since: before) == ["'d', which it uses, removed", "'e', which it uses, added",
                                                 "'a', 'b' and 'c', which it uses, changed"])
    }

    @Test func theKeyDependsOnEveryPartAndNothingElse() {
        #expect(before.key == Recipe(parts: before.parts).key)
        #expect(before.key.count == 64)
        var other = before
        other.parts["uses net"] = "aab"
        #expect(other.key != before.key)
        #expect(before.changes(since: before).isEmpty)
    }
}
