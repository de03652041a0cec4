import Domain
import Foundation
import Testing

/// Working-day deadlines of the communication procedures, in Asia/Shanghai, across weekends, the
/// National Day holidays of 2026 (10-01 … 10-07) and their make-up workdays (Sunday 09-27, Saturday 10-10).
@Suite("Deadlines on the working-day calendar (EXT-2, EXT-6, MTG-1, MTG-2)")
struct DeadlineTests {
    let holidays = TestTime.nationalDay2026
    let plain = TestTime.plainWeeks

    func day(_ text: String) throws -> LocalDate { try #require(LocalDate(iso: text)) }

    @Test("EXT-2/MTG-2: within 3 working days of a Friday skips the weekend")
    func acrossWeekend() throws {
        let due = DaysAfter.workingDays(3).deadline(after: try day("2026-11-20"), calendar: plain)
        #expect(due.dueOn == (try day("2026-11-25")))  // Mon 23, Tue 24, Wed 25
    }

    @Test("EXT-2/MTG-2: within 3 working days of the eve of National Day skips the holidays and counts the make-up Saturday")
    func acrossHolidayAndMakeUpDay() throws {
        // 09-30 (Wed) → 10-01..07 holidays → Thu 10-08 (1), Fri 10-09 (2), Sat 10-10 make-up (3).
        let due = DaysAfter.workingDays(3).deadline(after: try day("2026-09-30"), calendar: holidays)
        #expect(due.dueOn == (try day("2026-10-10")))
        // Without the calendar the same rule lands on Monday 10-05.
        #expect(DaysAfter.workingDays(3).deadline(after: try day("2026-09-30"), calendar: plain).dueOn == (try day("2026-10-05")))
    }

    @Test("EXT-2: a make-up Sunday counts as the first working day after a Friday")
    func makeUpSunday() throws {
        // Fri 09-25 → Sat 26 rests, Sun 27 make-up (1), Mon 28 (2), Tue 29 (3).
        #expect(DaysAfter.workingDays(3).deadline(after: try day("2026-09-25"), calendar: holidays).dueOn == (try day("2026-09-29")))
    }

    @Test("calendar days ignore the calendar; zero days is the same day")
    func calendarDays() throws {
        #expect(DaysAfter.calendarDays(3).deadline(after: try day("2026-09-30"), calendar: holidays).dueOn == (try day("2026-10-03")))
        #expect(DaysAfter.workingDays(0).deadline(after: try day("2026-10-03"), calendar: holidays).dueOn == (try day("2026-10-03")))
    }

    @Test("EXT-6: the 8th working day of October 2026 moves from 10-12 to 10-16 with the National Day holidays")
    func eighthWorkingDay() throws {
        #expect(DayOfMonth.workingDay(8).deadline(inMonth: 2026, 10, calendar: plain).dueOn == (try day("2026-10-12")))
        // 08 (1), 09 (2), Sat 10 make-up (3), 12 (4), 13 (5), 14 (6), 15 (7), 16 (8).
        #expect(DayOfMonth.workingDay(8).deadline(inMonth: 2026, 10, calendar: holidays).dueOn == (try day("2026-10-16")))
    }

    @Test("EXT-6: by the 18th is the 18th whatever the weekday; by the 31st of a short month is its last day")
    func dayOfMonth() throws {
        #expect(DayOfMonth.calendarDay(18).deadline(inMonth: 2026, 10, calendar: holidays).dueOn == (try day("2026-10-18")))  // a Sunday
        #expect(DayOfMonth.calendarDay(31).deadline(inMonth: 2026, 2, calendar: plain).dueOn == (try day("2026-02-28")))
    }

    @Test("MTG-1: the first 3 working days of October 2026 come after the holidays, the make-up Saturday among them")
    func firstWorkingDays() throws {
        #expect(holidays.workingDays(ofMonth: 2026, 10, limit: 3) == [try day("2026-10-08"), try day("2026-10-09"), try day("2026-10-10")])
        #expect(plain.workingDays(ofMonth: 2026, 11, limit: 3) == [try day("2026-11-02"), try day("2026-11-03"), try day("2026-11-04")])
    }

    @Test("a month with fewer working days than asked falls back to its last working day, and to its last day with none")
    func shortMonths() throws {
        #expect(plain.workingDay(30, ofMonth: 2026, 11) == (try day("2026-11-30")))  // Monday, the 21st working day
        let allHolidays = WorkingCalendar(exceptions: (1...28).map {
            .init(day: LocalDate(year: 2027, month: 2, day: $0)!, kind: .holiday, name: "x")
        })
        #expect(allHolidays.workingDay(1, ofMonth: 2027, 2) == (try day("2027-02-28")))
    }

    @Test("EXT-2: a deadline is met before midnight of its due day in Shanghai, late from midnight on")
    func endOfDueDay() throws {
        let deadline = Deadline(dueOn: try day("2026-10-10"))
        #expect(deadline.end(in: TestTime.shanghai) == TestTime.instant("2026-10-11T00:00:00+08:00"))
        #expect(deadline.isMet(by: TestTime.instant("2026-10-10T23:59:59+08:00"), in: TestTime.shanghai))
        #expect(!deadline.isMet(by: TestTime.instant("2026-10-11T00:00:00+08:00"), in: TestTime.shanghai))
        // Open and past the day is late; open before its end is not.
        #expect(deadline.isLate(doneAt: nil, now: TestTime.instant("2026-10-11T08:00:00+08:00"), in: TestTime.shanghai))
        #expect(!deadline.isLate(doneAt: nil, now: TestTime.instant("2026-10-10T08:00:00+08:00"), in: TestTime.shanghai))
    }
}
