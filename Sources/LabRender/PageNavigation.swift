import Foundation

/// Links from a chapter of a course (`labrun book`) to its neighbours and to the course's index.
/// A page rendered on its own (`labrun run`) has none, and stays byte for byte as before.
public struct PageNavigation: Sendable, Equatable {
    /// A page of the course: its title and its file name without extension (`02-intro`), so
    /// the HTML links `.html` pages and the Markdown twin `.md` pages.
    public struct Link: Sendable, Equatable {
        public var title: String
        public var name: String
        public init(title: String, name: String) {
            self.title = title
            self.name = name
        }
    }

    public var previous: Link?
    public var next: Link?
    public var index: Link

    public init(previous: Link?, next: Link?, index: Link) {
        self.previous = previous
        self.next = next
        self.index = index
    }

    /// `<nav class="chapter-nav">` with previous, index and next.
    var html: String {
        func link(_ l: Link, _ rel: String, _ label: String) -> String {
            "<a class=\"\(rel)\" rel=\"\(rel)\" href=\"\(Escape.html(l.name)).html\"><span class=\"nav-label\">\(label)</span> \(Escape.html(l.title))</a>"
        }
        var parts: [String] = []
        if let previous { parts.append(link(previous, "prev", "← Previous")) }
        parts.append("<a class=\"index\" href=\"\(Escape.html(index.name)).html\">\(Escape.html(index.title)): all chapters</a>")
        if let next { parts.append(link(next, "next", "Next →")) }
        return "<nav class=\"chapter-nav\" aria-label=\"Chapters\">\(parts.joined())</nav>\n"
    }

    /// The Markdown twin's last line: `← [Previous](01.md) · [Index](index.md) · [Next](03.md) →`.
    var markdown: String {
        func link(_ l: Link) -> String { "[\(Escape.markdown(l.title))](\(l.name).md)" }
        var parts: [String] = []
        if let previous { parts.append("← Previous: " + link(previous)) }
        parts.append("[\(Escape.markdown(index.title)): all chapters](\(index.name).md)")
        if let next { parts.append("Next: " + link(next) + " →") }
        return parts.joined(separator: " · ")
    }
}

/// Styles only course pages need (chapter links, the index's list). A separate `<style>`, so
/// a page without navigation keeps exactly the styles, and policy, it had.
enum CourseStyle {
    static let css = """
        .chapter-nav{max-width:46rem;margin:2rem auto 0;padding:1rem 1.25rem;display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;\
        justify-content:space-between;font-family:var(--sans);border-top:1px solid var(--line)}\
        .chapter-nav a{text-decoration:none}.chapter-nav .nav-label{display:block;font-size:.75rem;color:var(--muted);\
        text-transform:uppercase;letter-spacing:.08em}.chapter-nav .index{align-self:flex-end}.chapter-nav .next{text-align:right}\
        .chapters{list-style:none;padding:0}.chapters li{border-bottom:1px solid var(--line);padding:1rem 0}\
        .chapters h2{margin:0 0 .3rem;font-size:1.25rem}.chapters .summary{margin:.2rem 0}\
        .chapters .status{font-family:var(--sans);font-size:.85rem;color:var(--muted);margin:.2rem 0}\
        .chapters .failed{color:#c0392b}
        """
}
