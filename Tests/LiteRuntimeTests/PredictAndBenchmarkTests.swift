import Foundation
import Testing
import LiteFormat
@testable import LiteRuntime

@Test func twoThreadsGiveTheSameResultsAsOne() throws {
    let model = try LiteModel.read(Data(contentsOf: Fixtures.url("int8_uint8.tflite")))
    let images = Array(try Fixtures.images().prefix(41)) // odd count: unequal halves
    let sequential = try Interpreter(model: model).predict(images: images)
    let parallel = try Interpreter.predict(model: model, images: images, threads: 2)
    #expect(parallel == sequential)
    let labels = Interpreter.labels(of: sequential)
    let truth = try Fixtures.labels().prefix(41).map(Int.init)
    #expect(zip(labels, truth).filter { $0 == $1 }.count >= 38) // the chapter CNN is ~97 % accurate
}

@Test func benchmarkStatisticsAreConsistent() throws {
    let result = BenchmarkResult(samples: [4, 1, 3, 2], warmup: 0)
    #expect(result.meanMicroseconds == 2.5)
    #expect(result.medianMicroseconds == 2.5)
    #expect(abs(result.standardDeviationMicroseconds - (5.0 / 3).squareRoot()) < 1e-12) // sample variance 5/3
    #expect(result.minimumMicroseconds == 1 && result.maximumMicroseconds == 4)
}

@Test(arguments: ["f32", "int8_uint8"])
func benchmarkOneImage(name: String) throws {
    let model = try LiteModel.read(Data(contentsOf: Fixtures.url("\(name).tflite")))
    let image = try Fixtures.images()[0]
    for kernels in [InterpreterOptions.Kernels.reference, .fast] {
        let result = try Interpreter(model: model, options: InterpreterOptions(kernels: kernels))
            .benchmark(input: image, warmup: 3, runs: 20)
        print("\(name) \(kernels): \(result)")
        #expect(result.runs == 20)
        #expect(result.minimumMicroseconds > 0 && result.minimumMicroseconds <= result.medianMicroseconds)
        #expect(result.medianMicroseconds <= result.maximumMicroseconds)
    }
}
