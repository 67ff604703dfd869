import Testing
@testable import LabEngine

@Test func LabEngineModuleLoads() { #expect(Bool(true)) }
