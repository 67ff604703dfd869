import Foundation
import LabDocument

/// Everything the renderers need: the parsed lab and what its run produced.
/// Rendering is a pure function of this value (no clock, no file system), so output is reproducible.
public struct RenderInput: Sendable {
    /// How a directive's place in the page is filled.
    public enum Show: String, Sendable {
        /// The step's outputs only (the default).
        case result
        /// Nothing at all.
        case none
        /// The directive's YAML source in a code block, then its outputs.
        case sourceAndResult = "source+result"
    }

    public var document: Document
    /// Step results by directive id. A directive without a result (not run) renders nothing.
    public var results: [String: StepResult]
    /// The formatted value of each `{{ }}` span, keyed by the span's location; `.failure` holds the message.
    public var values: [SourceLocation: Result<String, ValueError>]
    /// Directive id → `show` setting; a missing id means `.result`.
    public var show: [String: Show]
    /// Directive id → caption text shown under its outputs.
    public var captions: [String: String]
    /// Directive id → why its result is stale (recorded before the lab changed, or about to be
    /// re-run by `preview`); shown as a badge above the result.
    public var stale: [String: String]
    /// Prose image source → bytes, inlined as data URIs in HTML so the page stays self-contained.
    /// Images not listed keep their source as written.
    public var images: [String: Data]
    /// A line for the page footer (e.g. "Rendered by labrun 1.0 from Labs/03-quantization.md").
    /// No default timestamp: the same run renders byte for byte the same page.
    public var footer: String?
    /// Inline scripts that the program showing the page adds to it later (`labrun preview`'s reload
    /// script), exactly as between their tags: the page's Content-Security-Policy allows them by hash.
    public var hostScripts: [String] = []
    /// Previous, next and index links when the page is a chapter of a course (`labrun book`);
    /// nil for a page of its own, which then renders exactly as it always did.
    public var navigation: PageNavigation?

    public init(document: Document, results: [String: StepResult] = [:],
                values: [SourceLocation: Result<String, ValueError>] = [:], show: [String: Show] = [:],
                captions: [String: String] = [:], stale: [String: String] = [:], images: [String: Data] = [:],
                footer: String? = nil) {
        self.document = document
        self.results = results
        self.values = values
        self.show = show
        self.captions = captions
        self.stale = stale
        self.images = images
        self.footer = footer
    }
}

extension RenderInput {
    /// The blocks of a conditional to show: its `then` or its `else` as the condition came out;
    /// both, as plain Markdown shows them, when it could not be computed (the run reports why).
    func branch(of c: Conditional) -> [Block] {
        switch values[c.condition.location] {
        case .success("true")?: return c.then
        case .success("false")?: return c.otherwise
        default: return c.then + c.otherwise
        }
    }

    /// One sentence naming every stale result in document order (shown at the top of the page,
    /// since a result with `show: none` has no place of its own), or nil when none is stale.
    var staleSummary: String? {
        let ids = document.directives.map(\.id).filter { stale[$0] != nil }
        guard !ids.isEmpty else { return nil }
        let list = ids.map { "#\($0)" }.joined(separator: ", ")
        return ids.count == 1 ? "1 result on this page is not up to date with the lab: \(list)."
            : "\(ids.count) results on this page are not up to date with the lab: \(list)."
    }
}

/// Why a `{{ }}` value could not be formatted; the message is shown inline in the page.
public struct ValueError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
