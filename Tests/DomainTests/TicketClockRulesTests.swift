import Domain
import Foundation
import Testing

/// A clock's identity on a ticket: one per kind and round.
struct ClockKey: Hashable, CustomStringConvertible {
    let kind: SLAClockKind
    let round: Int
    init(_ kind: SLAClockKind, round: Int = 0) {
        self.kind = kind
        self.round = round
    }
    var description: String { "\(kind.rawValue)#\(round)" }
}

/// A ticket driven the way the service layer drives it: the lifecycle decides the state,
/// `TicketClockRules.apply` the clocks, and the round goes up before a reject or a failed
/// return visit is applied ("a rejection has already counted its round"). Times are seconds after t0.
struct SimulatedTicket {
    var rules: TicketClockRules
    var context: TicketClockContext
    var state: TicketState = .recorded
    var clocks: [SLAClock] = []

    init(
        category: TicketCategory = .engineering, urgency: TicketUrgency = .normal, mode: ServiceMode = .immediate,
        appointmentAt: Date? = nil, receivedAt: Double = 0, recordedAt: Double = 40, ownerComplained: Bool = false,
        policy: SLAPolicy = .seedDefaults, calendar: WorkingCalendar = TestTime.plainWeeks
    ) {
        rules = TicketClockRules(policy: policy, calendar: calendar, timeZone: TestTime.shanghai)
        context = TicketClockContext(
            category: category, urgency: urgency, serviceMode: mode, appointmentAt: appointmentAt,
            receivedAt: TestTime.after(receivedAt), recordedAt: TestTime.after(recordedAt), round: 0, ownerComplained: ownerComplained)
    }

    var policy: SLAPolicy {
        get { rules.policy }
        set { rules = TicketClockRules(policy: newValue, calendar: rules.calendar, timeZone: rules.timeZone) }
    }

    /// The record event, applied when the ticket is recorded.
    mutating func record() {
        clocks = rules.apply(.record, to: clocks, context: context, at: context.recordedAt)
    }

    mutating func step(_ transition: TicketTransition, at seconds: Double, planHasCharge: Bool = false) throws {
        state = try TicketLifecycle.next(transition, from: state, planHasCharge: planHasCharge)
        if transition == .reject || transition == .returnVisitFailed { context.round += 1 }
        clocks = rules.apply(.transition(transition), to: clocks, context: context, at: TestTime.after(seconds))
    }

    mutating func steps(_ steps: [(TicketTransition, Double)]) throws {
        for (transition, seconds) in steps { try step(transition, at: seconds) }
    }

    mutating func event(_ event: TicketClockEvent, at seconds: Double) {
        clocks = rules.apply(event, to: clocks, context: context, at: TestTime.after(seconds))
    }

    /// The one clock of `kind` in `round`; records an issue when there is none or more than one.
    func clock(_ kind: SLAClockKind, round: Int = 0) throws -> SLAClock {
        let matching = clocks.filter { $0.kind == kind && $0.round == round }
        try #require(matching.count == 1, "\(matching.count) clocks \(kind)#\(round)")
        return matching[0]
    }

    func has(_ kind: SLAClockKind, round: Int = 0) -> Bool {
        clocks.contains { $0.kind == kind && $0.round == round }
    }

    var keys: Set<ClockKey> { Set(clocks.map { ClockKey($0.kind, round: $0.round) }) }
    var running: Set<ClockKey> { Set(clocks.filter(\.isRunning).map { ClockKey($0.kind, round: $0.round) }) }
}

@Suite("Ticket clock rules: which clocks each event starts and stops (TKT-3..12, TKT-15)")
struct TicketClockRulesTests {
    func at(_ seconds: Double) -> Date { TestTime.after(seconds) }

    // MARK: - The table, row by row, against hand-written expectations

    /// Every clock kind running in round 0, started at t0 under the seed policy.
    func allRunning() -> [SLAClock] {
        SLAClockKind.allCases.map {
            SLAClock.start($0, round: 0, rule: SLAPolicy.seedDefaults.rule($0), policyVersion: 0, at: TestTime.t0,
                           calendar: TestTime.plainWeeks, timeZone: TestTime.shanghai)
        }
    }

    static let allEvents: [TicketClockEvent] =
        [.record] + TicketTransition.allCases.map { .transition($0) }
        + [.reportEmergency, .ownerCalled, .cannotHandle, .pause(.awaitingOwner), .pause(.ownerUnreachable), .resumeClocks]

    @Test("TKT-15: each event stops exactly the clocks of its row (all eleven running, event 30 s in, before any is due)")
    func stopTable() {
        let all = Set(SLAClockKind.allCases)
        func expectedStops(_ event: TicketClockEvent) -> Set<SLAClockKind> {
            switch event {
            case .record: [.entry]
            case .transition(.dispatch): [.dispatch]
            case .transition(.sign): [.answer]
            case .transition(.arrive): [.onSite]
            case .transition(.plan): [.plan, .solution]
            case .transition(.escalate): [.supervisorEscalation, .onSite, .plan]
            case .transition(.complete): [.answer, .onSite, .plan, .appointmentCall, .supervisorEscalation, .solution]
            case .transition(.reject), .transition(.returnVisitFailed), .transition(.returnVisit): [.returnVisit, .specialReturnVisit]
            case .transition(.close), .transition(.cancel): all
            case .reportEmergency: [.emergencyReport]
            case .ownerCalled: [.appointmentCall]
            default: []
            }
        }
        // Round 0 and a normal immediate ticket: no event adds a clock to the eleven already there.
        let context = TicketClockContext(
            category: .engineering, urgency: .normal, serviceMode: .immediate, appointmentAt: nil, receivedAt: TestTime.t0,
            recordedAt: TestTime.t0, round: 0, ownerComplained: false)
        let rules = TicketClockRules(policy: .seedDefaults, calendar: TestTime.plainWeeks, timeZone: TestTime.shanghai)
        #expect(Self.allEvents.count == 23)
        for event in Self.allEvents {
            let after = rules.apply(event, to: allRunning(), context: context, at: at(30))
            #expect(after.map(\.kind) == SLAClockKind.allCases, "\(event) added or removed clocks")
            let stopped = Set(after.filter { !$0.isRunning }.map(\.kind))
            #expect(stopped == expectedStops(event), "\(event)")
            for clock in after where !clock.isRunning {
                #expect(clock.stoppedAt == at(30), "\(event) \(clock.kind)")
                if event == .transition(.cancel) {
                    #expect(clock.outcome == nil && clock.marginSeconds == nil, "cancel \(clock.kind)")   // abandoned in time
                } else if case .seconds(let duration) = SLAPolicy.seedDefaults.rule(clock.kind).duration {
                    #expect(clock.outcome == .met && clock.marginSeconds == duration - 30, "\(event) \(clock.kind)")
                } else {
                    // A clock of days is due at the end of a day: its margin is the time left until then.
                    #expect(clock.outcome == .met && clock.marginSeconds == Int(clock.dueAt.timeIntervalSince(at(30))), "\(event) \(clock.kind)")
                }
            }
        }
    }

    @Test("TKT-15: pause acts only on clocks whose rule lists the reason; resume_clocks on every paused one")
    func pauseTable() throws {
        let context = TicketClockContext(
            category: .engineering, urgency: .normal, serviceMode: .immediate, appointmentAt: nil, receivedAt: TestTime.t0,
            recordedAt: TestTime.t0, round: 0, ownerComplained: false)
        let rules = TicketClockRules(policy: .seedDefaults, calendar: TestTime.plainWeeks, timeZone: TestTime.shanghai)
        let awaiting = rules.apply(.pause(.awaitingOwner), to: allRunning(), context: context, at: at(30))
        #expect(Set(awaiting.filter(\.isPaused).map(\.kind)) == [.onSite])
        let unreachable = rules.apply(.pause(.ownerUnreachable), to: allRunning(), context: context, at: at(30))
        #expect(Set(unreachable.filter(\.isPaused).map(\.kind)) == [.onSite, .plan, .returnVisit, .specialReturnVisit])
        #expect(unreachable.allSatisfy { !$0.isPaused || $0.pausedSince == at(30) })
        let resumed = rules.apply(.resumeClocks, to: unreachable, context: context, at: at(50))
        #expect(resumed.allSatisfy { !$0.isPaused })
        let unpaused = allRunning()
        for clock in resumed {
            let paused: Double = [.onSite, .plan, .returnVisit, .specialReturnVisit].contains(clock.kind) ? 20 : 0
            #expect(clock.pausedSeconds == Int(paused), "\(clock.kind)")
            let due = try #require(unpaused.first { $0.kind == clock.kind }).dueAt
            #expect(clock.dueAt == due.addingTimeInterval(paused), "\(clock.kind)")
        }
    }

    @Test("TKT-3..12: each event starts exactly the clocks of its row (emergency complaint by appointment, from no clocks)")
    func startTable() {
        func expectedStarts(_ event: TicketClockEvent) -> Set<SLAClockKind> {
            switch event {
            // A complaint is an opinion: it gets a solution within a week (CMP-7).
            case .record: [.entry, .answer, .dispatch, .emergencyReport, .solution]
            case .transition(.classify): [.emergencyReport, .solution]
            case .transition(.dispatch): [.appointmentCall]
            case .transition(.sign): [.onSite]
            case .transition(.arrive): [.plan]
            case .transition(.accept): [.returnVisit]
            case .transition(.reject), .transition(.returnVisitFailed): [.dispatch, .specialReturnVisit]
            case .cannotHandle: [.supervisorEscalation]
            default: []
            }
        }
        let context = TicketClockContext(
            category: .complaint, urgency: .emergency, serviceMode: .appointment, appointmentAt: at(7_200),
            receivedAt: TestTime.t0, recordedAt: at(40), round: 1, ownerComplained: false)
        let rules = TicketClockRules(policy: .seedDefaults, calendar: TestTime.plainWeeks, timeZone: TestTime.shanghai)
        for event in Self.allEvents {
            let clocks = rules.apply(event, to: [], context: context, at: at(100))
            #expect(Set(clocks.map(\.kind)) == expectedStarts(event), "\(event)")
            #expect(clocks.count == expectedStarts(event).count, "\(event): a kind started twice")
            #expect(clocks.allSatisfy { $0.round == 1 && $0.policyVersion == 0 }, "\(event)")
        }
    }

    // MARK: - Record and classify

    @Test("TKT-3/5/9: record stops the entry clock and starts answer (from receipt) and dispatch (from recording)")
    func record() throws {
        var ticket = SimulatedTicket(receivedAt: 0, recordedAt: 40)
        ticket.record()
        #expect(ticket.clocks.map(\.kind) == [.entry, .answer, .dispatch])
        let entry = try ticket.clock(.entry)
        #expect(entry.startedAt == TestTime.t0 && entry.dueAt == at(60))
        #expect(entry.stoppedAt == at(40) && entry.outcome == .met && entry.marginSeconds == 20)
        let answer = try ticket.clock(.answer)
        #expect(answer.startedAt == TestTime.t0 && answer.dueAt == at(900) && answer.isRunning)
        let dispatch = try ticket.clock(.dispatch)
        #expect(dispatch.startedAt == at(40) && dispatch.dueAt == at(160) && dispatch.isRunning)
        #expect(!ticket.has(.emergencyReport))                       // normal urgency
        #expect(ticket.running == [ClockKey(.answer), ClockKey(.dispatch)])
        #expect(ticket.clocks.allSatisfy { $0.round == 0 && $0.policyVersion == 0 })

        var slow = SimulatedTicket(receivedAt: 0, recordedAt: 75)
        slow.record()
        #expect(try slow.clock(.entry).outcome == .breached)
        #expect(try slow.clock(.entry).marginSeconds == -15)
    }

    @Test("a clock exists at most once per kind and round: a replayed record or cannot_handle changes nothing")
    func noDuplicates() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        let before = ticket.clocks
        ticket.event(.record, at: 100)
        #expect(ticket.clocks == before)
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.arrive, 300)])
        ticket.event(.cannotHandle, at: 400)
        ticket.event(.cannotHandle, at: 450)
        #expect(try ticket.clock(.supervisorEscalation).startedAt == at(400))
    }

    @Test("TKT-5: an emergency starts the 90-second report clock at receipt; reported after 2 minutes it breaches by 30 s")
    func emergencyReport() throws {
        var ticket = SimulatedTicket(urgency: .emergency, receivedAt: 0, recordedAt: 20)
        ticket.record()
        let report = try ticket.clock(.emergencyReport)
        #expect(report.startedAt == TestTime.t0 && report.dueAt == at(90))
        ticket.event(.reportEmergency, at: 120)
        #expect(try ticket.clock(.emergencyReport).outcome == .breached)
        #expect(try ticket.clock(.emergencyReport).marginSeconds == -30)
        #expect(ticket.running == [ClockKey(.answer), ClockKey(.dispatch)])   // nothing else stopped

        var quick = SimulatedTicket(urgency: .emergency, receivedAt: 0, recordedAt: 20)
        quick.record()
        quick.event(.reportEmergency, at: 85)
        #expect(try quick.clock(.emergencyReport).outcome == .met)
        #expect(try quick.clock(.emergencyReport).marginSeconds == 5)
    }

    @Test("TKT-5: classifying as an emergency starts the report clock from receipt, once; a normal classification does not")
    func classifyAsEmergency() throws {
        var ticket = SimulatedTicket(urgency: .normal, receivedAt: 0, recordedAt: 40)
        ticket.record()
        try ticket.step(.classify, at: 60)
        #expect(!ticket.has(.emergencyReport))
        ticket.context.urgency = .emergency
        try ticket.step(.classify, at: 70)
        let report = try ticket.clock(.emergencyReport)
        #expect(report.startedAt == TestTime.t0)
        #expect(report.dueAt == at(90))
        try ticket.step(.classify, at: 80)                            // reclassified: still one clock
        #expect(try ticket.clock(.emergencyReport) == report)

        var recordedAsEmergency = SimulatedTicket(urgency: .emergency)
        recordedAsEmergency.record()
        try recordedAsEmergency.step(.classify, at: 60)
        #expect(recordedAsEmergency.clocks.filter { $0.kind == .emergencyReport }.count == 1)
    }

    // MARK: - Dispatch, sign, arrive, plan

    @Test("TKT-5: dispatch stops the dispatch clock; re-dispatch before signing changes nothing; immediate service has no call clock")
    func dispatch() throws {
        var ticket = SimulatedTicket(recordedAt: 40)
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 150)])
        let dispatch = try ticket.clock(.dispatch)
        #expect(dispatch.outcome == .met && dispatch.stoppedAt == at(150) && dispatch.marginSeconds == 10)
        #expect(!ticket.has(.appointmentCall))
        try ticket.step(.dispatch, at: 400)
        #expect(try ticket.clock(.dispatch) == dispatch)

        var late = SimulatedTicket(recordedAt: 40)
        late.record()
        try late.steps([(.classify, 60), (.dispatch, 200)])
        #expect(try late.clock(.dispatch).outcome == .breached)
        #expect(try late.clock(.dispatch).marginSeconds == -40)
    }

    @Test("TKT-6: dispatching an appointment starts the call clock, due 15 min before; owner_called stops it")
    func appointmentCall() throws {
        var ticket = SimulatedTicket(mode: .appointment, appointmentAt: at(7_200))
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100)])
        let call = try ticket.clock(.appointmentCall)
        #expect(call.startedAt == at(100))
        #expect(call.dueAt == at(6_300))                                   // 7200 − 900
        #expect(call.warnAt == at(100 + 4_960))                            // 80% of 6200 s
        try ticket.step(.dispatch, at: 500)                                 // re-dispatch: not restarted
        #expect(try ticket.clock(.appointmentCall) == call)
        try ticket.step(.sign, at: 6_000)
        ticket.event(.ownerCalled, at: 6_200)
        #expect(try ticket.clock(.appointmentCall).outcome == .met)
        #expect(try ticket.clock(.appointmentCall).marginSeconds == 100)
    }

    @Test("TKT-6: the call clock starts only when its due time is still ahead; not without an appointment time or in immediate mode")
    func appointmentCallOnlyWhenAhead() throws {
        // Appointment 10 min after dispatch: the call was due 5 min ago.
        var soon = SimulatedTicket(mode: .appointment, appointmentAt: at(700))
        soon.record()
        try soon.steps([(.classify, 60), (.dispatch, 100)])
        #expect(!soon.has(.appointmentCall))

        // Due exactly now: not ahead.
        var exactly = SimulatedTicket(mode: .appointment, appointmentAt: at(1_000))
        exactly.record()
        try exactly.steps([(.classify, 60), (.dispatch, 100)])
        #expect(!exactly.has(.appointmentCall))

        // One second ahead: it runs, due in one second.
        var justAhead = SimulatedTicket(mode: .appointment, appointmentAt: at(1_001))
        justAhead.record()
        try justAhead.steps([(.classify, 60), (.dispatch, 100)])
        #expect(try justAhead.clock(.appointmentCall).dueAt == at(101))

        var unset = SimulatedTicket(mode: .appointment, appointmentAt: nil)
        unset.record()
        try unset.steps([(.classify, 60), (.dispatch, 100)])
        #expect(!unset.has(.appointmentCall))

        var immediate = SimulatedTicket(mode: .immediate, appointmentAt: at(7_200))
        immediate.record()
        try immediate.steps([(.classify, 60), (.dispatch, 100)])
        #expect(!immediate.has(.appointmentCall))
    }

    @Test("TKT-6/9: sign stops the answer clock and starts on-site: 10 minutes for immediate service")
    func signImmediate() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200)])
        let answer = try ticket.clock(.answer)
        #expect(answer.stoppedAt == at(200) && answer.outcome == .met && answer.marginSeconds == 700)
        let onSite = try ticket.clock(.onSite)
        #expect(onSite.startedAt == at(200) && onSite.dueAt == at(800) && onSite.warnAt == at(680))

        var lateSign = SimulatedTicket()
        lateSign.record()
        try lateSign.steps([(.classify, 60), (.dispatch, 100), (.sign, 1_000)])
        #expect(try lateSign.clock(.answer).outcome == .breached)
        #expect(try lateSign.clock(.answer).marginSeconds == -100)
    }

    @Test("TKT-6: an appointment's on-site clock is due at the appointment less the 3-minute lead; arrival margins follow")
    func signAppointment() throws {
        var ticket = SimulatedTicket(mode: .appointment, appointmentAt: at(7_200))
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 6_000)])
        #expect(try ticket.clock(.onSite).startedAt == at(6_000))
        #expect(try ticket.clock(.onSite).dueAt == at(7_020))
        var lateArrival = ticket
        try ticket.step(.arrive, at: 7_000)                                  // 200 s early: in time
        #expect(try ticket.clock(.onSite).outcome == .met)
        #expect(try ticket.clock(.onSite).marginSeconds == 20)
        try lateArrival.step(.arrive, at: 7_100)                             // only 100 s early: late
        #expect(try lateArrival.clock(.onSite).outcome == .breached)
        #expect(try lateArrival.clock(.onSite).marginSeconds == -80)

        // A policy lead of 5 minutes moves the due time.
        var policy = SLAPolicy.seedDefaults
        policy.appointmentArrivalLeadSeconds = 300
        var fiveMinutes = SimulatedTicket(mode: .appointment, appointmentAt: at(7_200), policy: policy)
        fiveMinutes.record()
        try fiveMinutes.steps([(.classify, 60), (.dispatch, 100), (.sign, 6_000)])
        #expect(try fiveMinutes.clock(.onSite).dueAt == at(6_900))

        // Without an appointment time the on-site clock is timed like immediate service.
        var unset = SimulatedTicket(mode: .appointment, appointmentAt: nil)
        unset.record()
        try unset.steps([(.classify, 60), (.dispatch, 100), (.sign, 200)])
        #expect(try unset.clock(.onSite).dueAt == at(800))
    }

    @Test("TKT-6/7: arrive stops on-site and starts the 3-minute plan clock; plan stops it")
    func arriveAndPlan() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.arrive, 700)])
        #expect(try ticket.clock(.onSite).outcome == .met)
        #expect(try ticket.clock(.onSite).marginSeconds == 100)
        let plan = try ticket.clock(.plan)
        #expect(plan.startedAt == at(700) && plan.dueAt == at(880) && plan.isRunning)
        try ticket.step(.plan, at: 800)
        #expect(try ticket.clock(.plan).outcome == .met)
        #expect(try ticket.clock(.plan).marginSeconds == 80)
        #expect(ticket.running.isEmpty)
        try ticket.steps([(.agreePlan, 900), (.startWork, 1_000)])           // no clock for these steps
        #expect(ticket.clocks.count == 5)
    }

    // MARK: - Cannot handle, escalate, complete

    @Test("TKT-9: cannot_handle starts the 5-minute supervisor clock; escalate stops it with on-site and plan")
    func supervisorEscalation() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.arrive, 500)])
        ticket.event(.cannotHandle, at: 600)
        let supervisor = try ticket.clock(.supervisorEscalation)
        #expect(supervisor.startedAt == at(600) && supervisor.dueAt == at(900))
        try ticket.step(.escalate, at: 960)
        #expect(try ticket.clock(.supervisorEscalation).outcome == .breached)
        #expect(try ticket.clock(.supervisorEscalation).marginSeconds == -60)
        let plan = try ticket.clock(.plan)                                   // started 500, due 680
        #expect(!plan.isRunning && plan.outcome == .breached && plan.marginSeconds == -280)
        try ticket.steps([(.resume, 5_000), (.complete, 90_000), (.accept, 90_100), (.returnVisit, 90_200), (.close, 90_300)])
        #expect(ticket.running.isEmpty)
        #expect(ticket.state == .closed)
    }

    @Test("TKT-9: escalating straight after signing stops the on-site clock")
    func escalateFromSigned() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.escalate, 300)])
        #expect(try ticket.clock(.onSite).outcome == .met)
        #expect(try ticket.clock(.onSite).stoppedAt == at(300))
        #expect(!ticket.has(.plan))
    }

    @Test("TKT-10: an inquiry answered at signing completes without a visit; its on-site clock stops met, not breached later")
    func completeFromSigned() throws {
        var ticket = SimulatedTicket(category: .inquiry)
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.complete, 300)])
        let onSite = try ticket.clock(.onSite)
        #expect(onSite.outcome == .met && onSite.stoppedAt == at(300) && onSite.marginSeconds == 500)
        #expect(ticket.running.isEmpty)
    }

    @Test("TKT-6/10: complete stops an appointment's call clock the owner never got, and an open supervisor clock")
    func completeStopsCallAndSupervisor() throws {
        var ticket = SimulatedTicket(mode: .appointment, appointmentAt: at(7_200))
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200)])
        ticket.event(.cannotHandle, at: 250)
        try ticket.step(.complete, at: 400)
        #expect(try ticket.clock(.appointmentCall).stoppedAt == at(400))
        #expect(try ticket.clock(.appointmentCall).outcome == .met)
        #expect(try ticket.clock(.supervisorEscalation).stoppedAt == at(400))
        #expect(try ticket.clock(.onSite).stoppedAt == at(400))
        #expect(ticket.running.isEmpty)
    }

    @Test("TKT-5/13: complete leaves an unreported emergency's clock running; close stops it, breached")
    func closeStopsWhatRuns() throws {
        var ticket = SimulatedTicket(urgency: .emergency)
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.complete, 300)])
        #expect(ticket.running == [ClockKey(.emergencyReport)])
        try ticket.steps([(.accept, 400), (.returnVisit, 450)])
        #expect(ticket.running == [ClockKey(.emergencyReport)])
        try ticket.step(.close, at: 500)
        #expect(ticket.running.isEmpty)
        let report = try ticket.clock(.emergencyReport)
        #expect(report.stoppedAt == at(500) && report.outcome == .breached && report.marginSeconds == -410)
    }

    // MARK: - Accept, return visits, rework rounds

    @Test("TKT-12: accept starts the 2-minute return-visit clock; the return visit stops it")
    func acceptAndReturnVisit() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.complete, 300), (.accept, 3_100)])
        #expect(ticket.running == [ClockKey(.returnVisit)])
        let visit = try ticket.clock(.returnVisit)
        #expect(visit.startedAt == at(3_100) && visit.dueAt == at(3_220))
        try ticket.step(.returnVisit, at: 3_250)
        #expect(try ticket.clock(.returnVisit).outcome == .breached)
        #expect(try ticket.clock(.returnVisit).marginSeconds == -30)
        try ticket.step(.close, at: 3_300)
        #expect(ticket.running.isEmpty)
        #expect(Set(ticket.clocks.map(\.kind)) == [.entry, .answer, .dispatch, .onSite, .returnVisit])
    }

    @Test("TKT-11/12: a rejected complaint opens round 1 — a new 2-minute dispatch clock and a 24-hour special return visit")
    func rejectedComplaint() throws {
        var ticket = SimulatedTicket(category: .complaint)
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.arrive, 500), (.complete, 800)])
        let firstRound = ticket.clocks
        try ticket.step(.reject, at: 1_000)
        #expect(ticket.state == .rework && ticket.context.round == 1)
        #expect(try ticket.clock(.dispatch, round: 1).startedAt == at(1_000))
        #expect(try ticket.clock(.dispatch, round: 1).dueAt == at(1_120))
        let special = try ticket.clock(.specialReturnVisit, round: 1)
        #expect(special.startedAt == at(1_000) && special.dueAt == at(1_000 + 86_400))
        // Round 0's clocks and verdicts are untouched.
        #expect(Array(ticket.clocks.prefix(firstRound.count)) == firstRound)
        #expect(ticket.clocks.count == firstRound.count + 2)

        try ticket.steps([(.dispatch, 1_100), (.sign, 1_200), (.arrive, 1_500), (.complete, 4_000), (.accept, 4_100)])
        #expect(try ticket.clock(.dispatch, round: 1).outcome == .met)
        #expect(try ticket.clock(.dispatch, round: 1).marginSeconds == 20)
        #expect(try ticket.clock(.onSite, round: 1).startedAt == at(1_200))
        #expect(try ticket.clock(.returnVisit, round: 1).isRunning)
        #expect(try ticket.clock(.specialReturnVisit, round: 1).isRunning)
        try ticket.step(.returnVisit, at: 4_200)
        #expect(try ticket.clock(.specialReturnVisit, round: 1).outcome == .met)
        #expect(try ticket.clock(.specialReturnVisit, round: 1).marginSeconds == 86_400 - 3_200)
        #expect(try ticket.clock(.returnVisit, round: 1).outcome == .met)
        #expect(Set(ticket.keys.filter { $0.round == 1 }.map(\.kind)) == [.dispatch, .specialReturnVisit, .onSite, .plan, .returnVisit])
        #expect(ticket.running.isEmpty)
    }

    @Test("TKT-12: a reworked repair gets no special return visit unless the owner complained")
    func specialVisitOnlyForComplaints() throws {
        var repair = SimulatedTicket(category: .engineering)
        repair.record()
        try repair.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.arrive, 500), (.complete, 800), (.reject, 900)])
        #expect(try repair.clock(.dispatch, round: 1).dueAt == at(1_020))
        #expect(!repair.has(.specialReturnVisit, round: 1))
        #expect(repair.running == [ClockKey(.dispatch, round: 1)])

        var complained = SimulatedTicket(category: .engineering, ownerComplained: true)
        complained.record()
        try complained.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.complete, 300), (.reject, 900)])
        #expect(try complained.clock(.specialReturnVisit, round: 1).dueAt == at(900 + 86_400))
    }

    @Test("TKT-11/12: a failed return visit stops the visit clock and opens the next round; special visit only for complaints")
    func failedReturnVisit() throws {
        var inquiry = SimulatedTicket(category: .inquiry)
        inquiry.record()
        try inquiry.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.complete, 300), (.accept, 400), (.returnVisitFailed, 450)])
        #expect(try inquiry.clock(.returnVisit).outcome == .met)
        #expect(try inquiry.clock(.returnVisit).marginSeconds == 70)
        #expect(try inquiry.clock(.dispatch, round: 1).startedAt == at(450))
        #expect(!inquiry.has(.specialReturnVisit, round: 1))
        #expect(inquiry.running == [ClockKey(.dispatch, round: 1)])

        var complained = SimulatedTicket(category: .inquiry, ownerComplained: true)
        complained.record()
        try complained.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.complete, 300), (.accept, 400), (.returnVisitFailed, 450)])
        #expect(try complained.clock(.specialReturnVisit, round: 1).dueAt == at(450 + 86_400))
        // A second failed visit stops round 1's special visit and opens round 2's.
        try complained.steps([(.dispatch, 500), (.sign, 600), (.complete, 700), (.accept, 800), (.returnVisitFailed, 900)])
        #expect(complained.context.round == 2)
        #expect(try complained.clock(.specialReturnVisit, round: 1).outcome == .met)
        #expect(try complained.clock(.returnVisit, round: 1).outcome == .met)
        #expect(try complained.clock(.specialReturnVisit, round: 2).isRunning)
        #expect(complained.running == [ClockKey(.dispatch, round: 2), ClockKey(.specialReturnVisit, round: 2)])
    }

    // MARK: - Cancel

    @Test("cancel abandons every running clock: past due → breached, in time → no verdict; stopped clocks keep theirs")
    func cancelAbandons() throws {
        var ticket = SimulatedTicket(urgency: .emergency)
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200)])
        #expect(ticket.running == [ClockKey(.emergencyReport), ClockKey(.onSite)])
        let dispatch = try ticket.clock(.dispatch)
        try ticket.step(.cancel, at: 500)
        #expect(ticket.running.isEmpty)
        let report = try ticket.clock(.emergencyReport)                       // never reported: 500 s > 90 s
        #expect(report.outcome == .breached && report.stoppedAt == at(500))
        let onSite = try ticket.clock(.onSite)                                // due 800: still in time
        #expect(onSite.outcome == nil && onSite.marginSeconds == nil && onSite.stoppedAt == at(500))
        #expect(try ticket.clock(.dispatch) == dispatch)
    }

    // MARK: - Pause and resume

    @Test("TKT-15: awaiting the owner pauses on-site only; a second reason keeps the first pause; resume moves the due time")
    func pauseAndResume() throws {
        var ticket = SimulatedTicket(urgency: .emergency)
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200)])
        ticket.event(.pause(.awaitingOwner), at: 300)
        #expect(try ticket.clock(.onSite).isPaused)
        #expect(try !ticket.clock(.emergencyReport).isPaused)                // emergency reports never pause
        ticket.event(.pause(.ownerUnreachable), at: 310)
        #expect(try ticket.clock(.onSite).pausedSince == at(300))
        ticket.event(.resumeClocks, at: 1_300)
        let onSite = try ticket.clock(.onSite)
        #expect(!onSite.isPaused && onSite.pausedSeconds == 1_000)
        #expect(onSite.dueAt == at(200 + 600 + 1_000))
        try ticket.step(.arrive, at: 1_700)
        #expect(try ticket.clock(.onSite).outcome == .met)
        #expect(try ticket.clock(.onSite).marginSeconds == 100)
    }

    @Test("TKT-15: the plan clock pauses when the owner is unreachable, not while awaiting the owner; dispatch and answer never")
    func pauseOnlyListedReasons() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        ticket.event(.pause(.awaitingOwner), at: 50)
        ticket.event(.pause(.ownerUnreachable), at: 55)
        #expect(ticket.clocks.allSatisfy { !$0.isPaused })
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200), (.arrive, 300)])
        ticket.event(.pause(.awaitingOwner), at: 310)
        #expect(try !ticket.clock(.plan).isPaused)
        ticket.event(.pause(.ownerUnreachable), at: 320)
        #expect(try ticket.clock(.plan).isPaused)
        ticket.event(.resumeClocks, at: 420)
        #expect(try ticket.clock(.plan).dueAt == at(300 + 180 + 100))
    }

    @Test("TKT-15: the pause reasons come from the policy's rules (an answer clock that pauses when unreachable)")
    func pauseFollowsPolicy() throws {
        var policy = SLAPolicy.seedDefaults
        policy.version = 3
        policy.rules[.answer] = ClockRule(duration: .seconds(900), pausesWhen: [.ownerUnreachable])
        var ticket = SimulatedTicket(policy: policy)
        ticket.record()
        ticket.event(.pause(.ownerUnreachable), at: 50)
        #expect(try ticket.clock(.answer).isPaused)
        #expect(try !ticket.clock(.dispatch).isPaused)
        ticket.event(.resumeClocks, at: 150)
        #expect(try ticket.clock(.answer).dueAt == at(1_000))
    }

    // MARK: - Policy versions

    @Test("TKT-15: a clock keeps the policy version and due time it started with; a policy edit changes only new clocks")
    func policyVersionKept() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200)])
        var stricter = SLAPolicy.seedDefaults
        stricter.version = 2
        stricter.rules[.onSite] = ClockRule(duration: .seconds(300))
        stricter.rules[.plan] = ClockRule(duration: .seconds(60))
        ticket.policy = stricter
        try ticket.step(.arrive, at: 600)                                    // 400 s: late under v2, in time under v0
        let onSite = try ticket.clock(.onSite)
        #expect(onSite.policyVersion == 0 && onSite.dueAt == at(800))
        #expect(onSite.outcome == .met && onSite.marginSeconds == 200)
        let plan = try ticket.clock(.plan)
        #expect(plan.policyVersion == 2 && plan.dueAt == at(660))
        #expect(try ticket.clock(.entry).policyVersion == 0)
    }

    @Test("TKT-15: a clock pauses by the rule of the policy version it started with, not a later edit")
    func pauseKeepsItsPolicyVersion() throws {
        var ticket = SimulatedTicket()
        ticket.record()
        try ticket.steps([(.classify, 60), (.dispatch, 100), (.sign, 200)])  // on_site under v0: pauses while awaiting the owner
        var edited = SLAPolicy.seedDefaults
        edited.version = 2
        edited.rules[.onSite] = ClockRule(duration: .seconds(600), pausesWhen: [])
        ticket.policy = edited
        ticket.event(.pause(.awaitingOwner), at: 300)
        #expect(try ticket.clock(.onSite).isPaused)                          // its v0 rule lists awaiting_owner
        ticket.event(.resumeClocks, at: 1_300)
        try ticket.step(.arrive, at: 1_700)                                  // 500 s counted of 600: met under v0
        #expect(try ticket.clock(.onSite).outcome == .met)
    }
}
