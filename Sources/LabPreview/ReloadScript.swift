import Foundation

/// The script the server adds to every page it serves: it listens on `/events`, reloads the page on
/// a `reload` event (keeping the scroll position) and shows `status` events in a small box.
enum ReloadScript {
    /// Marks the injected element so tests and people reading the page source can find it.
    static let marker = "labrun-preview"

    /// The script's text, exactly as between its tags: pages with a Content-Security-Policy must allow
    /// it by the hash of this text (see ``PreviewServer/reloadScript``).
    static let source = """

        (function () {
          // Reloading on every save would jump to the top; keep the reader where they were.
          var key = "labrun-preview-scroll";
          var saved = sessionStorage.getItem(key);
          if (saved !== null) {
            sessionStorage.removeItem(key);
            addEventListener("load", function () { scrollTo(0, Number(saved)); });
          }
          var box = document.createElement("div");
          box.id = "labrun-preview-status";
          box.style.cssText = "position:fixed;right:12px;bottom:12px;z-index:2147483647;max-width:40em;"
            + "padding:6px 10px;border-radius:6px;background:rgba(30,30,30,.88);color:#fff;"
            + "font:13px/1.4 system-ui,sans-serif;white-space:pre-wrap;display:none";
          function attach() { document.body.appendChild(box); }
          if (document.body) { attach(); } else { addEventListener("DOMContentLoaded", attach); }
          var events = new EventSource("/events");
          events.addEventListener("reload", function () {
            sessionStorage.setItem(key, String(scrollY));
            location.reload();
          });
          events.addEventListener("status", function (e) {
            box.textContent = e.data;
            box.style.display = e.data ? "block" : "none";
          });
        })();

        """

    static let html = "<script id=\"\(marker)\">\(source)</script>\n"

    /// `page` with the script inserted before the last `</body>`, or appended when there is none.
    static func inject(into page: String) -> String {
        guard let body = page.range(of: "</body>", options: [.caseInsensitive, .backwards]) else {
            return page + html
        }
        return page.replacingCharacters(in: body.lowerBound..<body.lowerBound, with: html)
    }
}
