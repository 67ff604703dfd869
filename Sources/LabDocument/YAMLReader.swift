import Yams

/// A YAML text embedded in a lab file (front matter or a directive body), read into `Value`s
/// with every position mapped to a real file line:col.
struct YAMLReader {
    let text: String
    let file: String
    /// The file line of the YAML text's first line.
    let firstLine: Int
    /// Bytes cut from the start of every line before the text (a fence's indentation).
    let columnOffset: Int
    private let lines: [Substring]

    /// What the text is part of, for messages: "a lab", "an answers file".
    let what: String

    init(_ text: String, file: String, firstLine: Int, columnOffset: Int = 0, what: String = "a lab") {
        self.text = text
        self.what = what
        self.file = file
        self.firstLine = firstLine
        self.columnOffset = columnOffset
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The root node (`nil` for an empty text), or the YAML error at its file position.
    func compose() -> Result<Node?, Diagnostic> {
        do {
            try YAMLSafety.check(text, what: what)
            return .success(try Yams.compose(yaml: text, .basic))
        } catch let problem as YAMLSafety.Problem {
            let at = location(line: problem.line, column: problem.column)
            let message = problem.token.map { "\(problem.message) (\($0) at line \(at.line))" } ?? problem.message
            return .failure(Diagnostic(at, message, hint: problem.token == nil ? nil : "write the values out in full"))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error))
        } catch {
            return .failure(Diagnostic(location(line: 1, column: 1), "invalid YAML: \(error)"))
        }
    }

    /// The file position of a Yams mark (1-based line, column in Unicode scalars).
    func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return location(line: 1, column: 1) }
        return location(line: mark.line, column: mark.column)
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        var byteColumn = column
        if line >= 1, line <= lines.count {
            byteColumn = String(lines[line - 1].unicodeScalars.prefix(max(0, column - 1))).utf8.count + 1
        }
        return SourceLocation(file: file, line: firstLine + line - 1, column: byteColumn + columnOffset)
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        func hint(_ context: YamlError.Context?) -> String? {
            context.map { "\($0.text) that starts at \(location($0.mark).line):\(location($0.mark).column)" }
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            if let plain = plainWords(problem, at: mark, context: context) { return plain }
            return Diagnostic(location(mark), "invalid YAML: \(problem)", hint: hint(context))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(secondUse(of: duplicates.first ?? "", inMappingAt: context.mark),
                              "duplicate key \(names) in a YAML mapping", hint: "each key may appear once")
        case .reader(let problem, _, _, _):
            return Diagnostic(location(line: 1, column: 1), "invalid YAML: \(problem)")
        default:
            return Diagnostic(location(line: 1, column: 1), "invalid YAML: \(error)")
        }
    }

    /// The common YAML mistakes said in plain words, with what to do; `nil` for the others.
    private func plainWords(_ problem: String, at mark: Mark, context: YamlError.Context?) -> Diagnostic? {
        let at = location(mark)
        let line = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : ""
        let character = line.unicodeScalars.dropFirst(max(0, mark.column - 1)).first
        let started = context.map { " (it starts at line \(location($0.mark).line))" } ?? ""
        switch problem {
        case "found character that cannot start any token" where character == "\t",
             "found a tab character that violates indentation", "found a tab character where an indentation space is expected":
            return Diagnostic(at, "a tab cannot indent YAML; use spaces", hint: "replace the tab with spaces (two per level)")
        case "found character that cannot start any token":
            let c = character.map { "'\($0)'" } ?? "this character"
            return Diagnostic(at, "YAML cannot start a value with \(c)", hint: "put the value in quotes: \"…\"")
        case "mapping values are not allowed in this context":
            return Diagnostic(at, "unexpected ':' here: this line is indented deeper than the key above it, or a value holds ': '",
                              hint: "indent the keys of one mapping equally, with spaces; put a value that holds ': ' in quotes")
        case "did not find expected ',' or ']'":
            return Diagnostic(at, "a list in [ ] is not closed\(started)", hint: "end the list with ']' and separate items with ','")
        case "did not find expected ',' or '}'":
            return Diagnostic(at, "a mapping in { } is not closed\(started)", hint: "end it with '}' and separate entries with ','")
        case "did not find expected key":
            return Diagnostic(at, "this line is indented more than the key before it, or is not 'key: value'",
                              hint: "indent each key of one mapping the same, with spaces")
        case "found unexpected end of stream" where context?.text.contains("quoted scalar") == true:
            return Diagnostic(at, "a quoted value is not closed\(started)", hint: "end it with the same quote it starts with")
        case "could not find expected ':'":
            return Diagnostic(at, "expected 'key: value'\(started)", hint: "a key is followed by ':' and a space")
        default:
            return nil
        }
    }

    /// Where a block mapping starting at `mark` repeats `key` (Yams reports only the mapping),
    /// or the mapping itself when the repetition is not found as `key:` at the mapping's column.
    private func secondUse(of key: String, inMappingAt mark: Mark) -> SourceLocation {
        let uses = lines.indices.dropFirst(max(0, mark.line - 1)).filter { i in
            let scalars = lines[i].unicodeScalars
            return scalars.prefix(mark.column - 1).allSatisfy { $0 == " " }
                && String(scalars.dropFirst(mark.column - 1)).hasPrefix(key + ":")
        }
        guard uses.count >= 2 else { return location(mark) }
        return location(line: uses[1] + 1, column: mark.column)
    }

    /// A mapping's entries with their keys as strings and where each key was written.
    /// Keys that are not scalars are reported and skipped.
    func entries(of mapping: Node.Mapping, diagnostics: inout [Diagnostic])
        -> [(key: String, location: SourceLocation, value: Node)]
    {
        mapping.compactMap { key, value in
            guard let name = key.scalar?.string else {
                diagnostics.append(Diagnostic(location(key.mark), "a YAML mapping key must be a plain name"))
                return nil
            }
            return (name, location(key.mark), value)
        }
    }

    /// The node as a `Value`: mapping → record (file order), sequence → list, plain scalars
    /// typed by the YAML 1.2 core schema (`yes`/`no` stay strings), quoted scalars → strings.
    func value(of node: Node, diagnostics: inout [Diagnostic]) -> Value {
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain ? Self.plainValue(scalar.string) : .string(scalar.string)
        case .sequence(let sequence):
            return .list(sequence.map { value(of: $0, diagnostics: &diagnostics) })
        case .mapping(let mapping):
            var record = Record()
            for (key, _, valueNode) in entries(of: mapping, diagnostics: &diagnostics) {
                record[key] = value(of: valueNode, diagnostics: &diagnostics)
            }
            return .record(record)
        case .alias:
            diagnostics.append(Diagnostic(location(node.mark), "YAML aliases are not supported here"))
            return .null
        }
    }

    /// Core-schema resolution of a plain scalar.
    static func plainValue(_ s: String) -> Value {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        if isDecimalNumber(s), let x = Double(s) { return .number(x) }
        if s.hasPrefix("0x"), let x = Int(s.dropFirst(2), radix: 16) { return .number(Double(x)) }
        if s.hasPrefix("0o"), let x = Int(s.dropFirst(2), radix: 8) { return .number(Double(x)) }
        return .string(s)
    }

    /// `[-+]? ( \.[0-9]+ | [0-9]+ (\.[0-9]*)? ) ([eE][-+]?[0-9]+)?`
    private static func isDecimalNumber(_ s: String) -> Bool {
        var chars = Substring(s)
        if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
        let integer = chars.prefix(while: \.isASCIIDigit)
        chars = chars.dropFirst(integer.count)
        var fraction = Substring()
        if chars.first == "." {
            chars = chars.dropFirst()
            fraction = chars.prefix(while: \.isASCIIDigit)
            chars = chars.dropFirst(fraction.count)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return false }
        if chars.first == "e" || chars.first == "E" {
            chars = chars.dropFirst()
            if chars.first == "+" || chars.first == "-" { chars = chars.dropFirst() }
            let exponent = chars.prefix(while: \.isASCIIDigit)
            guard !exponent.isEmpty else { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
