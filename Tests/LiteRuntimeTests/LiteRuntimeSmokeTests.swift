import Testing
@testable import LiteRuntime

@Test func LiteRuntimeModuleLoads() { #expect(Bool(true)) }
