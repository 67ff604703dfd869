// swift-tools-version:6.0
import PackageDescription

/// Hot-loop targets need a target CPU: without one, SIMD FMA becomes a library call per lane
/// (~100× slower). Kept under `#if arch(x86_64)` so other hosts still build.
#if arch(x86_64)
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-Xcc", "-march=x86-64-v3"])]
#else
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]
#endif

let package = Package(
    name: "labrun",
    platforms: [.macOS(.v14)],
    products: [.executable(name: "labrun", targets: ["labrun"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // SHA-256, the one implementation: data set checks, step cache keys, page CSP hashes.
        // -O even in debug builds: SHA-256 of the 50 MB data files is ~20× slower unoptimised.
        .target(name: "Checksum", swiftSettings: [.unsafeFlags(["-O"])]),
        // The lab text and its values.
        .target(name: "LabDocument", dependencies: ["CCmarkGFM", "Yams"]),
        // Data sets.
        // -O even in debug builds: decoding the IDX files of 70,000 images.
        .target(name: "LabData", dependencies: ["CZlib", "Checksum"], swiftSettings: [.unsafeFlags(["-O"])]),
        // .tflite files, kernels, interpreter, quantizer.
        // -O even in debug builds: the format tests decode 10,000 corrupted files each.
        .target(name: "LiteFormat", swiftSettings: [.unsafeFlags(["-O"])]),
        // int8 GEMM in C with run-time CPU dispatch (portable C, AVX2, AVX-512 VNNI).
        .target(name: "CLiteKernels", cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "LiteKernels", dependencies: ["CLiteKernels"], swiftSettings: kernelFlags),
        .target(name: "LiteRuntime", dependencies: ["LiteFormat", "LiteKernels"]),
        .target(name: "LiteQuantizer", dependencies: ["LiteFormat", "LiteRuntime"]),
        // Training.
        .target(name: "EngineKernels", swiftSettings: kernelFlags),
        .target(name: "LabEngine", dependencies: ["LiteFormat", "LabData", "EngineKernels"]),
        // Running and rendering a lab.
        .target(name: "LabRender", dependencies: ["LabDocument", "Checksum"]),
        .target(name: "LabRunner", dependencies: [
            "LabDocument", "LabData", "Checksum", "LiteFormat", "LiteKernels", "LiteRuntime", "LiteQuantizer", "LabEngine",
        ], plugins: ["EngineSourceHashPlugin"]),
        // The engine's version in every recipe: the SHA-256 of the code that computes results,
        // made at build time (Plugins/EngineSourceHashPlugin), so changed code never serves stale results.
        .executableTarget(name: "EngineSourceHash", dependencies: ["Checksum"]),
        .plugin(name: "EngineSourceHashPlugin", capability: .buildTool(), dependencies: ["EngineSourceHash"]),
        // `labrun preview`: a small HTTP server (POSIX sockets) with a reload channel, and a file watcher.
        .target(name: "LabPreview"),
        .target(name: "LabRunCLI", dependencies: [
            "LabRunner", "LabRender", "LabDocument", "LabData", "LabPreview", "LiteFormat", "LiteRuntime", "LiteQuantizer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "labrun", dependencies: ["LabRunCLI"]),
        // Training speed and accuracy against Keras (Benchmarks/train_vs_keras.sh).
        // Fuzzing (Fuzz/README.md): one harness per input format, shared by `make fuzz` and FuzzReplayTests.
        .target(name: "FuzzHarnesses", dependencies: ["LabDocument", "LabRunner", "LabData", "LiteFormat", "LiteRuntime", "LabPreview"]),
        .executableTarget(name: "labrun-fuzz", dependencies: ["FuzzHarnesses"]),
        .executableTarget(name: "TrainBench", dependencies: ["LabEngine", "LabData", "LiteFormat"], path: "Benchmarks/TrainBench"),

        .testTarget(name: "LabDocumentTests", dependencies: ["LabDocument"], exclude: ["Goldens"]),
        .testTarget(name: "ChecksumTests", dependencies: ["Checksum"]),
        .testTarget(name: "LabDataTests", dependencies: ["LabData", "CZlib", "Checksum"]),
        .testTarget(name: "LiteFormatTests", dependencies: ["LiteFormat"]),
        .testTarget(name: "LiteKernelsTests", dependencies: ["LiteKernels", "CLiteKernels"]),
        .testTarget(name: "LiteRuntimeTests", dependencies: ["LiteRuntime", "LiteFormat"]),
        .testTarget(name: "LiteQuantizerTests", dependencies: ["LiteQuantizer", "LiteRuntime", "LiteFormat", "LabData", "LabEngine"]),
        .testTarget(name: "EngineKernelsTests", dependencies: ["EngineKernels"]),
        .testTarget(name: "LabEngineTests", dependencies: ["LabEngine", "LabData", "EngineKernels", "LiteFormat"]),
        .testTarget(name: "LabRenderTests", dependencies: ["LabRender", "LabDocument"], exclude: ["Goldens"]),
        .testTarget(name: "LabRunnerTests", dependencies: [
            "LabRunner", "LabDocument", "LabData", "LabEngine", "LiteFormat", "LiteRuntime", "Checksum",
        ]),
        .testTarget(name: "LabPreviewTests", dependencies: ["LabPreview"]),
        .testTarget(name: "LabRunCLITests", dependencies: [
            "LabRunCLI", "LabData", "LiteFormat", "Checksum", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "FuzzReplayTests", dependencies: ["FuzzHarnesses"]),
    ]
)
