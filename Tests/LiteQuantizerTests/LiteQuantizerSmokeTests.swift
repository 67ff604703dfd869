import Testing
@testable import LiteQuantizer

@Test func LiteQuantizerModuleLoads() { #expect(Bool(true)) }
