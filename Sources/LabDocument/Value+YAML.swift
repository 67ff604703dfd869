extension Value {
    /// A value written as YAML on its own, such as the `VALUE` of `--set NAME=VALUE`, typed the
    /// way directive bodies are: `5` and `1e-3` → number, `true` → bool, `null`/`~` → null,
    /// `"5"` → string, `[16, 32]` → list, `{a: 1}` → record, `mnist` or `yes` → string.
    /// Text that is not valid YAML is taken as a string, as written.
    public init(yaml text: String) {
        let reader = YAMLReader(text, file: "", firstLine: 1)
        var ignored: [Diagnostic] = []
        switch reader.compose() {
        case .success(let node?): self = reader.value(of: node, diagnostics: &ignored)
        case .success(nil): self = .null
        case .failure: self = .string(text)
        }
    }
}
