import Yams

/// Turns fenced code blocks whose info string starts with `lab` into `Directive`s:
/// `lab STEP [#id]` plus a YAML body. Checks the header and the ids; the step name itself is
/// checked by LabRunner, which knows the steps.
struct DirectiveReader {
    let file: String
    /// The lab's lines, to point at the words of a fence line.
    let lines: [Substring]
    private var stepCounts: [String: Int] = [:]
    private var firstUse: [String: SourceLocation] = [:]
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, text: String) {
        self.file = file
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `blocks` with every `lab` code block (also inside lists and quotes) made a directive.
    mutating func resolve(_ blocks: [Block]) -> [Block] {
        blocks.map { block in
            var block = block
            switch block.kind {
            case .code(let info, let text):
                if info.split(whereSeparator: \.isWhitespace).first == "lab" {
                    block.kind = .directive(directive(info: info, body: text, at: block.location))
                }
            case .blockQuote(let children):
                block.kind = .blockQuote(resolve(children))
            case .list(let ordered, let start, let tight, let items):
                let resolved = items.map { ListItem(task: $0.task, blocks: resolve($0.blocks)) }
                block.kind = .list(ordered: ordered, start: start, tight: tight, items: resolved)
            default:
                break
            }
            return block
        }
    }

    /// The words of the info string with where each is written on the fence line.
    private func infoWords(_ info: String, at fence: SourceLocation) -> [(text: Substring, location: SourceLocation)] {
        guard fence.line >= 1, fence.line <= lines.count else {
            return info.split(whereSeparator: \.isWhitespace).map { ($0, fence) }
        }
        let line = lines[fence.line - 1]
        let start = line.utf8.index(line.startIndex, offsetBy: max(0, fence.column - 1), limitedBy: line.endIndex)
            ?? line.endIndex
        return line[start...].drop(while: { $0 == "`" || $0 == "~" }).split(whereSeparator: \.isWhitespace).map { word in
            let column = line.utf8.distance(from: line.startIndex, to: word.startIndex) + 1
            return (word, SourceLocation(file: file, line: fence.line, column: column))
        }
    }

    private mutating func directive(info: String, body: String, at fence: SourceLocation) -> Directive {
        let words = infoWords(info, at: fence)
        guard !words.isEmpty else { return Directive(step: "", id: "", idWasGiven: false, body: .record(Record()),
                                                     keyLocations: [:], source: body, location: fence, bodyLocation: fence) }
        var step = ""
        var id: String? = nil
        if words.count < 2 || words[1].text.hasPrefix("#") {
            diagnostics.append(Diagnostic(words[0].location, "a 'lab' block needs a step name",
                                          hint: "write the fence as ```lab STEP or ```lab STEP #id"))
        } else {
            step = String(words[1].text)
        }
        let idWord = words.dropFirst().first(where: { $0.text.hasPrefix("#") })
        if let idWord {
            let name = String(idWord.text.dropFirst())
            if Self.isValidID(name) {
                id = name
            } else {
                diagnostics.append(Diagnostic(idWord.location, "invalid id '\(idWord.text)'",
                                              hint: "an id starts with a letter and has only letters, digits, '_' and '-'"))
            }
        }
        let known = words.prefix(2).count + (words.dropFirst(2).first?.text.hasPrefix("#") == true ? 1 : 0)
        if let extra = words.dropFirst(known).first {
            diagnostics.append(Diagnostic(extra.location, "unexpected '\(extra.text)' after the step name",
                                          hint: "the fence line is ```lab STEP [#id]; put parameters in the body"))
        }
        stepCounts[step, default: 0] += 1
        let finalID = id ?? "\(step.isEmpty ? "lab" : step)-\(stepCounts[step, default: 1])"
        let idLocation = idWord?.location ?? fence
        if let first = firstUse[finalID] {
            diagnostics.append(Diagnostic(idLocation, "duplicate id '\(finalID)'",
                                          hint: "the id is already used at line \(first.line); give this block its own #id"))
        } else {
            firstUse[finalID] = idLocation
        }
        let bodyLocation = SourceLocation(file: file, line: fence.line + 1, column: fence.column)
        let (value, keys) = readBody(body, at: bodyLocation)
        var directive = Directive(step: step, id: finalID, idWasGiven: id != nil, body: value, keyLocations: keys,
                                  source: body, location: fence, bodyLocation: bodyLocation)
        directive.valueLocations = valueLocations(of: body, at: bodyLocation)
        return directive
    }

    /// Where every value of the body starts, by path (see `Directive.valueLocations`), so a
    /// problem deep in a body points at its own line and column.
    private func valueLocations(of body: String, at start: SourceLocation) -> [String: SourceLocation] {
        let yaml = YAMLReader(body, file: file, firstLine: start.line, columnOffset: start.column - 1)
        guard case .success(let root?) = yaml.compose() else { return [:] }
        var out: [String: SourceLocation] = [:]
        var ignored: [Diagnostic] = []
        // An explicit stack: YAMLSafety bounds the depth, but a loop costs nothing.
        var pending: [(path: String, node: Node)] = []
        switch root {
        case .sequence(let items): pending = items.enumerated().map { ("items.\($0.offset)", $0.element) }
        case .mapping(let mapping): pending = yaml.entries(of: mapping, diagnostics: &ignored).map { ($0.key, $0.value) }
        default: return [:]
        }
        while let (path, node) = pending.popLast() {
            var at = yaml.location(node.mark)
            // A quoted scalar's text starts after its quote: `{{ }}` columns count from there.
            if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { at.column += 1 }
            out[path] = at
            switch node {
            case .sequence(let items): pending += items.enumerated().map { ("\(path).\($0.offset)", $0.element) }
            case .mapping(let mapping):
                for entry in yaml.entries(of: mapping, diagnostics: &ignored) {
                    pending.append(("\(path).\(entry.key)", entry.value))
                    out["\(path).\(entry.key):"] = entry.location
                }
            default: break
            }
        }
        return out
    }

    /// `[A-Za-z][A-Za-z0-9_-]*`
    static func isValidID(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
    }

    /// The YAML body as a value: mapping → record, sequence → list, empty → empty record,
    /// with where each top-level key (or list element, keyed "0", "1", …) was written.
    private mutating func readBody(_ body: String, at start: SourceLocation) -> (Value, [String: SourceLocation]) {
        let yaml = YAMLReader(body, file: file, firstLine: start.line, columnOffset: start.column - 1)
        var keys: [String: SourceLocation] = [:]
        switch yaml.compose() {
        case .failure(let diagnostic):
            diagnostics.append(diagnostic)
            return (.record(Record()), keys)
        case .success(nil):
            return (.record(Record()), keys)
        case .success(let root?):
            switch root {
            case .mapping(let mapping):
                var record = Record()
                for (key, location, node) in yaml.entries(of: mapping, diagnostics: &diagnostics) {
                    record[key] = yaml.value(of: node, diagnostics: &diagnostics)
                    keys[key] = location
                }
                return (.record(record), keys)
            case .sequence(let sequence):
                for (i, node) in sequence.enumerated() { keys[String(i)] = yaml.location(node.mark) }
                return (yaml.value(of: root, diagnostics: &diagnostics), keys)
            default:
                diagnostics.append(Diagnostic(yaml.location(root.mark), "the body of a 'lab' block must be a YAML mapping or list",
                                              hint: "write one 'name: value' per line"))
                return (.record(Record()), keys)
            }
        }
    }
}
