/// A parsed lab: front matter, then prose and directives in document order.
/// Built by `Document.parse`; never throws on bad text: problems are in `diagnostics`.
public struct Document: Sendable {
    /// The path the lab was read from, as given (used in every location).
    public var path: String
    /// `title` from the front matter, else the first level-1 heading's text.
    public var title: String
    /// `params` from the front matter, in file order.
    public var params: Record
    /// Where each front-matter parameter was written, for error messages.
    public var paramLocations: [String: SourceLocation]
    /// `raw_html: true` in the front matter: render raw HTML as written instead of as text.
    public var allowsRawHTML = false
    /// `summary` from the front matter: the one line a course's index shows for this chapter.
    public var summary: String?
    public var blocks: [Block]
    public var diagnostics: [Diagnostic]

    public init(path: String, title: String, params: Record, paramLocations: [String: SourceLocation] = [:],
                blocks: [Block], diagnostics: [Diagnostic]) {
        self.path = path
        self.title = title
        self.params = params
        self.paramLocations = paramLocations
        self.blocks = blocks
        self.diagnostics = diagnostics
    }

    /// Every directive, in document order (including those nested in lists or quotes).
    public var directives: [Directive] {
        var out: [Directive] = []
        func walk(_ bs: [Block]) {
            for b in bs {
                switch b.kind {
                case .directive(let d): out.append(d)
                case .blockQuote(let c): walk(c)
                case .list(_, _, _, let items): items.forEach { walk($0.blocks) }
                case .conditional(let c): walk(c.then); walk(c.otherwise)
                default: break
                }
            }
        }
        walk(blocks)
        return out
    }
}

/// A block of the document with where it starts.
public struct Block: Sendable {
    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public enum Kind: Sendable {
        case heading(level: Int, [Inline])
        case paragraph([Inline])
        case blockQuote([Block])
        /// ordered, start number, tight, items
        case list(ordered: Bool, start: Int, tight: Bool, items: [ListItem])
        /// A fenced or indented code block that is not a directive.
        case code(info: String, text: String)
        /// Display math written as its own paragraph: `$$…$$` or `\[…\]` (TeX without delimiters).
        case math(String)
        case table(Table)
        case html(String)
        case thematicBreak
        case directive(Directive)
        /// Blocks shown only when a condition holds (`<!-- lab if: EXPR -->` … `<!-- lab end -->`).
        case conditional(Conditional)
    }
}

public struct ListItem: Sendable {
    /// `nil` for an ordinary item; true/false for a task-list item `[x]` / `[ ]`.
    public var task: Bool?
    public var blocks: [Block]
    public init(task: Bool?, blocks: [Block]) { self.task = task; self.blocks = blocks }
}

/// A GFM pipe table of prose.
public struct Table: Sendable {
    public enum Alignment: String, Sendable { case none, left, center, right }
    public var alignments: [Alignment]
    public var header: [[Inline]]
    public var rows: [[[Inline]]]
    public init(alignments: [Alignment], header: [[Inline]], rows: [[[Inline]]]) {
        self.alignments = alignments
        self.header = header
        self.rows = rows
    }
}

/// Inline content of prose.
public indirect enum Inline: Sendable {
    case text(String)
    case code(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    case link(destination: String, title: String, [Inline])
    case image(source: String, title: String, alt: String)
    case html(String)
    case softBreak
    case lineBreak
    /// TeX as written, without its delimiters; display for `$$…$$` / `\[…\]`.
    case math(String, display: Bool)
    /// A `{{ expr }}` span: the parsed expression, its source text and where it starts.
    case value(ValueSpan)
}

/// `{{ EXPR }}` in prose.
public struct ValueSpan: Sendable {
    public var source: String
    public var expression: Expr
    public var location: SourceLocation
    /// The names the expression reads, each where it is written.
    public var references: [ExprReference]
    public init(source: String, expression: Expr, location: SourceLocation, references: [ExprReference] = []) {
        self.source = source
        self.expression = expression
        self.location = location
        self.references = references
    }
}

/// A fenced block ```` ```lab STEP [#id] ```` with a YAML body.
public struct Directive: Sendable {
    public var step: String
    /// `#id` if given, else `<step>-<n>`: the n-th block of that step in document order (named
    /// blocks count too, so naming one block never renames another).
    public var id: String
    public var idWasGiven: Bool
    /// The YAML body as a value (a record for mappings, a list for `assert`/`claim`-style bodies).
    public var body: Value
    /// Where each top-level key (or list element) of the body was written.
    public var keyLocations: [String: SourceLocation]
    /// Where every value of the body was written, by its path: `distribution.std`, `rows.0.2`,
    /// `items.1.question` (list elements by index; a list body's elements are `items.N`); where a
    /// nested key itself is written, by its path and a colon (`distribution.sdt:`).
    public var valueLocations: [String: SourceLocation] = [:]
    /// The raw YAML text, for `show: source+result`.
    public var source: String
    /// The fence's first line.
    public var location: SourceLocation
    /// The first line of the body.
    public var bodyLocation: SourceLocation

    public init(step: String, id: String, idWasGiven: Bool, body: Value, keyLocations: [String: SourceLocation],
                source: String, location: SourceLocation, bodyLocation: SourceLocation) {
        self.step = step
        self.id = id
        self.idWasGiven = idWasGiven
        self.body = body
        self.keyLocations = keyLocations
        self.source = source
        self.location = location
        self.bodyLocation = bodyLocation
    }
}
