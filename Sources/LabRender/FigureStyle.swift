/// The classes SVG figures use, and their colours. Inline figures in the HTML page take the colours from
/// CSS variables (so dark mode recolours them); standalone `.svg` files embed fixed light colours.
enum FigureStyle {
    /// Okabe–Ito colours (safe for the common colour-vision deficiencies), light and dark-background variants.
    static let lightPalette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F"]
    static let darkPalette = ["#5AAEE8", "#F0B23A", "#2BC79B", "#E49BCB", "#8FD0F5", "#F2824A", "#B0B0B0"]

    static var seriesCount: Int { lightPalette.count }

    /// Colour rules by class; `color(i)` gives the value of series `i`.
    private static func rules(color: (Int) -> String, text: String, node: String, highlight: String,
                              decision: String, terminal: String, ref: String, background: String) -> String {
        var css = ".c-text{fill:\(text);font-size:12px}.c-small{fill:\(text);font-size:10.5px;opacity:.85}"
        css += ".c-title{fill:\(text);font-size:14px;font-weight:600}"
        css += ".c-axis{stroke:\(text);stroke-opacity:.6;stroke-width:1;fill:none}"
        css += ".c-grid{stroke:\(text);stroke-opacity:.13;stroke-width:1}"
        css += ".c-ref{stroke:\(ref);stroke-width:1.5;stroke-dasharray:6 4;fill:none}.c-ref-text{fill:\(ref);font-size:11px}"
        for i in 0..<seriesCount {
            css += ".c-f\(i){fill:\(color(i))}.c-l\(i){stroke:\(color(i));stroke-width:2;fill:none}"
            css += ".c-m\(i){stroke:\(color(i));stroke-linecap:round;fill:none}"
        }
        css += ".c-node{fill:\(node);stroke:\(text);stroke-opacity:.55;stroke-width:1.2}"
        css += ".c-node-highlight{fill:\(highlight);stroke:\(color(1));stroke-width:2}"
        css += ".c-node-decision{fill:\(decision);stroke:\(color(0));stroke-width:1.4}"
        css += ".c-node-terminal{fill:\(terminal);stroke:\(color(2));stroke-width:1.4}"
        css += ".c-edge{stroke:\(text);stroke-opacity:.7;stroke-width:1.3;fill:none}.c-arrow{fill:\(text);fill-opacity:.7}"
        css += ".c-label-bg{fill:\(background)}"
        css += ".c-bold{font-weight:600}"
        return css
    }

    /// Rules for figures inside the HTML page: colours from variables the page defines for light and dark.
    static var pageCSS: String {
        rules(color: { "var(--c\($0))" }, text: "currentColor", node: "var(--node)", highlight: "var(--node-hl)",
              decision: "var(--node-dec)", terminal: "var(--node-term)", ref: "var(--ref)", background: "var(--bg)")
    }

    /// The page's variable definitions for one scheme.
    static func variables(dark: Bool) -> String {
        let palette = dark ? darkPalette : lightPalette
        var css = palette.enumerated().map { "--c\($0.offset):\($0.element);" }.joined()
        css += dark
            ? "--node:#1f2630;--node-hl:#3a2e12;--node-dec:#14283a;--node-term:#10302a;--ref:#ff8a80;"
            : "--node:#f6f7f9;--node-hl:#fff2d6;--node-dec:#e6f1fa;--node-term:#e3f5ee;--ref:#c62828;"
        return css
    }

    /// Rules embedded in standalone `.svg` files (white background, light colours).
    static var standaloneCSS: String {
        "svg{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',Arial,sans-serif;color:#222}"
            + rules(color: { lightPalette[$0] }, text: "#222", node: "#f6f7f9", highlight: "#fff2d6",
                    decision: "#e6f1fa", terminal: "#e3f5ee", ref: "#c62828", background: "#ffffff")
    }
}
