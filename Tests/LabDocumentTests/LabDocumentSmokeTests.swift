import Testing
@testable import LabDocument

@Test func LabDocumentModuleLoads() { #expect(Bool(true)) }
