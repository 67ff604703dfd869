/// One token of the expression language, with the byte offset where it starts in its source.
struct ExprToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        /// A name: letters, digits, `_`, and `-` between name characters (`train-1` is one name).
        case name(String)
        /// An operator or punctuation: `+ - * / < <= > >= == != ( ) [ ] , . |`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int
    /// The token as written, for messages (`+`, `max`, `'a b'`); empty for `.end`.
    var text: String

    func isSymbol(_ s: String) -> Bool { kind == .symbol(s) }
    func isName(_ s: String) -> Bool { kind == .name(s) }
}

/// Splits expression source into tokens. Offsets are UTF-8 byte offsets, matching the
/// byte columns of `SourceLocation`.
struct ExprLexer {
    private let bytes: [UInt8]
    private var position = 0

    init(_ source: String) { bytes = Array(source.utf8) }

    /// Every token of the source, ending with `.end` at the byte offset after the last one.
    /// Throws at the offset of text that is no token (a bad character, an unterminated string).
    static func tokenize(_ source: String) throws(ExprSyntaxError) -> [ExprToken] {
        var lexer = ExprLexer(source)
        var tokens: [ExprToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(ExprSyntaxError) -> ExprToken {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
        let start = position
        guard position < bytes.count else { return ExprToken(kind: .end, offset: start, text: "") }
        let byte = bytes[position]
        if Self.isDigit(byte) { return try number() }
        if Self.isNameStart(byte) { return name() }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { return try string() }
        for symbol in ["<=", ">=", "==", "!=", "+", "-", "*", "/", "<", ">", "(", ")", "[", "]", ",", ".", "|"]
        where matches(symbol) {
            position += symbol.utf8.count
            return ExprToken(kind: .symbol(symbol), offset: start, text: symbol)
        }
        if byte == UInt8(ascii: "=") {
            throw ExprSyntaxError(offset: start, message: "unexpected '=' (use '==' to compare)")
        }
        if byte == UInt8(ascii: "!") {
            throw ExprSyntaxError(offset: start, message: "unexpected '!' (use 'not' to negate)")
        }
        let character = String(decoding: bytes[start...].prefix(4), as: UTF8.self).first.map(String.init) ?? "?"
        throw ExprSyntaxError(offset: start, message: "unexpected character '\(character)'")
    }

    private func matches(_ symbol: String) -> Bool {
        let s = Array(symbol.utf8)
        return position + s.count <= bytes.count && Array(bytes[position..<position + s.count]) == s
    }

    /// `12`, `0.5`, `1e-3`, `2.5E+4`.
    private mutating func number() throws(ExprSyntaxError) -> ExprToken {
        let start = position
        skipDigits()
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."), Self.isDigit(bytes[position + 1]) {
            position += 1
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var p = position + 1
            if p < bytes.count, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            guard p < bytes.count, Self.isDigit(bytes[p]) else {
                throw ExprSyntaxError(offset: position, message: "expected digits after the exponent 'e'")
            }
            position = p
            skipDigits()
        }
        if position < bytes.count, Self.isNameStart(bytes[position]) {
            throw ExprSyntaxError(offset: position, message: "unexpected letter after a number")
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text) else {
            throw ExprSyntaxError(offset: start, message: "invalid number '\(text)'")
        }
        return ExprToken(kind: .number(value), offset: start, text: text)
    }

    private mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    /// Letters, digits and `_`; a `-` joins two name parts when a name character follows it directly.
    private mutating func name() -> ExprToken {
        let start = position
        while position < bytes.count {
            if Self.isNameCharacter(bytes[position]) {
                position += 1
            } else if bytes[position] == UInt8(ascii: "-"), position + 1 < bytes.count,
                Self.isNameCharacter(bytes[position + 1]), position > start
            {
                position += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return ExprToken(kind: .name(text), offset: start, text: text)
    }

    /// `'…'` or `"…"`; a backslash escapes the next character (`\n` and `\t` are newline and tab).
    private mutating func string() throws(ExprSyntaxError) -> ExprToken {
        let start = position
        let quote = bytes[position]
        position += 1
        var content: [UInt8] = []
        while position < bytes.count, bytes[position] != quote {
            if bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count {
                position += 1
                switch bytes[position] {
                case UInt8(ascii: "n"): content.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): content.append(UInt8(ascii: "\t"))
                default: content.append(bytes[position])
                }
            } else {
                content.append(bytes[position])
            }
            position += 1
        }
        guard position < bytes.count else { throw ExprSyntaxError(offset: start, message: "unterminated string") }
        position += 1
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        return ExprToken(kind: .string(String(decoding: content, as: UTF8.self)), offset: start, text: text)
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isNameStart(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b == 0x5F }
    static func isNameCharacter(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) }
}

/// A syntax error at a byte offset of the expression source; `Expr.parse` turns it into a `Diagnostic`.
struct ExprSyntaxError: Error, Sendable {
    var offset: Int
    var message: String
}
