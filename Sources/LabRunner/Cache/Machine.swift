import Foundation

/// This machine in one line, e.g. "AMD EPYC 7B13, 2 cores, Linux": recorded with every step
/// result and shown under measurements that depend on it (benchmarks).
public enum Machine {
    public static let description: String = {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return "\(cpuName ?? "unknown CPU"), \(cores) core\(cores == 1 ? "" : "s"), \(system)"
    }()

    private static var cpuName: String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line?.split(separator: ":", maxSplits: 1).last.map {
            $0.split(separator: " ").joined(separator: " ").replacingOccurrences(of: " Processor", with: "")
        }
    }

    private static var system: String {
        #if os(Linux)
        return "Linux"
        #elseif os(macOS)
        return "macOS"
        #else
        return "unknown system"
        #endif
    }
}
