import Testing
@testable import LiteKernels

@Test func LiteKernelsModuleLoads() { #expect(Bool(true)) }
