import Foundation

/// Prose shown only when a condition holds:
///
/// ```markdown
/// <!-- lab if: cal10.accuracy >= int8.accuracy -->
/// Ten images are enough: calibration needs few samples.
/// <!-- lab else -->
/// Ten images are too few here.
/// <!-- lab end -->
/// ```
///
/// The markers are HTML comments, so on GitHub (or any Markdown viewer) both branches read as
/// ordinary paragraphs and the markers are invisible. `else` is optional; blocks may nest.
public struct Conditional: Sendable {
    /// The condition, as a `{{ }}` span of the prose would be: evaluated with the prose values
    /// (`choose`-wrapped so a value that is not true or false is an error, not a silent branch).
    public var condition: ValueSpan
    public var then: [Block]
    public var otherwise: [Block]

    public init(condition: ValueSpan, then: [Block], otherwise: [Block]) {
        self.condition = condition
        self.then = then
        self.otherwise = otherwise
    }
}

/// Groups the blocks between `<!-- lab if: EXPR -->`, `<!-- lab else -->` and
/// `<!-- lab end -->` markers into `.conditional` blocks, at every level (quotes, list items).
struct ConditionalBlocks {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    private enum Marker {
        case start(ValueSpan)
        case otherwise
        case end
    }

    /// An open `if` while grouping: its condition, where it is, and the blocks gathered so far.
    private struct Open {
        var condition: ValueSpan
        var location: SourceLocation
        var then: [Block] = []
        var otherwise: [Block]? = nil
        mutating func append(_ b: Block) {
            if otherwise != nil { otherwise!.append(b) } else { then.append(b) }
        }
    }

    mutating func group(_ blocks: [Block]) -> [Block] {
        var out: [Block] = []
        var stack: [Open] = []
        func emit(_ b: Block) {
            if stack.isEmpty { out.append(b) } else { stack[stack.count - 1].append(b) }
        }
        for var block in blocks {
            switch block.kind {
            case .blockQuote(let children): block.kind = .blockQuote(group(children))
            case .list(let ordered, let start, let tight, let items):
                block.kind = .list(ordered: ordered, start: start, tight: tight,
                                   items: items.map { ListItem(task: $0.task, blocks: group($0.blocks)) })
            default: break
            }
            guard case .html(let raw) = block.kind, let marker = marker(raw, at: block.location) else {
                emit(block)
                continue
            }
            switch marker {
            case .start(let span): stack.append(Open(condition: span, location: block.location))
            case .otherwise:
                if stack.isEmpty || stack[stack.count - 1].otherwise != nil {
                    diagnostics.append(Diagnostic(block.location, "'<!-- lab else -->' without an open '<!-- lab if: … -->'",
                                                  hint: "an else comes once, between '<!-- lab if: EXPR -->' and '<!-- lab end -->'"))
                } else {
                    stack[stack.count - 1].otherwise = []
                }
            case .end:
                guard let open = stack.popLast() else {
                    diagnostics.append(Diagnostic(block.location, "'<!-- lab end -->' without an open '<!-- lab if: … -->'"))
                    continue
                }
                emit(Block(.conditional(Conditional(condition: open.condition, then: open.then, otherwise: open.otherwise ?? [])),
                           at: open.location))
            }
        }
        // An `if` never closed: reported, and its blocks kept as plain prose.
        for open in stack {
            diagnostics.append(Diagnostic(open.location, "'<!-- lab if: … -->' has no '<!-- lab end -->'",
                                          hint: "close the conditional prose with <!-- lab end --> on its own line"))
            out += open.then + (open.otherwise ?? [])
        }
        return out
    }

    /// The marker an HTML block is, if it is one: a single comment starting with `lab`.
    private mutating func marker(_ raw: String, at location: SourceLocation) -> Marker? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("<!--"), text.hasSuffix("-->") else { return nil }
        let inner = text.dropFirst(4).dropLast(3)
        let words = inner.trimmingCharacters(in: .whitespaces)
        guard words.hasPrefix("lab ") || words == "lab" else { return nil }
        let rest = words.dropFirst(3).trimmingCharacters(in: .whitespaces)
        if rest == "else" { return .otherwise }
        if rest == "end" { return .end }
        guard rest.hasPrefix("if:") else {
            diagnostics.append(Diagnostic(location, "unknown marker '<!-- lab \(rest) -->'",
                                          hint: "the markers are <!-- lab if: EXPR -->, <!-- lab else --> and <!-- lab end -->"))
            return nil
        }
        let source = String(rest.dropFirst(3))
        // Where the expression starts on the marker's line.
        let offset = raw.utf8.count - (raw.drop { $0.isWhitespace }).utf8.count
        let prefix = raw.range(of: "if:").map { raw[..<$0.upperBound].utf8.count } ?? offset
        var at = location
        at.column += prefix
        do {
            let condition = try Expr.parse(source, locatedBy: TextLocator(start: at))
            at.column += source.utf8.prefix(while: { $0 == UInt8(ascii: " ") }).count
            let checked = Expr.filter(condition.expression, name: "choose", arguments: [.string("true"), .string("false")])
            return .start(ValueSpan(source: source.trimmingCharacters(in: .whitespaces), expression: checked, location: at,
                                    references: condition.references))
        } catch {
            // Reported; the markers still pair up, so the blocks after it are not misread.
            diagnostics.append(error)
            return .start(ValueSpan(source: source, expression: .bool(true), location: at))
        }
    }
}
