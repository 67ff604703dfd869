import LabDocument
import Testing
@testable import LabRunner

/// A Raspberry Pi has DRAM and an SD card, not SRAM and flash (issue 15).
@Suite struct MemoryDeviceLabelTests {
    @Test func thePiZeroIsLabelledWithItsOwnMemories() throws {
        let devices = try MemoryStep.parseDevices(MemoryStep.defaultDevices)
        let table = MemoryStep.table([(id: "int8", arena: 16_812, flash: 16_000)], devices, caption: "")
        #expect(table.rows[0][3].hasPrefix("✓ SRAM "))
        #expect(table.rows[0][5] == "✓ DRAM +512.0 MB · SD card +16.0 GB")
    }

    @Test func aDeviceMayNameItsMemories() throws {
        let devices = try MemoryStep.parseDevices(.list([.record(Record([("name", "Board"), ("sram_kb", 64), ("flash_kb", 128),
                                                                          ("ram", "PSRAM"), ("storage", "QSPI flash")]))]))
        #expect(devices[0].ram == "PSRAM" && devices[0].storage == "QSPI flash")
    }
}
