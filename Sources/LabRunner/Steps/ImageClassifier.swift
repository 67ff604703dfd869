import Dispatch
import Foundation
import LiteFormat
import LiteRuntime

/// What running a classifier over labelled images gave.
public struct ClassificationRun: Sendable {
    /// Predicted class (argmax of output 0) per image, in order.
    public var predictions: [Int]
    public var correct: Int
    public var count: Int
    /// Wall-clock seconds of the whole run (interpreter preparation included).
    public var seconds: Double
    /// Output 0 of every image, in order, as raw little-endian bytes of `outputType`
    /// (only when asked for).
    public var rawOutputs: [UInt8]?
    public var outputType: TensorType
    /// Shape of output 0 for one image (batch dimension included, as in the model).
    public var outputShape: [Int]

    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
}

/// Runs a `.tflite` image classifier over grey images with our `Interpreter`, one image per
/// invoke (as on a device), the images split across cores with one interpreter per core.
///
/// Inputs are `pixel / 255`; an int8 or uint8 input gets `round(x / scale) + zero_point`,
/// clamped, with the input tensor's own parameters (as the chapter and LiteRT scripts do).
public enum ImageClassifier {
    /// Classifies `count` images of `pixelsPerImage` bytes each.
    /// - Parameters:
    ///   - labels: one per image; `correct` counts argmax == label.
    ///   - keepOutputs: also return output 0 of every image as raw bytes.
    ///   - threads: interpreters running at once (default: the machine's cores).
    ///   - progress: called now and then with the number of images done.
    public static func run(model: LiteModel, images: [UInt8], pixelsPerImage: Int, labels: [UInt8],
                           keepOutputs: Bool = false, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: (@Sendable (Int) -> Void)? = nil) throws -> ClassificationRun {
        let start = DispatchTime.now().uptimeNanoseconds
        let probe = try Interpreter(model: model)
        guard let input = probe.inputs.first, let output = probe.outputs.first else {
            throw LiteRuntimeError.invalidModel("the model has no input or no output")
        }
        let inputCount = input.shape.reduce(1, *)
        guard inputCount == pixelsPerImage else {
            throw LiteRuntimeError.badInput("the model's input \(input.shape) holds \(inputCount) values,"
                + " but the images have \(pixelsPerImage) pixels")
        }
        guard [.float32, .int8, .uint8].contains(output.type), let elementSize = output.type.elementSize else {
            throw LiteRuntimeError.unsupported("output of type \(output.type) (expected FLOAT32, INT8 or UINT8)")
        }
        let count = labels.count
        let outputCount = output.shape.reduce(1, *)
        let outputBytes = outputCount * elementSize
        var predictions = [Int](repeating: 0, count: count)
        var raw = [UInt8](repeating: 0, count: keepOutputs ? count * outputBytes : 0)
        let workers = max(1, min(threads, count / 64 + 1))
        // Workers take small chunks in turn rather than one fixed half each, so a core slowed down by
        // another process does not leave the other one idle at the end.
        let chunks = ChunkQueue(count: count, chunk: 128)
        let failure = FirstError()
        predictions.withUnsafeMutableBufferPointer { predicted in
            raw.withUnsafeMutableBytes { rawBytes in
                nonisolated(unsafe) let predicted = predicted, rawBytes = rawBytes
                nonisolated(unsafe) let probe = probe
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    do {
                        let interpreter = worker == 0 ? probe : try Interpreter(model: model)
                        var feeder = InputFeeder(input)
                        while let range = chunks.next() {
                            for i in range {
                                try feeder.feed(images[i * pixelsPerImage ..< (i + 1) * pixelsPerImage], to: interpreter)
                                interpreter.invoke()
                                predicted[i] = try argmaxOutput(interpreter, type: output.type,
                                                                into: keepOutputs ? rawBytes.baseAddress.map { $0 + i * outputBytes } : nil)
                            }
                            progress?(range.count)
                        }
                    } catch {
                        failure.record(error)
                    }
                }
            }
        }
        if let error = failure.error { throw error }
        let correct = zip(predictions, labels).reduce(0) { $0 + ($1.0 == Int($1.1) ? 1 : 0) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ClassificationRun(predictions: predictions, correct: correct, count: count, seconds: seconds,
                                 rawOutputs: keepOutputs ? raw : nil, outputType: output.type, outputShape: output.shape)
    }

    /// Reads output 0, copies its bytes to `destination` if given, and returns its argmax
    /// (the first index on ties, like numpy).
    static func argmaxOutput(_ interpreter: Interpreter, type: TensorType, into destination: UnsafeMutableRawPointer?) throws -> Int {
        func pick<T: LiteElement & Comparable>(_: T.Type) throws -> Int {
            let values: [T] = try interpreter.output(0)
            if let destination {
                values.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            }
            var best = 0
            for j in values.indices.dropFirst() where values[j] > values[best] { best = j }
            return best
        }
        switch type {
        case .int8: return try pick(Int8.self)
        case .uint8: return try pick(UInt8.self)
        default: return try pick(Float.self)
        }
    }
}

/// Turns pixels into the model's input through a 256-entry table (pixel → input value), into one
/// buffer reused for every image (no per-image array).
struct InputFeeder {
    let type: TensorType
    private var floats: [Float] = []
    private var int8s: [Int8] = []
    private var uint8s: [UInt8] = []
    private var floatBuffer: [Float] = []
    private var int8Buffer: [Int8] = []
    private var uint8Buffer: [UInt8] = []

    init(_ input: TensorInfo) {
        type = input.type
        let levels = (0...255).map { Float($0) / 255 }
        switch input.type {
        case .int8: int8s = levels.map { Int8(Self.quantize($0, input, -128, 127)) }
        case .uint8: uint8s = levels.map { UInt8(Self.quantize($0, input, 0, 255)) }
        default: floats = levels
        }
    }

    /// `round(x / scale) + zero_point` (half away from zero), clamped to the type's range.
    static func quantize(_ x: Float, _ t: TensorInfo, _ lo: Int32, _ hi: Int32) -> Int32 {
        guard t.scale > 0 else { return min(max(t.zeroPoint, lo), hi) }
        let q = Int32(max(min((x / t.scale).rounded(), 1e6), -1e6)) + t.zeroPoint
        return min(max(q, lo), hi)
    }

    mutating func feed(_ pixels: ArraySlice<UInt8>, to interpreter: Interpreter) throws {
        switch type {
        case .int8: try interpreter.setInput(Self.translate(pixels, through: int8s, into: &int8Buffer))
        case .uint8: try interpreter.setInput(Self.translate(pixels, through: uint8s, into: &uint8Buffer))
        case .float32: try interpreter.setInput(Self.translate(pixels, through: floats, into: &floatBuffer))
        default: throw LiteRuntimeError.unsupported("input of type \(type) (expected FLOAT32, INT8 or UINT8)")
        }
    }

    /// `buffer[i] = table[pixels[i]]`; the table has 256 entries, so every byte indexes it.
    private static func translate<T>(_ pixels: ArraySlice<UInt8>, through table: [T], into buffer: inout [T]) -> [T] {
        if buffer.count != pixels.count { buffer = Array(repeating: table[0], count: pixels.count) }
        pixels.withUnsafeBufferPointer { source in
            table.withUnsafeBufferPointer { lookup in
                buffer.withUnsafeMutableBufferPointer { out in
                    for i in 0..<source.count { out[i] = lookup[Int(source[i])] }
                }
            }
        }
        return buffer
    }
}

/// Hands out `0..<count` in consecutive chunks to worker threads, each chunk once.
final class ChunkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var start = 0
    private let count: Int, chunk: Int
    init(count: Int, chunk: Int) { self.count = count; self.chunk = max(1, chunk) }
    /// The next chunk, or nil when all are taken.
    func next() -> Range<Int>? {
        lock.withLock {
            guard start < count else { return nil }
            defer { start = min(count, start + chunk) }
            return start ..< min(count, start + chunk)
        }
    }
}

/// The first error any worker thread hit.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.withLock { stored } }
    func record(_ error: Error) { lock.withLock { if stored == nil { stored = error } } }
}
