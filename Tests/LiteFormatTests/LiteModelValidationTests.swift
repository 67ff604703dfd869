import Testing
@testable import LiteFormat

private func validationError(_ edit: (inout LiteModel) -> Void) -> String? {
    var model = TestModels.int8CNN()
    edit(&model)
    do { try model.validate(); return nil } catch { return "\(error)" }
}

@Test func acceptsTheTestModels() throws {
    try TestModels.int8CNN().validate()
    try TestModels.everyOption().validate()
}

@Test func reportsIndexErrors() {
    #expect(validationError { $0.subgraphs[0].operators[2].opcodeIndex = 9 }
            == "invalid model: operator 2 uses opcode 9, but the model has 5")
    #expect(validationError { $0.subgraphs[0].operators[5].inputs[1] = 15 }
            == "invalid model: operator 5 (FULLY_CONNECTED) input refers to tensor 15, but the subgraph has 15 tensors")
    #expect(validationError { $0.subgraphs[0].outputs = [-1] }
            == "invalid model: graph output refers to tensor -1, but the subgraph has 15 tensors")
    #expect(validationError { $0.subgraphs[0].tensors[0].buffer = 8 }
            == "invalid model: tensor 0 (\"input\") uses buffer 8, but the model has 8")
}

@Test func reportsSizeAndQuantizationErrors() {
    #expect(validationError { $0.buffers[1].data.removeLast() }
            == "invalid model: tensor 1 has shape [16, 3, 3, 1] of INT8 (144 bytes), but its buffer 1 holds 143 bytes")
    #expect(validationError { $0.subgraphs[0].tensors[3].shape = [1, -26, 26, 16] }
            == "invalid model: tensor 3 has negative dimension -26 in shape [1, -26, 26, 16]")
    #expect(validationError { $0.subgraphs[0].tensors[3].shape = [1 << 20, 1 << 20, 1 << 20] }
            == "invalid model: tensor 3 has shape [1048576, 1048576, 1048576], more than 2^31 elements")
    #expect(validationError { $0.subgraphs[0].tensors[1].quantization?.zeroPoint.removeLast() }
            == "invalid model: tensor 1 has 16 scales but 15 zero points")
    #expect(validationError { $0.subgraphs[0].tensors[1].quantization?.quantizedDimension = 3 }
            == "invalid model: tensor 1 has 16 scales; per-axis quantization along dimension 3 needs 1")
    #expect(validationError { $0.subgraphs[0].tensors[1].quantization?.quantizedDimension = 4 }
            == "invalid model: tensor 1 is quantized along dimension 4, but its shape [16, 3, 3, 1] has rank 4")
    #expect(validationError { $0.version = 0 } == "invalid model: schema version is 0, expected 3")
}
