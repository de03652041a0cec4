import Domain
import Testing

@Suite("Working-day calendar (BI-3, TKT-15: clocks of days count working days on the company calendar)")
struct WorkingCalendarTests {
    func day(_ text: String) throws -> LocalDate { try #require(LocalDate(iso: text)) }

    @Test("BI-3: weekdays work, weekends rest, holidays and make-up workdays override (National Day week 2026)")
    func exceptionsOverrideTheWeek() throws {
        // 2026-10-01 (Thu) … 10-07 holidays; Sunday 2026-09-27 and Saturday 10-10 are make-up workdays.
        var exceptions = try (1...7).map { WorkingCalendar.Exception(day: try day("2026-10-0\($0)"), kind: .holiday, name: "国庆节") }
        exceptions.append(.init(day: try day("2026-09-27"), kind: .workday, name: "调休"))
        exceptions.append(.init(day: try day("2026-10-10"), kind: .workday, name: "调休"))
        let calendar = WorkingCalendar(exceptions: exceptions)
        #expect(calendar.isWorkingDay(try day("2026-09-25")))   // Friday
        #expect(!calendar.isWorkingDay(try day("2026-09-26")))  // Saturday
        #expect(calendar.isWorkingDay(try day("2026-09-27")))   // Sunday, make-up
        #expect(!calendar.isWorkingDay(try day("2026-10-01")))  // Thursday, holiday
        #expect(!calendar.isWorkingDay(try day("2026-10-05")))  // Monday, holiday
        #expect(calendar.isWorkingDay(try day("2026-10-09")))   // Friday
        #expect(calendar.isWorkingDay(try day("2026-10-10")))   // Saturday, make-up
        #expect(!calendar.isWorkingDay(try day("2026-10-11")))  // Sunday
    }

    @Test("a holiday on a weekend or a workday on a weekday is flagged as redundant")
    func redundancy() throws {
        #expect(WorkingCalendar.Exception(day: try day("2026-11-22"), kind: .holiday, name: "").redundancy != nil)  // Sunday
        #expect(WorkingCalendar.Exception(day: try day("2026-11-23"), kind: .workday, name: "").redundancy != nil)  // Monday
        #expect(WorkingCalendar.Exception(day: try day("2026-11-23"), kind: .holiday, name: "").redundancy == nil)
        #expect(WorkingCalendar.Exception(day: try day("2026-11-22"), kind: .workday, name: "").redundancy == nil)
    }
}
