import Foundation

/// A data-free lab for the step-cache tests: seven quick steps, one lab parameter (`weight`)
/// read by `#w` and `#codes`, and a chain `#w` → `#again`, so a change shows exactly which
/// steps depend on what.
enum CacheLab {
    /// Every directive in run order: id and step.
    static let steps = [("w", "quantize"), ("again", "quantize"), ("fixed", "quantize"), ("codes", "table"),
                        ("checks", "assert"), ("claims", "claim"), ("quiz", "quiz")]

    static func text(weight: String = "0.5", fixed: String = "0.42", prose: String = "An opening sentence.",
                     extra: String = "") -> String {
        """
        ---
        title: Cache CLI
        params:
          weight: \(weight)
        ---
        # Cache CLI

        \(prose)

        ```lab quantize #w
        range: [-1, 1]
        values: [params.weight]
        show: none
        ```

        ```lab quantize #again
        range: [-2, 2]
        values: w.dequantized
        show: none
        ```

        ```lab quantize #fixed
        values: [\(fixed)]
        scale: 0.025
        zero_point: 0
        ```

        ```lab table #codes
        columns: [Value, Code]
        rows:
          - ["{{ params.weight }}", "{{ w.q[0] }}"]
          - ["the fixed value", "{{ fixed.q[0] }}"]
        ```

        ```lab assert #checks
        - w.q[0] > 0
        - fixed.q[0] == 17
        ```

        ```lab claim #claims
        - text: "The fixed value becomes 17."
          measured: fixed.q[0]
          claimed: 17
        ```

        ```lab quiz #quiz
        - id: q
          question: "Quantize the fixed value with s = 0.025, z = 0."
          answer: fixed.q[0]
          explanation: "round(r / 0.025) = {{ fixed.q[0] }}."
        ```

        The weight {{ params.weight }} becomes code {{ w.q[0] }}; re-quantized, {{ again.q[0] }}.
        \(extra)
        """
    }

    /// A scratch folder with `lab.md` run once (exit 0 expected), as a user starts.
    static func ranOnce(_ text: String = CacheLab.text()) throws -> URL {
        let dir = try LabrunBinary.scratch(lab: text)
        let run = try LabrunBinary.run(["lab.md", "-q"], in: dir)
        guard run.status == 0 else { throw Failure("first run exited \(run.status): \(run.stderr)") }
        return dir
    }

    static func write(_ text: String, in dir: URL) throws {
        try text.write(to: dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
    }

    static func lockURL(_ dir: URL) -> URL { dir.appendingPathComponent("lab.lab.lock") }

    /// The lock file's JSON, read independently of labrun's own types.
    static func lock(_ dir: URL) throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: lockURL(dir)))
        guard let lock = json as? [String: Any] else { throw Failure("the lock file is not a JSON object") }
        return lock
    }

    /// The lock file's record of step `id`.
    static func record(_ id: String, in dir: URL) throws -> [String: Any] {
        let steps = try lock(dir)["steps"] as? [[String: Any]] ?? []
        guard let step = steps.first(where: { $0["id"] as? String == id }) else { throw Failure("no record of '\(id)'") }
        return step
    }

    /// What `--explain` prints when the steps in `ran` ran with those reasons and every other
    /// step was reused from a result recorded on `day`.
    static func explanation(ran: [String: String], reusedFrom day: String) -> String {
        steps.map { id, step in
            ran[id].map { "#\(id) (\(step)): ran: \($0)\n" } ?? "#\(id) (\(step)): reused: recipe unchanged since \(day)\n"
        }.joined()
    }

    /// The day (YYYY-MM-DD) the lock file says `id` ran.
    static func day(of id: String, in dir: URL) throws -> String {
        String((try record(id, in: dir)["date"] as? String ?? "").prefix(10))
    }

    /// The explanation when every step ran for the same reason.
    static func allRan(_ reason: String) -> String {
        explanation(ran: Dictionary(uniqueKeysWithValues: steps.map { ($0.0, reason) }), reusedFrom: "")
    }

    /// The progress lines on stderr (`[3/7] quantize #fixed … cached`).
    static func progress(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("[") }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
