import Testing
@testable import LabRender

@Test func LabRenderModuleLoads() { #expect(Bool(true)) }
