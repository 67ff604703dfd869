import Testing
@testable import LabData

@Test func LabDataModuleLoads() { #expect(Bool(true)) }
