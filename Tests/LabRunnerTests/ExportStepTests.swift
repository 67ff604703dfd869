import Testing
@testable import LabRunner

@Suite struct ExportStepTests {
    @Test func writesAnAlignedArrayLikeXxd() {
        let source = ExportStep.cArray(Array(0..<14).map(UInt8.init) + [0xff], symbol: "g_model", origin: "int8.tflite")
        #expect(source == """
            // int8.tflite as a C array for TensorFlow Lite Micro (15 bytes).
            #include <stdalign.h>

            alignas(16) const unsigned char g_model[] = {
              0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
              0x0c, 0x0d, 0xff
            };
            const unsigned int g_model_len = 15;

            """)
    }
}
