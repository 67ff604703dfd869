import CYaml

/// The one gate every YAML text of a lab or an answers file passes before Yams composes it.
/// Labs do not use anchors or aliases, and a few bytes of aliases expand to gigabytes when the
/// tree is walked, so any anchor or alias is refused here, from libyaml's events (nothing is
/// expanded yet); so are texts over `maximumBytes` and collections nested too deep for the
/// recursive composer.
enum YAMLSafety {
    static let maximumBytes = 1 << 20
    static let maximumDepth = 100

    /// A problem with its 1-based line and column (in Unicode scalars) in the YAML text.
    struct Problem: Error {
        var message: String
        /// The anchor or alias as written (`&a`, `*a`), named in the message with its file line.
        var token: String?
        var line: Int
        var column: Int
    }

    /// Throws the first anchor, alias or too-deep collection; syntax errors are left to Yams.
    static func check(_ text: String, what: String) throws(Problem) {
        guard text.utf8.count <= maximumBytes else {
            throw Problem(message: "the YAML is larger than \(maximumBytes / 1024) KB", line: 1, column: 1)
        }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        var problem: Problem?
        bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            while problem == nil {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                func at(_ message: String, token: String? = nil) -> Problem {
                    Problem(message: message, token: token, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
                }
                func anchored(_ anchor: UnsafeMutablePointer<yaml_char_t>?) {
                    guard let anchor else { return }
                    let name = String(cString: anchor)
                    problem = at("YAML anchors and aliases are not supported in \(what)", token: "&" + name)
                }
                switch event.type {
                case YAML_STREAM_END_EVENT: return
                case YAML_ALIAS_EVENT:
                    let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                    problem = at("YAML anchors and aliases are not supported in \(what)", token: "*" + name)
                case YAML_SCALAR_EVENT: anchored(event.data.scalar.anchor)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    anchored(event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor)
                    depth += 1
                    if problem == nil, depth > maximumDepth {
                        problem = at("YAML nests deeper than \(maximumDepth) levels")
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: depth -= 1
                default: break
                }
            }
        }
        if let problem { throw problem }
    }
}
