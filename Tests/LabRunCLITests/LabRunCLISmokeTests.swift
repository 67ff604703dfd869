import Testing
@testable import LabRunCLI

@Test func LabRunCLIModuleLoads() { #expect(Bool(true)) }
