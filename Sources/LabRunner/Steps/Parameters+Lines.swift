import LabDocument

extension Parameters {
    /// Where item `index` of the block list under the body key `key` starts (`  - item` → the
    /// item's first character), so a problem with one node or edge points at its own line.
    /// Falls back to the key's location for flow lists (`key: [a, b]`) and for values that did
    /// not come from the body (front matter, `--set`).
    func location(ofItem index: Int, in key: String) -> SourceLocation {
        let keyAt = location(of: key)
        guard directive.keyLocations[key] == keyAt else { return keyAt }
        let body = directive.bodyLocation
        let lines = directive.source.split(separator: "\n", omittingEmptySubsequences: false)
        let keyLine = keyAt.line - body.line
        guard keyLine >= 0, keyLine < lines.count else { return keyAt }
        let keyIndent = Self.indentation(lines[keyLine])
        var listIndent: Int?
        var seen = 0
        for i in (keyLine + 1)..<lines.count {
            let line = lines[i]
            let text = line.drop { $0 == " " }
            if text.isEmpty || text.hasPrefix("#") { continue }
            let indent = Self.indentation(line)
            // A sequence may sit at the key's own indentation (`key:\n- a`), but nothing else may.
            guard indent > keyIndent || (indent == keyIndent && text.hasPrefix("-")) else { break }
            guard text.hasPrefix("- ") || text == "-" else { continue }
            if listIndent == nil { listIndent = indent }
            guard indent == listIndent else { continue }
            if seen == index {
                let content = text.dropFirst().prefix { $0 == " " }.count + 1
                return SourceLocation(file: body.file, line: body.line + i, column: body.column + indent + content)
            }
            seen += 1
        }
        return keyAt
    }

    private static func indentation(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }
}
