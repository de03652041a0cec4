import Domain
import Foundation
import Testing

/// The one approval workflow (issue 6 item 6) as a pure state machine: the order of the steps,
/// who decides each, rejection back to draft, publication only after the last approval.
@Suite("Approval workflow of written documents (EXT-5, EXT-6)")
struct ApprovalFlowTests {
    let minutes = WrittenDocument.Kind.committeeMinutes.flow
    let report = WrittenDocument.Kind.quarterlyReport.flow
    let briefing = WrittenDocument.Kind.monthlyBriefing.flow

    /// Applies decisions in order and returns the final state.
    func run(_ flow: ApprovalFlow, _ decisions: [ApprovalFlow.Decision]) throws -> ApprovalFlow.State {
        var state = ApprovalFlow.State.draft
        for decision in decisions { state = try flow.apply(decision, to: state).next }
        return state
    }

    @Test("EXT-5: minutes go draft → department review → chair approval → approved → published")
    func minutesPath() throws {
        var state = ApprovalFlow.State.draft
        state = try minutes.apply(.submit, to: state).next
        #expect(state == ApprovalFlow.State(status: .inReview, step: 0))
        #expect(minutes.action(for: .approve, in: state) == .reviewCommitteeMinutes)
        let reviewed = try minutes.apply(.approve, to: state)
        #expect(reviewed.step?.name == "department_review")
        #expect(reviewed.next == ApprovalFlow.State(status: .inReview, step: 1))
        #expect(minutes.action(for: .approve, in: reviewed.next) == .draftDocuments)
        let chaired = try minutes.apply(.approve, to: reviewed.next)
        #expect(chaired.step?.name == "chair_approval")
        #expect(chaired.next.status == .approved)
        #expect(try minutes.apply(.publish, to: chaired.next).next.status == .published)
    }

    @Test("EXT-5: minutes cannot be published before the chair approves", arguments: [0, 1, 2])
    func noEarlyPublication(approvals: Int) throws {
        let state = try run(minutes, [.submit] + Array(repeating: .approve, count: approvals))
        if approvals < 2 {
            #expect(throws: ApprovalFlow.Refusal.self) { try minutes.apply(.publish, to: state) }
        } else {
            #expect(try minutes.apply(.publish, to: state).next.status == .published)
        }
        #expect(throws: ApprovalFlow.Refusal.self) { try minutes.apply(.publish, to: .draft) }
    }

    @Test("EXT-5: a rejection at any step returns to draft and names the step rejected", arguments: [0, 1])
    func rejectionReturnsToDraft(step: Int) throws {
        let state = try run(minutes, [.submit] + Array(repeating: .approve, count: step))
        let rejected = try minutes.apply(.reject, to: state)
        #expect(rejected.next == .draft)
        #expect(rejected.step == minutes.steps[step])
        // And the draft goes round again from the first step.
        #expect(try minutes.apply(.submit, to: rejected.next).next == ApprovalFlow.State(status: .inReview, step: 0))
    }

    @Test("EXT-6: a report reaches the GM only after QUALITY's review, and owners only after the GM's approval")
    func reportOrder() throws {
        let submitted = try run(report, [.submit])
        #expect(report.action(for: .approve, in: submitted) == .reviewReports)
        #expect(PermissionMatrix.scope(of: [.generalManager], for: .reviewReports) == nil)
        let reviewed = try run(report, [.submit, .approve])
        #expect(report.action(for: .approve, in: reviewed) == .approveReports)
        #expect(PermissionMatrix.scope(of: [.qualityStaff], for: .approveReports) == nil)
        #expect(throws: ApprovalFlow.Refusal.self) { try report.apply(.publish, to: reviewed) }
        #expect(try run(report, [.submit, .approve, .approve, .publish]).status == .published)
    }

    @Test("deciding what the state does not allow is refused: twice, after publication, out of order")
    func refusals() throws {
        let published = try run(report, [.submit, .approve, .approve, .publish])
        for decision in ApprovalFlow.Decision.allCases {
            #expect(throws: ApprovalFlow.Refusal.self) { try report.apply(decision, to: published) }
        }
        #expect(throws: ApprovalFlow.Refusal.self) { try report.apply(.approve, to: .draft) }
        #expect(throws: ApprovalFlow.Refusal.self) { try report.apply(.submit, to: try run(report, [.submit])) }
    }

    @Test("EXT-6: a briefing needs no approval: it is published from its draft and cannot be submitted")
    func briefingHasNoSteps() throws {
        #expect(try briefing.apply(.publish, to: .draft).next.status == .published)
        #expect(throws: ApprovalFlow.Refusal.self) { try briefing.apply(.submit, to: .draft) }
    }

    @Test("EXT-6: a 2026-Q3 report is due to QUALITY on the 8th working day of October and to owners by the 18th; National Day moves the first")
    func reportDeadlines() throws {
        let quarter = try #require(KPIPeriod(.quarter, label: "2026-Q3"))
        let plain = CommunicationPolicy.seedDefaults.deadlines(of: .quarterlyReport, period: quarter, calendar: TestTime.plainWeeks)
        #expect(plain.submit?.dueOn.description == "2026-10-12")
        #expect(plain.publish?.dueOn.description == "2026-10-18")
        let holidays = CommunicationPolicy.seedDefaults.deadlines(of: .quarterlyReport, period: quarter, calendar: TestTime.nationalDay2026)
        #expect(holidays.submit?.dueOn.description == "2026-10-16")
        // The other policy of seed 002: by the 20th.
        var policy = CommunicationPolicy.seedDefaults
        policy.reportPublication = .calendarDay(20)
        #expect(policy.deadlines(of: .quarterlyReport, period: quarter, calendar: TestTime.plainWeeks).publish?.dueOn.description == "2026-10-20")
    }

    @Test("EXT-6: October's briefing is due on 3 November; minutes have no due day by policy")
    func briefingDeadline() throws {
        let october = try #require(KPIPeriod(.month, label: "2026-10"))
        let due = CommunicationPolicy.seedDefaults.deadlines(of: .monthlyBriefing, period: october, calendar: TestTime.plainWeeks)
        #expect(due.submit == nil)
        #expect(due.publish?.dueOn.description == "2026-11-03")
        let none = CommunicationPolicy.seedDefaults.deadlines(of: .committeeMinutes, period: nil, calendar: TestTime.plainWeeks)
        #expect(none.submit == nil && none.publish == nil)
    }

    @Test("EXT-6: a draft report past its submission day is overdue; once submitted only publication can be late")
    func reportOverdue() throws {
        let zone = TestTime.shanghai
        var document = WrittenDocument(
            id: 1, officeID: 1, estateID: 1, kind: .quarterlyReport, period: KPIPeriod(.quarter, label: "2026-Q3"), heldOn: nil, title: "Q3",
            body: "", submitDeadline: Deadline(dueOn: LocalDate(year: 2026, month: 10, day: 12)!),
            publishDeadline: Deadline(dueOn: LocalDate(year: 2026, month: 10, day: 18)!), createdBy: 1, createdAt: TestTime.t0)
        #expect(!document.isOverdue(at: TestTime.instant("2026-10-12T23:59:00+08:00"), in: zone))
        #expect(document.isOverdue(at: TestTime.instant("2026-10-13T00:00:00+08:00"), in: zone))
        document.state = ApprovalFlow.State(status: .inReview, step: 0)
        document.submittedAt = TestTime.instant("2026-10-12T10:00:00+08:00")
        #expect(!document.isOverdue(at: TestTime.instant("2026-10-18T23:00:00+08:00"), in: zone))
        #expect(document.isOverdue(at: TestTime.instant("2026-10-19T00:00:00+08:00"), in: zone))
    }
}
