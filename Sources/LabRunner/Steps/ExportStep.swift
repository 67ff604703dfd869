import Foundation
import LabDocument

/// `export`: a model as a C array for TensorFlow Lite Micro, like `xxd -i model.tflite`,
/// but 16-byte aligned (the runtime reads the FlatBuffer in place from flash).
public enum ExportStep: Step {
    public static let name = "export"
    /// What `{{ ID.FIELD }}` can read from this step's result.
    public static let results = ResultFields([
        ResultField("path", "text", "the C file, relative to the page's files folder"),
        ResultField("bytes", "number", "bytes in the array (the model's size)", aliases: ["size", "size_bytes"]),
        ResultField("source_bytes", "number", "size of the C source text"),
        ResultField("symbol", "text", "the array's C name"),
    ])
    public static let summary = "a .tflite model as a C array for microcontrollers (like xxd -i, 16-byte aligned)"
    public static let parameters = [
        ParameterSpec("model", .reference(["convert"]), help: "the convert step whose file to export"),
        ParameterSpec("symbol", .string, default: "g_model", help: "the C name of the array (its length is SYMBOL_len)"),
        ParameterSpec("preview_lines", .integer(min: 0, max: 200), default: 8, help: "lines of the array shown in the page"),
    ]

    public static func validate(_ p: Parameters) -> [Diagnostic] {
        let symbol = p.string("symbol") ?? ""
        let ok = symbol.first.map { $0 == "_" || $0.isLetter } == true && symbol.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        return ok ? [] : [Diagnostic(p.location(of: "symbol"), "'symbol' must be a C identifier, got \"\(symbol)\"")]
    }

    public static func run(_ p: Parameters, _ context: RunContext) throws -> StepOutcome {
        let model = p.string("model") ?? ""
        guard let relative = try context.result(of: model).fields["path"]?.string else {
            throw StepFailure("'\(model)' has no 'path' field to export")
        }
        let bytes = try [UInt8](Data(contentsOf: context.artifactsDirectory.appendingPathComponent(relative)))
        let symbol = p.string("symbol") ?? "g_model"
        let source = cArray(bytes, symbol: symbol, origin: relative)
        let file = "\(p.id).cc"
        try Data(source.utf8).write(to: context.artifactsDirectory.appendingPathComponent(file), options: .atomic)
        var fields = Record()
        fields["path"] = .string(file)
        fields["bytes"] = .number(Double(bytes.count))
        fields["source_bytes"] = .number(Double(source.utf8.count))
        fields["symbol"] = .string(symbol)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let shown = p.int("preview_lines") ?? 8
        var preview = lines.prefix(shown + 3).joined(separator: "\n")
        if lines.count > shown + 3 { preview += "\n  // … \(lines.count - shown - 5) more lines …\n" + lines.suffix(3).joined(separator: "\n") }
        return StepOutcome(StepResult(fields: fields, outputs: [.code(preview, language: "c")], artifacts: [file]))
    }

    /// The C source: an aligned `unsigned char` array, 12 bytes a line, and its length.
    static func cArray(_ bytes: [UInt8], symbol: String, origin: String) -> String {
        var out = "// \(origin) as a C array for TensorFlow Lite Micro (\(bytes.count) bytes).\n"
        out += "#include <stdalign.h>\n\n"
        out += "alignas(16) const unsigned char \(symbol)[] = {\n"
        var index = 0
        while index < bytes.count {
            let line = bytes[index..<min(index + 12, bytes.count)].map { hex($0) }.joined(separator: ", ")
            index += 12
            out += "  " + line + (index < bytes.count ? ",\n" : "\n")
        }
        out += "};\nconst unsigned int \(symbol)_len = \(bytes.count);\n"
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "0x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
    }
}
