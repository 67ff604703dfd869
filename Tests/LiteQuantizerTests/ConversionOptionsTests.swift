import LiteFormat
import LiteQuantizer
import LiteRuntime
import Testing

/// The one conversion entry point `labrun quantize` and the `convert` step share.
@Suite struct ConversionOptionsTests {
    @Test func ioIsFloatUnlessTheVariantIsInt8() {
        #expect(QuantizationOptions(variant: .float16, io: .uint8).io == .float)
        #expect(QuantizationOptions(variant: .dynamic, io: .int8).io == .float)
        #expect(QuantizationOptions(variant: .int8, io: .uint8).io == .uint8)
    }

    @Test func registryListsEachOperatorOnce() {
        let builtins = OperatorRegistry.ordered.map(\.builtin)
        #expect(Set(builtins).count == builtins.count)
        #expect(OperatorRegistry.all.count == builtins.count)
        // Operators with weights name them, so the quantizer and the tensor names agree.
        for r in OperatorRegistry.ordered where r.weightsAxis != nil { #expect(r.inputRoles == [.weights, .bias], "\(r.builtin)") }
    }
}
