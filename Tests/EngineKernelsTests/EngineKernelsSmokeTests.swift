import Testing
@testable import EngineKernels

@Test func EngineKernelsModuleLoads() { #expect(Bool(true)) }
