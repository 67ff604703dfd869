extension Document {
    /// Reads a stand-alone YAML file (e.g. a student's answers) into a `Value`, with the
    /// first problem reported at its `path:line:col`.
    public static func readYAML(_ text: String, path: String) throws(Diagnostic) -> Value {
        let reader = YAMLReader(text, file: path, firstLine: 1, what: "an answers file")
        switch reader.compose() {
        case .failure(let d): throw d
        case .success(nil): return .null
        case .success(let node?):
            var diagnostics: [Diagnostic] = []
            let value = reader.value(of: node, diagnostics: &diagnostics)
            if let first = diagnostics.first { throw first }
            return value
        }
    }
}
