/// Where the bytes of a text were written in a lab file, so a problem at a byte offset of an
/// expression is reported at its own line and column.
///
/// Text is located through anchors: the byte at `offset` was written at `location`, and the bytes
/// after it follow on the same line until the next newline of the text (then column 1 of the next
/// line) or the next anchor. A text written as-is needs one anchor; prose whose continuation
/// lines lost their indentation, or a YAML value whose escapes and line folds changed it, needs
/// one where the text and the file part ways.
public struct TextLocator: Sendable, Equatable {
    public struct Anchor: Sendable, Equatable {
        public var offset: Int
        public var location: SourceLocation
        public init(offset: Int, location: SourceLocation) {
            self.offset = offset
            self.location = location
        }
    }

    /// Sorted by offset; the first is at offset 0.
    public private(set) var anchors: [Anchor]

    /// Text written as-is from `start`.
    public init(start: SourceLocation) { anchors = [Anchor(offset: 0, location: start)] }

    /// Text written from `start`, then from each of `more` (sorted by offset, each after 0).
    public init(start: SourceLocation, more: [Anchor]) {
        anchors = [Anchor(offset: 0, location: start)] + more.filter { $0.offset > 0 }
    }

    /// Where the text starts.
    public var start: SourceLocation { anchors[0].location }

    /// The file position of byte `offset` of `text`.
    public func location(ofOffset offset: Int, in text: String) -> SourceLocation {
        Resolver(self, text).location(ofOffset: offset)
    }

    /// Locates many offsets of one text, finding its newlines once.
    public struct Resolver {
        let anchors: [Anchor]
        /// Byte offsets of the text's newlines, ascending.
        let newlines: [Int]

        public init(_ locator: TextLocator, _ text: String) {
            anchors = locator.anchors
            newlines = text.utf8.enumerated().compactMap { $0.element == UInt8(ascii: "\n") ? $0.offset : nil }
        }

        public func location(ofOffset offset: Int) -> SourceLocation {
            let anchor = anchors.last(where: { $0.offset <= offset }) ?? anchors[0]
            // The newlines in anchor.offset..<offset.
            let first = Self.firstIndex(in: newlines, atLeast: anchor.offset)
            let end = Self.firstIndex(in: newlines, atLeast: offset)
            guard end > first else {
                var at = anchor.location
                at.column += offset - anchor.offset
                return at
            }
            return SourceLocation(file: anchor.location.file, line: anchor.location.line + end - first,
                                  column: offset - newlines[end - 1])
        }

        /// The locator of the text from byte `offset` on: offsets count from there.
        public func suffix(from offset: Int) -> TextLocator {
            TextLocator(start: location(ofOffset: offset),
                        more: anchors.filter { $0.offset > offset }.map { Anchor(offset: $0.offset - offset, location: $0.location) })
        }

        private static func firstIndex(in sorted: [Int], atLeast value: Int) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }
}
