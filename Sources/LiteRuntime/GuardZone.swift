/// A debug-build canary after every tensor and scratch buffer: a fixed byte pattern that a kernel writing
/// past the end of its buffer would change. Release builds have no zone (0 bytes) and always pass.
/// Prepare's checks (`OpContext.requireExtent`) are what keep kernels in bounds; this lets tests prove it.
enum GuardZone {
    #if DEBUG
    static let bytes = 64
    #else
    static let bytes = 0
    #endif
    static let pattern: UInt8 = 0xA5

    static func fill(_ start: UnsafeMutableRawPointer) {
        if bytes > 0 { start.initializeMemory(as: UInt8.self, repeating: pattern, count: bytes) }
    }

    static func isIntact(_ start: UnsafeMutableRawPointer) -> Bool {
        let zone = start.assumingMemoryBound(to: UInt8.self)
        return (0..<bytes).allSatisfy { zone[$0] == pattern }
    }
}
