import Checksum
import Foundation

/// A data-free course for the `labrun book` tests: a folder `Labs/` with two short chapters
/// (one quantize step and one assert each) and a `book.yaml` naming the course.
enum CourseLab {
    /// A chapter whose assert holds when `expected` is 17 (0.42 / 0.025 rounds to 17).
    static func chapter(title: String, prose: String, summary: String? = nil, expected: Int = 17, extra: String = "") -> String {
        """
        ---
        title: \(title)
        \(summary.map { "summary: \($0)" } ?? "")
        ---
        # \(title)

        \(prose)

        ```lab quantize #fixed
        values: [0.42]
        scale: 0.025
        zero_point: 0
        ```

        ```lab assert #checks
        - fixed.q[0] == \(expected)
        ```

        The fixed value becomes code {{ fixed.q[0] }}.
        \(extra)
        """
    }

    static let first = chapter(title: "First steps", prose: "The first chapter opens here. It goes on for a while.")
    static let second = chapter(title: "Second steps", prose: "Text the index does not quote.",
                                summary: "Codes, scales and zero points")

    /// A scratch folder holding `Labs/01-first.md`, `Labs/02-second.md`, `Labs/README.md` and `Labs/book.yaml`.
    static func scratch(first: String = CourseLab.first, second: String = CourseLab.second) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("labrun-book-\(UUID().uuidString)")
        let labs = dir.appendingPathComponent("Labs")
        try FileManager.default.createDirectory(at: labs, withIntermediateDirectories: true)
        try write(first, "01-first.md", in: dir)
        try write(second, "02-second.md", in: dir)
        try write("# Not a chapter\n", "README.md", in: dir)
        try write("title: A small course\n", "book.yaml", in: dir)
        return dir
    }

    static func write(_ text: String, _ file: String, in dir: URL) throws {
        try text.write(to: dir.appendingPathComponent("Labs").appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// The page's `<style>` texts whose SHA-256 its Content-Security-Policy does not list.
    static func stylesNotAllowed(in page: String) -> [String] {
        let policy = page.components(separatedBy: "http-equiv=\"Content-Security-Policy\" content=\"").dropFirst().first?
            .components(separatedBy: "\"").first ?? ""
        let styles = page.components(separatedBy: "<style>").dropFirst().compactMap { $0.components(separatedBy: "</style>").first }
        return styles.filter { style in
            let hex = SHA256.hex(of: Array(style.utf8))
            let bytes = stride(from: 0, to: hex.count, by: 2).map { i -> UInt8 in
                let start = hex.index(hex.startIndex, offsetBy: i)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
            }
            return !policy.contains("'sha256-\(Data(bytes).base64EncodedString())'")
        }
    }

    static func read(_ file: String, in dir: URL, folder: String = "Output") throws -> String {
        try String(contentsOf: dir.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
    }
}
