import Domain
import Foundation
import Testing

/// EXT-7: resident consultants log every working day (在工作日均需做工作日志). Coverage counts the
/// company calendar's working days within the engagement, up to but not including today.
@Suite("Consulting work-log coverage on the working-day calendar (EXT-7)")
struct ConsultingLogCoverageTests {
    func day(_ text: String) throws -> LocalDate { try #require(LocalDate(iso: text)) }

    func project(started: String, ended: String? = nil) throws -> ConsultingProject {
        ConsultingProject(
            id: 1, name: "顾问项目", developerID: 1, consultantIDs: [7], startedOn: try day(started),
            endedOn: try ended.map { try day($0) }, createdBy: 7)
    }

    @Test("EXT-7: October 2026 needs logs on its working days only: National Day holidays skipped, the make-up Saturday counted")
    func octoberWithHolidays() throws {
        let october = try #require(KPIPeriod(.month, label: "2026-10"))
        let logged: Set<LocalDate> = [try day("2026-10-08"), try day("2026-10-10"), try day("2026-10-04")]
        let coverage = ConsultingLogCoverage(
            consultantID: 7, month: october, through: try day("2026-11-02"), project: try project(started: "2026-01-01"),
            calendar: TestTime.nationalDay2026, logged: logged)
        // 22 weekdays, minus the 5 weekday holidays (10-01, 02, 05, 06, 07), plus Saturday 10-10: 18.
        #expect(coverage.workingDays.count == 18)
        #expect(coverage.workingDays.contains(try day("2026-10-10")))
        #expect(!coverage.workingDays.contains(try day("2026-10-05")))
        // A log on a holiday (10-04) does not count; the two on working days do.
        #expect(coverage.logged == 2)
        #expect(coverage.missing.first == (try day("2026-10-08")).shifted(by: 1))
    }

    @Test("EXT-7: today's log may still come, and days outside the engagement need none")
    func todayAndEngagement() throws {
        let november = try #require(KPIPeriod(.month, label: "2026-11"))
        // The project starts Wednesday 11-18; today is Monday 11-23: 18, 19, 20 are due, 23 is not yet.
        let coverage = ConsultingLogCoverage(
            consultantID: 7, month: november, through: try day("2026-11-23"), project: try project(started: "2026-11-18"),
            calendar: TestTime.plainWeeks, logged: [try day("2026-11-19")])
        #expect(coverage.workingDays == [try day("2026-11-18"), try day("2026-11-19"), try day("2026-11-20")])
        #expect(coverage.missing == [try day("2026-11-18"), try day("2026-11-20")])
        let ended = ConsultingLogCoverage(
            consultantID: 7, month: november, through: try day("2026-12-01"), project: try project(started: "2026-01-01", ended: "2026-11-03"),
            calendar: TestTime.plainWeeks, logged: [])
        #expect(ended.workingDays == [try day("2026-11-02"), try day("2026-11-03")])
    }

    @Test("EXT-7: only the monthly report is answered by the consulting department; the quarterly summary covers a quarter")
    func reportKinds() {
        #expect(ConsultingReport.Kind.monthlyReport.answeredByConsulting)
        #expect(ConsultingReport.Kind.allCases.filter(\.answeredByConsulting) == [.monthlyReport])
        #expect(ConsultingReport.Kind.quarterlySummary.period == .quarter)
        #expect(ConsultingReport.Kind.financeReport.period == .month)
    }
}
