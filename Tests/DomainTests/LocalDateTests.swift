import Domain
import Testing

@Suite("LocalDate: the calendar day behind periods and working-day deadlines (BI-3)")
struct LocalDateTests {
    @Test("days since 1970-01-01 round-trip over four centuries, leap days included")
    func epochDaysRoundTrip() throws {
        let start = try #require(LocalDate(year: 1900, month: 1, day: 1))
        var day = start
        for _ in 0..<(400 * 366) where day.year < 2300 {
            let days = day.daysSinceEpoch
            #expect(LocalDate(daysSinceEpoch: days) == day)
            let next = try #require(day.adding(days: 1))
            #expect(next.daysSinceEpoch == days + 1)
            day = next
        }
    }

    @Test("known anchors: the epoch, a leap day, and 2026-11-22 (a Sunday)")
    func anchors() throws {
        #expect(try #require(LocalDate(year: 1970, month: 1, day: 1)).daysSinceEpoch == 0)
        #expect(try #require(LocalDate(year: 2000, month: 3, day: 1)).daysSinceEpoch == 11_017)
        let today = try #require(LocalDate(year: 2026, month: 11, day: 22))
        #expect(today.daysSinceEpoch == 20_779)
        #expect(today.isoWeekday == 7)
        #expect(try #require(LocalDate(year: 2026, month: 11, day: 23)).isoWeekday == 1)
    }

    @Test("days that do not exist are refused", arguments: [
        (2026, 2, 29), (2100, 2, 29), (2026, 4, 31), (2026, 13, 1), (2026, 0, 10), (0, 1, 1),
    ])
    func invalidDays(year: Int, month: Int, day: Int) {
        #expect(LocalDate(year: year, month: month, day: day) == nil)
    }

    @Test("ISO text parses exactly and prints zero-padded")
    func isoText() throws {
        #expect(LocalDate(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(try #require(LocalDate(year: 987, month: 6, day: 5)).description == "0987-06-05")
        for text in ["2024-2-29", "2024-02-30", "20240229", "2024-02-29T00:00", ""] {
            #expect(LocalDate(iso: text) == nil, "\(text)")
        }
    }
}
