import Domain
import Foundation
import Testing

@Suite("Ticket lifecycle: the state machine of seed 001 (TKT-5..13)")
struct TicketLifecycleTests {
    /// Runs `steps` from `state`, failing the test on the first refusal.
    func run(_ steps: [TicketTransition], from state: TicketState, planHasCharge: Bool = false) throws -> TicketState {
        var current = state
        for step in steps { current = try TicketLifecycle.next(step, from: current, planHasCharge: planHasCharge) }
        return current
    }

    /// The expected table, written out by hand from TKT-5..13, independently of `TicketLifecycle.table`.
    static let expected: [TicketState: [TicketTransition: TicketState]] = [
        .recorded: [.classify: .classified, .cancel: .cancelled],
        .classified: [.classify: .classified, .dispatch: .dispatched, .cancel: .cancelled],
        .dispatched: [.dispatch: .dispatched, .sign: .signed, .cancel: .cancelled],
        .signed: [.arrive: .onSite, .escalate: .escalated, .complete: .completed, .cancel: .cancelled],
        .onSite: [.plan: .planned, .escalate: .escalated, .complete: .completed, .cancel: .cancelled],
        .planned: [.agreePlan: .planAgreed, .startWork: .inProgress, .escalate: .escalated, .cancel: .cancelled],
        .planAgreed: [.startWork: .inProgress, .escalate: .escalated, .cancel: .cancelled],
        .inProgress: [.escalate: .escalated, .complete: .completed, .cancel: .cancelled],
        .escalated: [.resume: .inProgress, .complete: .completed, .cancel: .cancelled],
        .completed: [.accept: .accepted, .reject: .rework],
        .accepted: [.returnVisit: .returnVisited, .returnVisitFailed: .rework],
        .rework: [.dispatch: .dispatched, .cancel: .cancelled],
        .returnVisited: [.close: .closed],
        .closed: [:],
        .cancelled: [:],
    ]

    @Test("TKT-5..13: every state × transition matches the expected table (15 × 16 pairs, no charge)")
    func tableIsExhaustive() {
        #expect(Set(Self.expected.keys) == Set(TicketState.allCases))
        #expect(TicketState.allCases.count == 15)
        #expect(TicketTransition.allCases.count == 16)
        var checked = 0
        for state in TicketState.allCases {
            for transition in TicketTransition.allCases {
                let want = Self.expected[state]?[transition]
                let got = Result { () throws(TicketTransitionError) in
                    try TicketLifecycle.next(transition, from: state, planHasCharge: false)
                }
                switch (want, got) {
                case (let want?, .success(let got)):
                    #expect(got == want, "\(transition) from \(state)")
                case (nil, .failure(let error)):
                    #expect(error == .illegal(transition: transition, from: state), "\(transition) from \(state)")
                default:
                    Issue.record("\(transition) from \(state): expected \(String(describing: want)), got \(got)")
                }
                checked += 1
            }
        }
        #expect(checked == 240)
    }

    @Test("TKT-8: with a charged plan the table is the same except start_work from planned (chargeNotAgreed)")
    func tableWithCharge() {
        for state in TicketState.allCases {
            for transition in TicketTransition.allCases {
                let want = Self.expected[state]?[transition]
                let got = Result { () throws(TicketTransitionError) in
                    try TicketLifecycle.next(transition, from: state, planHasCharge: true)
                }
                switch (want, got) {
                case (_, .failure(.chargeNotAgreed)):
                    #expect(state == .planned && transition == .startWork, "\(transition) from \(state)")
                case (let want?, .success(let got)):
                    #expect(!(state == .planned && transition == .startWork), "charged start_work from planned was allowed")
                    #expect(got == want, "\(transition) from \(state)")
                case (nil, .failure(let error)):
                    #expect(error == .illegal(transition: transition, from: state), "\(transition) from \(state)")
                default:
                    Issue.record("\(transition) from \(state): expected \(String(describing: want)), got \(got)")
                }
            }
        }
    }

    @Test("allowedTransitions(from:) lists exactly the expected table's transitions, in declaration order")
    func allowedTransitionsFollowTheTable() {
        for state in TicketState.allCases {
            let expected = TicketTransition.allCases.filter { Self.expected[state]?[$0] != nil }
            #expect(TicketLifecycle.allowedTransitions(from: state) == expected, "\(state)")
        }
        #expect(TicketLifecycle.allowedTransitions(from: .planned) == [.agreePlan, .startWork, .escalate, .cancel])
        #expect(TicketLifecycle.allowedTransitions(from: .completed) == [.accept, .reject])
        #expect(TicketLifecycle.allowedTransitions(from: .closed).isEmpty)
        #expect(TicketLifecycle.allowedTransitions(from: .cancelled).isEmpty)
    }

    @Test("TKT-13: only closed and cancelled are terminal; nothing leaves them, every other state has a way on")
    func terminalStates() {
        #expect(TicketState.allCases.filter(\.isTerminal) == [.closed, .cancelled])
        for state in TicketState.allCases where !state.isTerminal {
            #expect(!TicketLifecycle.allowedTransitions(from: state).isEmpty, "\(state) is a dead end")
        }
    }

    @Test("the table names every transition exactly once")
    func tableCoversEveryTransition() {
        #expect(Set(TicketLifecycle.table.keys) == Set(TicketTransition.allCases))
    }

    @Test("TKT-5..13: happy path of an immediate repair with a free plan, from record to close")
    func immediateRepairHappyPath() throws {
        let end = try run(
            [.classify, .dispatch, .sign, .arrive, .plan, .startWork, .complete, .accept, .returnVisit, .close],
            from: .recorded)
        #expect(end == .closed)
    }

    @Test("TKT-6/8: happy path of an appointment with a charged plan agreed by the owner")
    func appointmentHappyPath() throws {
        var state = TicketState.recorded
        var seen: [TicketState] = []
        for step in [TicketTransition.classify, .dispatch, .sign, .arrive, .plan, .agreePlan, .startWork,
                     .complete, .accept, .returnVisit, .close] {
            state = try TicketLifecycle.next(step, from: state, planHasCharge: true)
            seen.append(state)
        }
        #expect(seen == [.classified, .dispatched, .signed, .onSite, .planned, .planAgreed, .inProgress,
                         .completed, .accepted, .returnVisited, .closed])
    }

    @Test("TKT-8: start_work with a charge before agree_plan is refused with chargeNotAgreed")
    func chargeMustBeAgreed() throws {
        #expect(throws: TicketTransitionError.chargeNotAgreed) {
            try TicketLifecycle.next(.startWork, from: .planned, planHasCharge: true)
        }
        // The default is a plan without a charge.
        #expect(try TicketLifecycle.next(.startWork, from: .planned) == .inProgress)
        #expect(try TicketLifecycle.next(.startWork, from: .planned, planHasCharge: false) == .inProgress)
        // Once agreed, the charge no longer stands in the way.
        #expect(try TicketLifecycle.next(.startWork, from: .planAgreed, planHasCharge: true) == .inProgress)
        #expect(TicketTransitionError.chargeNotAgreed.description.contains("agree_plan"))
    }

    @Test("TKT-8: an illegal start_work is illegal, not chargeNotAgreed, even with a charge")
    func illegalBeforeCharge() {
        for state in [TicketState.onSite, .signed, .inProgress, .closed] {
            #expect(throws: TicketTransitionError.illegal(transition: .startWork, from: state)) {
                try TicketLifecycle.next(.startWork, from: state, planHasCharge: true)
            }
        }
    }

    @Test("illegal transitions are refused with the current state named (409: the ticket is <state>; …)")
    func illegalNamesTheState() {
        #expect(throws: TicketTransitionError.illegal(transition: .close, from: .accepted)) {
            try TicketLifecycle.next(.close, from: .accepted)
        }
        #expect(TicketTransitionError.illegal(transition: .startWork, from: .onSite).description
            == "the ticket is on_site; start_work is not possible")
        #expect(TicketTransitionError.illegal(transition: .returnVisitFailed, from: .planAgreed).description
            == "the ticket is plan_agreed; return_visit_failed is not possible")
        do throws(TicketTransitionError) {
            _ = try TicketLifecycle.next(.sign, from: .closed)
            Issue.record("signing a closed ticket was accepted")
        } catch {
            #expect(error == .illegal(transition: .sign, from: .closed))
            #expect(error.description.contains("closed"))
            #expect(error.description.contains("sign"))
        }
    }

    @Test("TKT-11: reject → rework → dispatch again → a second round; a failed return visit also reworks")
    func reworkRound() throws {
        let rejected = try run([.classify, .dispatch, .sign, .arrive, .complete, .reject], from: .recorded)
        #expect(rejected == .rework)
        #expect(TicketLifecycle.allowedTransitions(from: .rework) == [.dispatch, .cancel])
        let visitFailed = try run([.dispatch, .sign, .arrive, .plan, .startWork, .complete, .accept, .returnVisitFailed],
                                  from: rejected)
        #expect(visitFailed == .rework)
        #expect(try run([.dispatch, .sign, .complete, .accept, .returnVisit, .close], from: visitFailed) == .closed)
    }

    @Test("TKT-5: the front desk may re-dispatch before signing, not after")
    func redispatch() throws {
        #expect(try TicketLifecycle.next(.dispatch, from: .dispatched) == .dispatched)
        #expect(throws: TicketTransitionError.illegal(transition: .dispatch, from: .signed)) {
            try TicketLifecycle.next(.dispatch, from: .signed)
        }
        #expect(throws: TicketTransitionError.illegal(transition: .dispatch, from: .recorded)) {
            try TicketLifecycle.next(.dispatch, from: .recorded)
        }
    }

    @Test("TKT-9: escalation from any working step; resume to in_progress or completion upstairs")
    func escalation() throws {
        for state in [TicketState.signed, .onSite, .planned, .planAgreed, .inProgress] {
            #expect(try TicketLifecycle.next(.escalate, from: state) == .escalated)
        }
        #expect(try TicketLifecycle.next(.resume, from: .escalated) == .inProgress)
        #expect(try TicketLifecycle.next(.complete, from: .escalated) == .completed)
        for state in [TicketState.dispatched, .escalated, .completed, .rework] {
            #expect(throws: TicketTransitionError.illegal(transition: .escalate, from: state)) {
                try TicketLifecycle.next(.escalate, from: state)
            }
        }
    }

    @Test("cancel is possible before completion (incl. rework and escalated) and impossible from completion on")
    func cancellation() throws {
        for state in [TicketState.recorded, .classified, .dispatched, .signed, .onSite, .planned, .planAgreed,
                      .inProgress, .rework, .escalated] {
            #expect(try TicketLifecycle.next(.cancel, from: state) == .cancelled)
        }
        for state in [TicketState.completed, .accepted, .returnVisited, .closed, .cancelled] {
            #expect(throws: TicketTransitionError.illegal(transition: .cancel, from: state)) {
                try TicketLifecycle.next(.cancel, from: state)
            }
        }
    }

    @Test("TKT-13: close only after a passed return visit")
    func closeOnlyAfterReturnVisit() {
        for state in TicketState.allCases where state != .returnVisited {
            #expect(throws: TicketTransitionError.illegal(transition: .close, from: state)) {
                try TicketLifecycle.next(.close, from: state)
            }
        }
    }

    @Test("raw values are the snake_case names of the API and database")
    func rawValues() {
        #expect(TicketState.allCases.map(\.rawValue) == [
            "recorded", "classified", "dispatched", "signed", "on_site", "planned", "plan_agreed", "in_progress",
            "completed", "accepted", "rework", "return_visited", "closed", "escalated", "cancelled",
        ])
        #expect(TicketTransition.allCases.map(\.rawValue) == [
            "classify", "dispatch", "sign", "arrive", "plan", "agree_plan", "start_work", "escalate", "resume",
            "complete", "accept", "reject", "return_visit", "return_visit_failed", "close", "cancel",
        ])
    }
}
