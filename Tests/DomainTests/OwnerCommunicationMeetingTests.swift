import Domain
import Foundation
import Testing

@Suite("Owner communication meeting records (MTG-3)")
struct OwnerCommunicationMeetingTests {
    typealias Records = OwnerCommunicationMeeting

    func decimal(_ text: String) throws -> Decimal {
        try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
    }

    @Test("MTG-3: budget totals are exact decimals: 3 × 0.10 is 0.30, not 0.30000000000000004")
    func exactBudget() throws {
        let items = [
            Records.BudgetItem(item: "横幅", quantity: 3, unitPrice: try decimal("0.10")),
            Records.BudgetItem(item: "矿泉水", quantity: 7, unitPrice: try decimal("0.10")),
            Records.BudgetItem(item: "胶带", quantity: try decimal("0.10"), unitPrice: try decimal("0.20")),
            Records.BudgetItem(item: "读卡器", quantity: 3, unitPrice: try decimal("1234.56")),
        ]
        #expect(items.map(\.total) == [try decimal("0.3"), try decimal("0.7"), try decimal("0.02"), try decimal("3703.68")])
        #expect(Records.budgetTotal(items) == (try decimal("3704.70")))
    }

    @Test("MTG-3: a line's total rounds half away from zero to fen: 0.05 × 0.5 = 0.025 → 0.03")
    func roundingToFen() throws {
        #expect(Records.BudgetItem(item: "x", quantity: try decimal("0.5"), unitPrice: try decimal("0.05")).total == (try decimal("0.03")))
    }

    @Test("MTG-3: reminder calls are due the day before (company zone) and in the 10 minutes before, until made; none for who declined")
    func remindersDue() throws {
        let zone = TestTime.shanghai
        let meetingAt = TestTime.instant("2026-11-25T19:00:00+08:00")
        var invitation = Records.Invitation(id: 1, officeID: 1, meetingID: 1, name: "王先生", unit: "3-502", phone: "", status: .confirmed)
        let twoDaysBefore = invitation.remindersDue(meetingAt: meetingAt, now: TestTime.instant("2026-11-23T10:00:00+08:00"), zone: zone)
        #expect(!twoDaysBefore.dayBefore && !twoDaysBefore.soon)
        let eve = invitation.remindersDue(meetingAt: meetingAt, now: TestTime.instant("2026-11-24T00:00:00+08:00"), zone: zone)
        #expect(eve.dayBefore && !eve.soon)
        let soon = invitation.remindersDue(meetingAt: meetingAt, now: TestTime.instant("2026-11-25T18:50:00+08:00"), zone: zone)
        #expect(!soon.dayBefore && soon.soon)
        let tooEarly = invitation.remindersDue(meetingAt: meetingAt, now: TestTime.instant("2026-11-25T18:49:59+08:00"), zone: zone)
        #expect(!tooEarly.soon)
        invitation.remindedSoonAt = TestTime.instant("2026-11-25T18:51:00+08:00")
        #expect(!invitation.remindersDue(meetingAt: meetingAt, now: TestTime.instant("2026-11-25T18:55:00+08:00"), zone: zone).soon)
        invitation.status = .declined
        #expect(!invitation.remindersDue(meetingAt: meetingAt, now: TestTime.instant("2026-11-24T09:00:00+08:00"), zone: zone).dayBefore)
    }

    @Test("MTG-3: a rectification item is overdue only while open after its expected day")
    func rectificationOverdue() throws {
        var item = Records.RectificationItem(
            id: 1, officeID: 1, meetingID: 1, opinionID: nil, problem: "门禁故障", location: "东门", measure: "更换读卡器",
            expectedOn: try #require(LocalDate(iso: "2026-11-30")))
        #expect(!item.isOverdue(on: try #require(LocalDate(iso: "2026-11-30"))))
        #expect(item.isOverdue(on: try #require(LocalDate(iso: "2026-12-01"))))
        item.isDone = true
        #expect(!item.isOverdue(on: try #require(LocalDate(iso: "2026-12-01"))))
    }
}
