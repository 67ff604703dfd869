import Testing
@testable import LiteFormat

@Test func LiteFormatModuleLoads() { #expect(Bool(true)) }
