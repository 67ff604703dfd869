import ArgumentParser
import LabRunner

/// Where a command's step results come from: the lab's lock file (`--frozen`) or the step cache
/// (`--cache-dir`). Shared by `run`, `book` (through `CacheOptions`) and `answers`, so the options
/// and their help are written once.
struct ResultSourceOptions: ParsableArguments {
    @Flag(help: "Take every result from the lab's lock file (NAME.lab.lock): run nothing, need no data.")
    var frozen = false

    @Option(help: ArgumentHelp("Where step results are cached.", valueName: "DIR"))
    var cacheDir = StepCache.defaultFolder
}
