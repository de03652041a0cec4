import Domain
import Foundation
import Testing

@Suite("Ticket numbers: <OFFICECODE>-<yyyyMMdd>-<NNNN>, per office and day (issue 4)")
struct TicketNumberTests {
    func day(_ iso: String) throws -> LocalDate { try #require(LocalDate(iso: iso)) }

    @Test("format: office code, the day, a sequence of at least four digits")
    func format() throws {
        #expect(TicketNumber(officeCode: "DH", day: try day("2026-11-22"), sequence: 7).description == "DH-20261122-0007")
        #expect(TicketNumber(officeCode: "HQ", day: try day("2026-01-05"), sequence: 9_999).description == "HQ-20260105-9999")
        #expect(TicketNumber(officeCode: "EST01", day: try day("2026-11-22"), sequence: 12_345).description
            == "EST01-20261122-12345")
        #expect(TicketNumber(officeCode: "A", day: try day("0001-01-01"), sequence: 1).description == "A-00010101-0001")
        #expect("\(TicketNumber(officeCode: "DH", day: try day("2026-12-31"), sequence: 42))" == "DH-20261231-0042")
    }

    @Test("parsing reads the office code, the day and the sequence")
    func parse() throws {
        let number = try #require(TicketNumber("DH-20261122-0007"))
        #expect(number.officeCode == "DH")
        #expect(number.day == (try day("2026-11-22")))
        #expect(number.sequence == 7)
        let long = try #require(TicketNumber("EST01-20261122-12345"))
        #expect(long.sequence == 12_345)
    }

    @Test("TicketNumber(format(n)) == n for short, four-digit and longer sequences",
          arguments: [1, 7, 999, 1_000, 9_999, 10_000, 123_456])
    func roundTrip(sequence: Int) throws {
        let leapDay = try day("2028-02-29")
        let number = TicketNumber(officeCode: "BLDG7A", day: leapDay, sequence: sequence)
        let parsed = try #require(TicketNumber(number.description))
        #expect(parsed == number)
        #expect(parsed.officeCode == "BLDG7A" && parsed.sequence == sequence && parsed.day == leapDay)
        #expect(parsed.description == number.description)
    }

    @Test("parsing refuses anything that is not CODE-yyyyMMdd-NNNN", arguments: [
        "", "DH", "DH-20261122", "DH-20261122-", "DH-20261122-7", "DH-20261122-007",
        "-20261122-0007", "DH-2026112-0007", "DH-202611221-0007", "DH-2026-11-22-0007",
        "DH-20261322-0007", "DH-20261100-0007", "DH-20260229-0007", "DH-00001122-0007",
        "DH-20261122-0000", "DH-01-20261122-0007", "DH--20261122-0007", "DH-20261122-0007-",
        "DH-20261122-00a7", "DH-2026II22-0007", "DH-20261122- 007", "DH-２0261122-0007", "DH-20261122-０００７",
        "DH-20261122-99999999999999999999999",
    ])
    func refused(text: String) {
        #expect(TicketNumber(text) == nil)
    }

    @Test(
        "parsing refuses a sign in a numeric field (\"nil for anything else\")",
        arguments: ["DH-20261122-+007", "DH-2026+122-0007", "DH-+0261122-0007", "DH-202611+2-0007"])
    func refusesSigns(text: String) {
        #expect(TicketNumber(text) == nil)
    }
}
