/// A directive's YAML body as written, to find where the bytes of its values are in the file.
public struct WrittenBody: Sendable {
    private let raw: [UInt8]
    private let lineStarts: [Int]
    private let start: SourceLocation

    public init(_ directive: Directive) {
        raw = Array(directive.source.utf8)
        var starts = [0]
        for (i, b) in raw.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
        start = directive.bodyLocation
    }

    /// Where each byte of `text`, a YAML string of the body written from `valueStart`, is in the file.
    ///
    /// YAML hands over a value that may differ from what was written: quotes, `\"` and `''`
    /// escapes, block-scalar indicators, and lines joined (a folded line break becomes a space,
    /// indentation goes). The value is matched byte by byte against the body from `valueStart`,
    /// passing over only those extra characters, so every byte lands where it was written.
    /// Any other difference (an escape such as `\n` or `\u00e9` that stands for different
    /// bytes) gives nil: the caller then reports at the value's start rather than guess.
    public func locator(ofValue text: String, at valueStart: SourceLocation) -> TextLocator? {
        let line = valueStart.line - start.line
        guard valueStart.file == start.file, lineStarts.indices.contains(line) else { return nil }
        var j = lineStarts[line] + valueStart.column - start.column
        guard j >= lineStarts[line], j <= raw.count else { return nil }
        var anchors: [TextLocator.Anchor] = []
        var previous: Int? = nil
        var matchedAny = false
        for (i, byte) in text.utf8.enumerated() {
            while j < raw.count, raw[j] != byte, !Self.isFold(byte, raw[j]) {
                guard Self.isPassedOver(raw[j], beforeText: !matchedAny) else { return nil }
                j += 1
            }
            guard j < raw.count else { return nil }
            // A new anchor wherever the written text jumps: after passed-over characters or a line break.
            if previous.map({ $0 + 1 != j || raw[$0] == UInt8(ascii: "\n") }) ?? true {
                anchors.append(TextLocator.Anchor(offset: i, location: location(j)))
            }
            matchedAny = true
            previous = j
            j += 1
        }
        guard let first = anchors.first else { return TextLocator(start: valueStart) }
        return TextLocator(start: first.location, more: anchors)
    }

    /// The file position of byte `offset` of the body.
    private func location(_ offset: Int) -> SourceLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(file: start.file, line: start.line + low, column: start.column + offset - lineStarts[low])
    }

    /// A folded line: the value's space for the line break written.
    private static func isFold(_ value: UInt8, _ written: UInt8) -> Bool { value == 0x20 && written == 0x0A }

    /// Written characters a YAML value may drop: quotes, escape backslashes, indentation and line
    /// ends; before the text, a block scalar's `|`/`>` and its chomping and indentation indicators.
    private static func isPassedOver(_ b: UInt8, beforeText: Bool) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): return true
        case UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "-"), UInt8(ascii: "+"): return beforeText
        default: return beforeText && b >= 0x30 && b <= 0x39
        }
    }
}
