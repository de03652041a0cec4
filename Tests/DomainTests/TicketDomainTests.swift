import Domain
import Foundation
import Testing

/// The ticket lifecycle table, SLA clocks and sampling rules, without I/O (TKT-5..15, SRV-1).
@Suite("Ticket domain: lifecycle, clocks, numbers, sampling")
struct TicketDomainTests {
    /// 2026-11-22T12:00:00Z (a Sunday; 20:00 in Asia/Shanghai).
    static let noon = Date(timeIntervalSince1970: 1_795_348_800)
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    @Test("TKT-5..13: every state × transition against the expected table")
    func lifecycleIsExactlyTheTable() throws {
        let expected: [TicketTransition: [TicketState: TicketState]] = [
            .classify: [.recorded: .classified, .classified: .classified],
            .dispatch: [.classified: .dispatched, .dispatched: .dispatched, .rework: .dispatched],
            .sign: [.dispatched: .signed],
            .arrive: [.signed: .onSite],
            .plan: [.onSite: .planned],
            .agreePlan: [.planned: .planAgreed],
            .startWork: [.planned: .inProgress, .planAgreed: .inProgress],
            .escalate: [.signed: .escalated, .onSite: .escalated, .planned: .escalated, .planAgreed: .escalated, .inProgress: .escalated],
            .resume: [.escalated: .inProgress],
            .complete: [.signed: .completed, .onSite: .completed, .inProgress: .completed, .escalated: .completed],
            .accept: [.completed: .accepted],
            .reject: [.completed: .rework],
            .returnVisit: [.accepted: .returnVisited],
            .returnVisitFailed: [.accepted: .rework],
            .close: [.returnVisited: .closed],
            .cancel: [
                .recorded: .cancelled, .classified: .cancelled, .dispatched: .cancelled, .signed: .cancelled, .onSite: .cancelled,
                .planned: .cancelled, .planAgreed: .cancelled, .inProgress: .cancelled, .rework: .cancelled, .escalated: .cancelled,
            ],
        ]
        for transition in TicketTransition.allCases {
            for state in TicketState.allCases {
                let result = Result { () throws(TicketTransitionError) in try TicketLifecycle.next(transition, from: state) }
                switch (result, expected[transition]?[state]) {
                case (.success(let to), let want?): #expect(to == want, "\(transition) from \(state)")
                case (.failure(.illegal(let t, let s)), nil): #expect(t == transition && s == state)
                default: Issue.record("\(transition) from \(state): got \(result), expected \(String(describing: expected[transition]?[state]))")
                }
            }
        }
        #expect(TicketLifecycle.allowedTransitions(from: .closed).isEmpty)
        #expect(TicketLifecycle.allowedTransitions(from: .completed) == [.accept, .reject])
    }

    @Test("TKT-8: chargeable work cannot start before the owner agreed; the error names the state")
    func chargeNeedsAgreement() {
        #expect(throws: TicketTransitionError.chargeNotAgreed) { try TicketLifecycle.next(.startWork, from: .planned, planHasCharge: true) }
        #expect((try? TicketLifecycle.next(.startWork, from: .planAgreed, planHasCharge: true)) == .inProgress)
        #expect(TicketTransitionError.illegal(transition: .sign, from: .recorded).description == "the ticket is recorded; sign is not possible")
    }

    @Test("TKT-15: pause moves the due time; a stop after due is breached with a negative margin; stopping twice changes nothing")
    func clockArithmetic() {
        let rule = ClockRule(duration: .seconds(600), pausesWhen: [.ownerUnreachable])
        var clock = SLAClock.start(.onSite, round: 0, rule: rule, policyVersion: 3, at: Self.noon, calendar: WorkingCalendar(exceptions: []), timeZone: Self.shanghai)
        #expect(clock.dueAt == Self.noon.addingTimeInterval(600))
        #expect(clock.warnAt == Self.noon.addingTimeInterval(480))
        #expect(!clock.needsWarning(at: Self.noon.addingTimeInterval(479)))
        #expect(clock.needsWarning(at: Self.noon.addingTimeInterval(480)))
        clock.pause(at: Self.noon.addingTimeInterval(100))
        #expect(!clock.isOverdue(at: Self.noon.addingTimeInterval(5000)))  // paused clocks do not run out
        clock.resume(at: Self.noon.addingTimeInterval(400))
        #expect(clock.pausedSeconds == 300)
        #expect(clock.dueAt == Self.noon.addingTimeInterval(900))
        clock.markBreachedIfOverdue(at: Self.noon.addingTimeInterval(901))
        #expect(clock.outcome == .breached)
        clock.stop(at: Self.noon.addingTimeInterval(960))
        #expect(clock.outcome == .breached)
        #expect(clock.marginSeconds == -60)
        clock.stop(at: Self.noon.addingTimeInterval(10))
        #expect(clock.stoppedAt == Self.noon.addingTimeInterval(960))
        #expect(clock.policyVersion == 3)

        var abandoned = SLAClock.start(.plan, round: 0, rule: ClockRule(duration: .seconds(180)), policyVersion: 0, at: Self.noon,
                                       calendar: WorkingCalendar(exceptions: []), timeZone: Self.shanghai)
        abandoned.abandon(at: Self.noon.addingTimeInterval(60))
        #expect(abandoned.outcome == nil && abandoned.stoppedAt != nil)
    }

    @Test("TKT-15: clocks of days end at midnight (company zone) after N working days, skipping weekends and holidays, counting make-up workdays")
    func workingDays() throws {
        // From Friday 2026-09-25 20:00 Shanghai: Sat 26 rests, Sun 27 is a make-up workday, Mon 28, Tue 29 work, Wed 30 holiday.
        let calendar = WorkingCalendar(exceptions: [
            .init(day: try #require(LocalDate(iso: "2026-09-27")), kind: .workday, name: "调休"),
            .init(day: try #require(LocalDate(iso: "2026-09-30")), kind: .holiday, name: "假"),
        ])
        let start = Date(timeIntervalSince1970: 1_790_337_600)  // 2026-09-25T12:00:00Z
        let due = SLAClock.dueTime(after: start, duration: .workingDays(3), calendar: calendar, timeZone: Self.shanghai)
        #expect(due == Date(timeIntervalSince1970: 1_790_697_600))  // 2026-09-30T00:00+08:00: the end of Tuesday the 29th
        let calendarDue = SLAClock.dueTime(after: start, duration: .calendarDays(3), calendar: calendar, timeZone: Self.shanghai)
        #expect(calendarDue == Date(timeIntervalSince1970: 1_790_611_200))  // 2026-09-29T00:00+08:00: the end of Monday the 28th
    }

    @Test("TKT-5/12/15: the clock rules start and stop what their table says, per rework round")
    func clockRules() {
        let rules = TicketClockRules(policy: .seedDefaults, calendar: WorkingCalendar(exceptions: []), timeZone: Self.shanghai)
        var context = TicketClockContext(
            category: .complaint, urgency: .emergency, serviceMode: .immediate, appointmentAt: nil,
            receivedAt: Self.noon.addingTimeInterval(-70), recordedAt: Self.noon, round: 0, ownerComplained: false)
        var clocks = rules.apply(.record, to: [], context: context, at: Self.noon)
        #expect(Set(clocks.map(\.kind)) == [.entry, .answer, .dispatch, .emergencyReport, .solution])
        #expect(clocks.first { $0.kind == .entry }?.outcome == .breached)  // 70 s > 1 minute
        clocks = rules.apply(.transition(.dispatch), to: clocks, context: context, at: Self.noon.addingTimeInterval(60))
        clocks = rules.apply(.transition(.sign), to: clocks, context: context, at: Self.noon.addingTimeInterval(90))
        #expect(clocks.first { $0.kind == .onSite }?.dueAt == Self.noon.addingTimeInterval(690))
        clocks = rules.apply(.transition(.complete), to: clocks, context: context, at: Self.noon.addingTimeInterval(120))
        #expect(clocks.first { $0.kind == .onSite }?.outcome == .met)  // completion stops the visit clock
        clocks = rules.apply(.transition(.accept), to: clocks, context: context, at: Self.noon.addingTimeInterval(130))
        context.round = 1  // a rejection counts its round before the clocks move
        clocks = rules.apply(.transition(.returnVisitFailed), to: clocks, context: context, at: Self.noon.addingTimeInterval(200))
        #expect(clocks.contains { $0.kind == .dispatch && $0.round == 1 && $0.isRunning })
        #expect(clocks.contains { $0.kind == .specialReturnVisit && $0.round == 1 && $0.dueAt == Self.noon.addingTimeInterval(200 + 86_400) })
        clocks = rules.apply(.transition(.cancel), to: clocks, context: context, at: Self.noon.addingTimeInterval(300))
        #expect(clocks.allSatisfy { !$0.isRunning })
        #expect(clocks.first { $0.kind == .emergencyReport }?.outcome == .breached)  // never reported, past 90 s
    }

    @Test("ticket numbers: office code, company-zone day, 4+ digit sequence; parsed back")
    func numbers() throws {
        let number = TicketNumber(officeCode: "DH", day: try #require(LocalDate(iso: "2026-11-22")), sequence: 7)
        #expect(number.description == "DH-20261122-0007")
        #expect(TicketNumber("DH-20261122-0007") == number)
        #expect(TicketNumber("DH-20261122-12345")?.sequence == 12345)
        #expect(TicketNumber("DH-2026112-0007") == nil)
        #expect(TicketNumber("DH-20261322-0007") == nil)
    }

    @Test("SRV-1: a sample is the share rounded up, at least one of a non-empty week, the same for the same week")
    func sampling() throws {
        #expect(ReturnVisitSampling.size(of: 0, rate: 0.2) == 0)
        #expect(ReturnVisitSampling.size(of: 1, rate: 0.2) == 1)
        #expect(ReturnVisitSampling.size(of: 10, rate: 0.2) == 2)
        #expect(ReturnVisitSampling.size(of: 11, rate: 0.2) == 3)
        let week = try #require(LocalDate(iso: "2026-11-16"))
        let ids = Array(Int64(1)...40)
        let first = ReturnVisitSampling.pick(from: ids, rate: 0.2, week: week)
        #expect(first.count == 8)
        #expect(ReturnVisitSampling.pick(from: ids.reversed(), rate: 0.2, week: week) == first)
        #expect(ReturnVisitSampling.pick(from: ids, rate: 0.2, week: try #require(LocalDate(iso: "2026-11-23"))) != first)
    }
}
