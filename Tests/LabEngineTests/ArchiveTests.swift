import Foundation
import Testing
@testable import LabEngine

private let mnist = Shape(height: 28, width: 28, channels: 1)

@Test func aQuantizationAwareModelRoundTripsThroughItsArchive() throws {
    var model = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    model.initialize(seed: 3)
    let qat = try model.withFakeQuantization()
    let back = try Sequential(archive: qat.archived())
    #expect(back.specs == qat.specs)
    #expect(back.inputShape == qat.inputShape)
    #expect(back.quantizesWeights)
    #expect(back.parameters.map(\.bitPattern) == qat.parameters.map(\.bitPattern))
}

@Test func aDamagedArchiveIsAnErrorThatSaysWhy() throws {
    let model = try Sequential(input: mnist, specs: LayerSpec.chapterModel)
    let bytes = model.archived()
    #expect(throws: ModelError.self) { try Sequential(archive: bytes.prefix(bytes.count / 2)) }
    // A valid archive whose parameter bytes are one float short.
    var json = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
    let encoded = try #require(json["parameters"] as? String)
    let floats = try #require(Data(base64Encoded: encoded))
    json["parameters"] = floats.dropLast(4).base64EncodedString()
    let short = try JSONSerialization.data(withJSONObject: json)
    #expect(throws: ModelError(index: nil, "the archive holds 12809 parameters; its layers need 12810")) {
        try Sequential(archive: short)
    }
}
