import Testing
@testable import LabRunner

@Test func LabRunnerModuleLoads() { #expect(Bool(true)) }
