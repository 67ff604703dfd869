/// A name an expression reads, with where each of its parts was written, so lint reports an
/// unknown id, result field or filter at the name itself rather than at the start of the span.
/// Kept beside `Expr`, not in it: expressions compare and print without positions.
public enum ExprReference: Sendable, Equatable {
    /// A path's keys in order: `compare`, `int8`, `acc`. A string index (`sizes["Small MNIST"]`)
    /// is a key; any other index has none.
    case path([Part])
    /// A filter applied with `|`.
    case filter(name: String, location: SourceLocation)
    /// A function called by name: `round(…)`.
    case function(name: String, location: SourceLocation)

    /// The same reference with every part placed at `location`, for text whose layout is unknown.
    public func moved(to location: SourceLocation) -> ExprReference {
        switch self {
        case .path(let parts): return .path(parts.map { Part(key: $0.key, location: location) })
        case .filter(let name, _): return .filter(name: name, location: location)
        case .function(let name, _): return .function(name: name, location: location)
        }
    }

    public struct Part: Sendable, Equatable {
        public var key: String?
        public var location: SourceLocation
        public init(key: String?, location: SourceLocation) {
            self.key = key
            self.location = location
        }
    }
}

/// An expression and the names it reads, in the order they are written.
public struct ParsedExpr: Sendable {
    public var expression: Expr
    public var references: [ExprReference]
    public init(expression: Expr, references: [ExprReference]) {
        self.expression = expression
        self.references = references
    }
}

/// A reference as the parser records it: byte offsets into the expression source.
struct OffsetReference: Sendable {
    enum Kind: Sendable {
        case path([(key: String?, offset: Int)])
        case filter(String, offset: Int)
        case function(String, offset: Int)
    }
    var kind: Kind

    func located(by resolver: TextLocator.Resolver) -> ExprReference {
        switch kind {
        case .path(let parts):
            return .path(parts.map { .init(key: $0.key, location: resolver.location(ofOffset: $0.offset)) })
        case .filter(let name, let offset):
            return .filter(name: name, location: resolver.location(ofOffset: offset))
        case .function(let name, let offset):
            return .function(name: name, location: resolver.location(ofOffset: offset))
        }
    }
}
