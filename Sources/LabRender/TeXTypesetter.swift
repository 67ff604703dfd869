/// Typesets the TeX that labs use (fractions, sub- and superscripts, operator names, Greek,
/// common symbols) as plain HTML with CSS, so formulas read as formulas offline with no
/// script. Anything it does not know is shown as written, never dropped.
enum TeXTypesetter {
    static func html(_ tex: String) -> String {
        var parser = Parser(Array(tex.unicodeScalars))
        return parser.sequence(until: nil)
    }

    static let symbols: [String: String] = [
        "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
        "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼", "equiv": "≡", "to": "→", "rightarrow": "→", "leftarrow": "←",
        "Rightarrow": "⇒", "infty": "∞", "sum": "∑", "prod": "∏", "in": "∈", "partial": "∂", "nabla": "∇", "ldots": "…",
        "cdots": "⋯", "dots": "…", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "langle": "⟨", "rangle": "⟩",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ",
        "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ",
        "Phi": "Φ", "Omega": "Ω", "{": "{", "}": "}", "%": "%", "$": "$", "_": "_", "&": "&amp;", "|": "‖",
    ]
    static let spaces: [String: String] = [",": "\u{2009}", ";": "\u{2005}", ":": "\u{2005}", "!": "", "quad": "\u{2003}",
                                            "qquad": "\u{2003}\u{2003}", " ": " "]
    static let operatorNames: Set<String> = ["max", "min", "log", "ln", "exp", "sin", "cos", "tan", "arg", "lim", "sup", "inf", "det"]
    static let accents: [String: String] = ["hat": "\u{0302}", "bar": "\u{0304}", "tilde": "\u{0303}", "vec": "\u{20D7}", "dot": "\u{0307}"]

    struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        init(_ s: [Unicode.Scalar]) { self.s = s }

        mutating func sequence(until close: Unicode.Scalar?) -> String {
            var out = ""
            while i < s.count {
                let c = s[i]
                if let close, c == close { i += 1; return out }
                switch c {
                case "{": i += 1; out += sequence(until: "}")
                case "_", "^":
                    i += 1
                    let tag = c == "_" ? "sub" : "sup"
                    out += "<\(tag)>\(atom())</\(tag)>"
                case "\\": out += command()
                case " ", "\n", "\t": i += 1
                case "-":
                    // Binary minus gets spaces; a sign (at the start, after a bracket or comma) does not.
                    let unary = out.isEmpty || "([{,= ".contains(out.last ?? " ")
                    out += unary ? "−" : " − "
                    i += 1
                default: out += symbol(c); i += 1
                }
            }
            return out
        }

        /// One argument: a group, a command, or a single character.
        mutating func atom() -> String {
            while i < s.count, s[i] == " " { i += 1 }
            guard i < s.count else { return "" }
            if s[i] == "{" { i += 1; return sequence(until: "}") }
            if s[i] == "\\" { return command() }
            defer { i += 1 }
            return symbol(s[i])
        }

        /// The raw text of a `{…}` group, for `\text` and `\operatorname`.
        mutating func rawGroup() -> String {
            while i < s.count, s[i] == " " { i += 1 }
            guard i < s.count, s[i] == "{" else { return "" }
            i += 1
            var depth = 1, text = ""
            while i < s.count {
                if s[i] == "{" { depth += 1 } else if s[i] == "}" { depth -= 1; if depth == 0 { i += 1; break } }
                text.unicodeScalars.append(s[i])
                i += 1
            }
            return Escape.html(text)
        }

        mutating func command() -> String {
            i += 1  // the backslash
            guard i < s.count else { return "\\" }
            var name = ""
            if s[i].properties.isAlphabetic {
                while i < s.count, s[i].properties.isAlphabetic { name.unicodeScalars.append(s[i]); i += 1 }
            } else {
                name = String(s[i]); i += 1
            }
            switch name {
            case "frac", "dfrac", "tfrac":
                let top = atom(), bottom = atom()
                return "<span class=\"frac\"><span>\(top)</span><span>\(bottom)</span></span>"
            case "sqrt": return "√<span class=\"sqrt\">\(atom())</span>"
            case "operatorname", "mathrm", "text", "textrm", "mbox": return "<span class=\"up\">\(rawGroup())</span>"
            case "mathbf", "textbf": return "<b>\(atom())</b>"
            case "left", "right", "big", "Big", "bigl", "bigr": return ""
            default: break
            }
            if let mark = TeXTypesetter.accents[name] { return atom() + mark }
            if let sym = TeXTypesetter.symbols[name] { return name.count == 1 ? sym : "<span class=\"up\">\(sym)</span>" }
            if let space = TeXTypesetter.spaces[name] { return space }
            if TeXTypesetter.operatorNames.contains(name) { return "<span class=\"up\">\(name)</span>" }
            return "<span class=\"up\">\\\(Escape.html(name))</span>"
        }

        func symbol(_ c: Unicode.Scalar) -> String {
            if c.properties.isAlphabetic { return "<i>\(Character(c))</i>" }
            switch c {
            case "-": return "−"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "&": return "&amp;"
            case "=", "+", "−", "±", "×", "≤", "≥", "≈": return " \(Character(c)) "
            default: return String(Character(c))
            }
        }
    }
}
