// labrun-fuzz TARGET [ARGS…]   or, through a link named fuzz-TARGET:   fuzz-TARGET [ARGS…]
//
// Built by `swift build`, it replays files (or folders of files) through one harness: each must
// return without crashing. Built by `make fuzz` (coverage instrumentation, ASan, libFuzzer linked
// in without its `main`), the same binary finds `LLVMFuzzerRunDriver` and hands ARGS to libFuzzer.
// The `fuzz-TARGET` links exist for libFuzzer's -fork mode, which re-runs argv[0] with its own flags.
import FuzzHarnesses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>,
                                      UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                      TestOneInput) -> Int32

/// The target libFuzzer's callback runs (a C callback cannot capture it).
nonisolated(unsafe) var selected: FuzzTarget?

// `fuzz-expr ARGS` is `labrun-fuzz expr ARGS`.
let invokedAs = URL(fileURLWithPath: CommandLine.arguments[0]).lastPathComponent
let arguments = invokedAs.hasPrefix("fuzz-")
    ? [CommandLine.arguments[0], String(invokedAs.dropFirst("fuzz-".count))] + CommandLine.arguments.dropFirst()
    : CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget.named(arguments[1]) else {
    let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: labrun-fuzz TARGET [FILE|DIR…]   (targets: \(names))\n".utf8))
    exit(64)
}
selected = target

if let symbol = dlsym(dlopen(nil, RTLD_NOW), "LLVMFuzzerRunDriver") {
    // libFuzzer sees argv without TARGET, and the harness's input bound unless one is given.
    var flags = Array(arguments.dropFirst(2))
    if !flags.contains(where: { $0.hasPrefix("-max_len=") }) { flags.insert("-max_len=\(target.maxLength)", at: 0) }
    var argv: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + flags).map { strdup($0) } + [nil]
    var argc = Int32(argv.count - 1)
    let status = argv.withUnsafeMutableBufferPointer { buffer -> Int32 in
        var base = buffer.baseAddress!
        return unsafeBitCast(symbol, to: RunDriver.self)(&argc, &base) { bytes, count in
            selected!.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        }
    }
    exit(status)
}

// Replay: every file named, and every file in every folder named.
var replayed = 0
for path in arguments.dropFirst(2) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        FileHandle.standardError.write(Data("labrun-fuzz: no such file: \(path)\n".utf8))
        exit(66)
    }
    let files = isDirectory.boolValue
        ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
        : [path]
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { continue }
        target.run(data)
        replayed += 1
    }
}
print("\(target.name): \(replayed) inputs replayed, no crash")
