extension Document {
    /// The parsed tree as text, one node per line, children indented by two spaces, for golden
    /// tests and debugging. Blocks and values end with their `line:col`; inline nodes other than
    /// values have no position of their own. Strings are quoted with `\n`, `\"` and `\\` escapes.
    ///
    /// ```
    /// document "LAB: Title"
    ///   param epochs = 5 3:3
    ///   heading(2) 5:1
    ///     text "Why "
    ///     math "x_1"
    ///   directive train #baseline 9:1 body 10:1
    ///     key epochs = 5 10:1
    ///   diagnostic 12:7 error: expected an expression after '+'
    /// ```
    public func dump() -> String {
        var out = DumpWriter()
        out.line(0, "document \(DumpWriter.quote(title))")
        for (key, value) in params.pairs {
            out.line(1, "param \(key) = \(DumpWriter.text(value))\(DumpWriter.position(paramLocations[key]))")
        }
        blocks.forEach { out.block($0, 1) }
        for d in diagnostics {
            out.line(1, "diagnostic \(d.location.line):\(d.location.column) \(d.severity.rawValue): \(d.message)")
        }
        return out.text
    }
}

/// Builds the text of `Document.dump()`.
struct DumpWriter {
    private(set) var text = ""

    mutating func line(_ depth: Int, _ s: String) {
        text += String(repeating: "  ", count: depth) + s + "\n"
    }

    static func position(_ l: SourceLocation?) -> String { l.map { " \($0.line):\($0.column)" } ?? "" }

    mutating func block(_ block: Block, _ depth: Int) {
        let at = Self.position(block.location)
        switch block.kind {
        case .heading(let level, let inlines):
            line(depth, "heading(\(level))\(at)")
            inlines.forEach { inline($0, depth + 1) }
        case .paragraph(let inlines):
            line(depth, "paragraph\(at)")
            inlines.forEach { inline($0, depth + 1) }
        case .blockQuote(let children):
            line(depth, "blockquote\(at)")
            children.forEach { self.block($0, depth + 1) }
        case .list(let ordered, let start, let tight, let items):
            let kind = ordered ? "ordered start=\(start)" : "bullet"
            line(depth, "list \(kind)\(tight ? " tight" : " loose")\(at)")
            for item in items {
                line(depth + 1, "item" + (item.task.map { $0 ? " [x]" : " [ ]" } ?? ""))
                item.blocks.forEach { self.block($0, depth + 2) }
            }
        case .code(let info, let code):
            line(depth, "code \(Self.quote(info))\(at)")
            line(depth + 1, Self.quote(code))
        case .math(let tex):
            line(depth, "math-block \(Self.quote(tex))\(at)")
        case .table(let table):
            line(depth, "table \(table.alignments.map(\.rawValue).joined(separator: " "))\(at)")
            row("header", table.header, depth + 1)
            table.rows.forEach { row("row", $0, depth + 1) }
        case .html(let html):
            line(depth, "html \(Self.quote(html))\(at)")
        case .thematicBreak:
            line(depth, "thematic-break\(at)")
        case .conditional(let c):
            line(depth, "if \(Self.quote(c.condition.source))\(at)")
            c.then.forEach { self.block($0, depth + 1) }
            if !c.otherwise.isEmpty {
                line(depth, "else")
                c.otherwise.forEach { self.block($0, depth + 1) }
            }
        case .directive(let d):
            let id = d.idWasGiven ? "#\(d.id)" : "(\(d.id))"
            line(depth, "directive \(d.step.isEmpty ? "?" : d.step) \(id)\(at) body\(Self.position(d.bodyLocation))")
            switch d.body {
            case .record(let record):
                for (key, value) in record.pairs {
                    line(depth + 1, "key \(key) = \(Self.text(value))\(Self.position(d.keyLocations[key]))")
                }
            case .list(let items):
                for (i, value) in items.enumerated() {
                    line(depth + 1, "item \(i) = \(Self.text(value))\(Self.position(d.keyLocations[String(i)]))")
                }
            default:
                line(depth + 1, "body = \(Self.text(d.body))")
            }
        }
    }

    private mutating func row(_ name: String, _ cells: [[Inline]], _ depth: Int) {
        line(depth, name)
        for cell in cells {
            line(depth + 1, "cell")
            cell.forEach { inline($0, depth + 2) }
        }
    }

    mutating func inline(_ inline: Inline, _ depth: Int) {
        func nested(_ name: String, _ children: [Inline]) {
            line(depth, name)
            children.forEach { self.inline($0, depth + 1) }
        }
        switch inline {
        case .text(let s): line(depth, "text \(Self.quote(s))")
        case .code(let s): line(depth, "code \(Self.quote(s))")
        case .emphasis(let c): nested("emphasis", c)
        case .strong(let c): nested("strong", c)
        case .strikethrough(let c): nested("strikethrough", c)
        case .link(let destination, let title, let c):
            nested("link \(Self.quote(destination))" + (title.isEmpty ? "" : " title=\(Self.quote(title))"), c)
        case .image(let source, let title, let alt):
            line(depth, "image \(Self.quote(source)) alt=\(Self.quote(alt))" + (title.isEmpty ? "" : " title=\(Self.quote(title))"))
        case .html(let s): line(depth, "html \(Self.quote(s))")
        case .softBreak: line(depth, "softbreak")
        case .lineBreak: line(depth, "linebreak")
        case .math(let tex, let display): line(depth, "\(display ? "display-math" : "math") \(Self.quote(tex))")
        case .value(let span): line(depth, "value {{ \(span.expression) }}\(Self.position(span.location))")
        }
    }

    /// A value as compact YAML-like flow text: `{a: 1, b: [x, "y z"]}`; strings always quoted.
    static func text(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return Expr.format(x)
        case .string(let s): return quote(s)
        case .list(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .record(let r): return "{" + r.pairs.map { "\($0.key): \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
