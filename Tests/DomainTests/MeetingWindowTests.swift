import Domain
import Foundation
import Testing

/// Scheduling from the cadence (MTG-1) on the company calendar, with the National Day holidays of
/// 2026 (10-01 … 10-07) and the make-up Saturday 10-10.
@Suite("Meeting cadence windows and due days (MTG-1)")
struct MeetingWindowTests {
    func day(_ text: String) throws -> LocalDate { try #require(LocalDate(iso: text)) }

    func type(_ cadence: MeetingType.Cadence, heldBy: Int? = nil, lead: Int = 0) -> MeetingType {
        MeetingType(
            code: "t", name: "t", level: .company, cadence: cadence, agendaLeadDays: lead, minutesDueWorkingDays: 3,
            heldByWorkingDay: heldBy, organizer: "", source: "", version: 1)
    }

    @Test("MTG-1: the president office meeting is due by the 3rd working day of the month; after National Day that is the make-up Saturday")
    func presidentOffice() throws {
        let president = type(.monthly, heldBy: 3, lead: 7)
        let october = try #require(president.window(containing: try day("2026-10-20"), calendar: TestTime.nationalDay2026))
        #expect(october.start == (try day("2026-10-01")))
        #expect(october.lastDay == (try day("2026-10-31")))
        #expect(october.dueOn == (try day("2026-10-10")))  // 10-08 Thu, 10-09 Fri, 10-10 make-up Sat
        let november = try #require(president.window(containing: try day("2026-11-22"), calendar: TestTime.plainWeeks))
        #expect(november.dueOn == (try day("2026-11-04")))  // Mon 2, Tue 3, Wed 4
    }

    @Test("MTG-1: the morning briefing is due Monday and Thursday; a Monday holiday moves it to the next working day of its window or skips it")
    func twiceWeekly() throws {
        let briefing = type(.twiceWeekly)
        let early = try #require(briefing.window(containing: try day("2026-11-24"), calendar: TestTime.plainWeeks))
        #expect(early.start == (try day("2026-11-23")))
        #expect(early.end == (try day("2026-11-26")))
        #expect(early.dueOn == (try day("2026-11-23")))
        let late = try #require(briefing.window(containing: try day("2026-11-29"), calendar: TestTime.plainWeeks))
        #expect(late.start == (try day("2026-11-26")))
        #expect(late.end == (try day("2026-11-30")))
        #expect(late.dueOn == (try day("2026-11-26")))
        // Monday 10-05 to Wednesday 10-07 are all holidays: nothing is due in that window.
        #expect(briefing.window(containing: try day("2026-10-06"), calendar: TestTime.nationalDay2026)?.dueOn == nil)
    }

    @Test("MTG-1: the office staff meeting is due by the month's last working day; the director forum by the end of its two months")
    func periodEnds() throws {
        let staff = try #require(type(.monthly).window(containing: try day("2026-10-15"), calendar: TestTime.nationalDay2026))
        #expect(staff.dueOn == (try day("2026-10-30")))  // 10-31 is a Saturday
        let forum = try #require(type(.bimonthly).window(containing: try day("2026-11-22"), calendar: TestTime.plainWeeks))
        #expect(forum.start == (try day("2026-11-01")))
        #expect(forum.lastDay == (try day("2026-12-31")))
        #expect(forum.dueOn == (try day("2026-12-31")))
        let board = try #require(type(.semiannual).window(containing: try day("2026-03-01"), calendar: TestTime.plainWeeks))
        #expect(board.start == (try day("2026-01-01")))
        #expect(board.dueOn == (try day("2026-06-30")))
    }

    @Test("MTG-1: a daily meeting is due on working days only; as-needed types have no window")
    func dailyAndAsNeeded() throws {
        #expect(type(.daily).window(containing: try day("2026-11-22"), calendar: TestTime.plainWeeks)?.dueOn == nil)  // Sunday
        #expect(type(.daily).window(containing: try day("2026-11-23"), calendar: TestTime.plainWeeks)?.dueOn == (try day("2026-11-23")))
        #expect(type(.asNeeded).window(containing: try day("2026-11-23"), calendar: TestTime.plainWeeks) == nil)
        // A week's meeting is due by its last working day.
        #expect(type(.weekly).window(containing: try day("2026-11-18"), calendar: TestTime.plainWeeks)?.dueOn == (try day("2026-11-20")))
    }
}
