import Foundation

/// How urgent a ticket is (TKT-4).
public enum TicketUrgency: String, Sendable, CaseIterable, Codable {
    /// 突发紧急: reported within 90 seconds, site first and paperwork after (TKT-5/6).
    case emergency
    case normal
}

/// Whether the owner wants service now or at an appointed time (TKT-4/6).
public enum ServiceMode: String, Sendable, CaseIterable, Codable {
    case immediate, appointment
}

/// What happened to a ticket, as far as its clocks care.
public enum TicketClockEvent: Sendable, Hashable {
    case record
    case transition(TicketTransition)
    /// The emergency was reported to the area owner, the upper department and leaders (TKT-5).
    case reportEmergency
    /// The owner was called before the appointment (TKT-6).
    case ownerCalled
    /// The handler found they cannot handle it (TKT-9): the supervisor clock starts.
    case cannotHandle
    case pause(ClockPauseReason)
    case resumeClocks
}

/// The facts about a ticket that decide which clocks run.
public struct TicketClockContext: Sendable {
    public var category: TicketCategory
    public var urgency: TicketUrgency
    public var serviceMode: ServiceMode
    public var appointmentAt: Date?
    public var receivedAt: Date
    public var recordedAt: Date
    /// The current rework round (after the event: a rejection has already counted its round).
    public var round: Int
    /// The owner complained about the handling (a rework then needs a special return visit, TKT-12).
    public var ownerComplained: Bool

    public init(
        category: TicketCategory, urgency: TicketUrgency, serviceMode: ServiceMode, appointmentAt: Date?, receivedAt: Date,
        recordedAt: Date, round: Int, ownerComplained: Bool
    ) {
        self.category = category
        self.urgency = urgency
        self.serviceMode = serviceMode
        self.appointmentAt = appointmentAt
        self.receivedAt = receivedAt
        self.recordedAt = recordedAt
        self.round = round
        self.ownerComplained = ownerComplained
    }

    /// An owner's opinion, which gets a solution within a week (CMP-7).
    var isOpinion: Bool { category == .complaint || category == .suggestion }
}

/// Which clocks an event starts and stops (TKT-3..12, TKT-15), in one place.
///
/// | clock | starts | stops |
/// |---|---|---|
/// | entry | receipt | record |
/// | answer | receipt | sign, complete |
/// | dispatch | record; reject / failed return visit (new round) | dispatch |
/// | emergency_report | receipt of an emergency (or classify as one) | report_emergency |
/// | on_site | sign (appointment: due at the appointment less the arrival lead) | arrive, escalate, complete |
/// | appointment_call | dispatch of an appointment whose call time is still ahead: due 15 min before | owner_called, complete |
/// | plan | arrive | plan, escalate, complete |
/// | supervisor_escalation | cannot_handle | escalate, complete |
/// | return_visit | accept | return_visit, return_visit_failed |
/// | special_return_visit | reject / failed return visit of a complaint or after an owner's complaint | the next return visit |
/// | solution | record (or classify) of a complaint or suggestion | plan, complete |
///
/// Completion stops the clocks of steps it made unnecessary (an inquiry answered without a
/// visit has no late arrival); closing stops whatever still runs; cancellation abandons every
/// running clock. Pause and resume act on the clocks whose rule lists the pause reason.
/// A clock exists at most once per kind and round.
public struct TicketClockRules: Sendable {
    public let policy: SLAPolicy
    public let calendar: WorkingCalendar
    public let timeZone: TimeZone

    public init(policy: SLAPolicy, calendar: WorkingCalendar, timeZone: TimeZone) {
        self.policy = policy
        self.calendar = calendar
        self.timeZone = timeZone
    }

    /// The ticket's clocks after `event` at `now`: changed ones updated, new ones appended.
    public func apply(_ event: TicketClockEvent, to clocks: [SLAClock], context: TicketClockContext, at now: Date) -> [SLAClock] {
        var clocks = clocks
        func start(_ kind: SLAClockKind, at start: Date, due: Date? = nil) {
            guard !clocks.contains(where: { $0.kind == kind && $0.round == context.round }) else { return }
            let rule = policy.rule(kind)
            clocks.append(due.map {
                SLAClock.starting(kind, round: context.round, rule: rule, policyVersion: policy.version, at: start, due: $0)
            } ?? SLAClock.start(
                kind, round: context.round, rule: rule, policyVersion: policy.version, at: start, calendar: calendar, timeZone: timeZone))
        }
        func stop(_ kinds: [SLAClockKind]) {
            for index in clocks.indices where kinds.contains(clocks[index].kind) { clocks[index].stop(at: now) }
        }
        func stop(_ kinds: SLAClockKind...) { stop(kinds) }
        let needsSpecialVisit = context.category == .complaint || context.ownerComplained

        switch event {
        case .record:
            start(.entry, at: context.receivedAt)
            stop(.entry)
            start(.answer, at: context.receivedAt)
            start(.dispatch, at: context.recordedAt)
            if context.urgency == .emergency { start(.emergencyReport, at: context.receivedAt) }
            if context.isOpinion { start(.solution, at: context.receivedAt) }
        case .transition(.classify):
            if context.urgency == .emergency { start(.emergencyReport, at: context.receivedAt) }
            if context.isOpinion { start(.solution, at: context.receivedAt) }
        case .transition(.dispatch):
            stop(.dispatch)
            // The call is due 15 minutes before the appointment; when that moment has passed
            // already there was never a chance to make it, so no clock runs.
            if context.serviceMode == .appointment, let appointment = context.appointmentAt {
                let callDue = appointment.addingTimeInterval(-TimeInterval(policy.rule(.appointmentCall).duration.amount))
                if callDue > now { start(.appointmentCall, at: now, due: callDue) }
            }
        case .transition(.sign):
            stop(.answer)
            if context.serviceMode == .appointment, let appointment = context.appointmentAt {
                let lead = TimeInterval(policy.appointmentArrivalLeadSeconds)
                start(.onSite, at: now, due: appointment.addingTimeInterval(-lead))
            } else {
                start(.onSite, at: now)
            }
        case .transition(.arrive):
            stop(.onSite)
            start(.plan, at: now)
        case .transition(.plan):
            stop(.plan, .solution)
        case .transition(.escalate):
            stop(.supervisorEscalation, .onSite, .plan)
        case .transition(.complete):
            stop(.answer, .onSite, .plan, .appointmentCall, .supervisorEscalation, .solution)
        case .transition(.close):
            stop(SLAClockKind.allCases)
        case .transition(.accept):
            start(.returnVisit, at: now)
        case .transition(.reject), .transition(.returnVisitFailed):
            stop(.returnVisit, .specialReturnVisit)
            start(.dispatch, at: now)
            if needsSpecialVisit { start(.specialReturnVisit, at: now) }
        case .transition(.returnVisit):
            stop(.returnVisit, .specialReturnVisit)
        case .transition(.cancel):
            for index in clocks.indices { clocks[index].abandon(at: now) }
        case .transition(.agreePlan), .transition(.startWork), .transition(.resume):
            break
        case .reportEmergency:
            stop(.emergencyReport)
        case .ownerCalled:
            stop(.appointmentCall)
        case .cannotHandle:
            start(.supervisorEscalation, at: now)
        case .pause(let reason):
            // By the rule each clock started under, not the policy in force now (TKT-15).
            for index in clocks.indices where clocks[index].pausesWhen.contains(reason) {
                clocks[index].pause(at: now)
            }
        case .resumeClocks:
            for index in clocks.indices { clocks[index].resume(at: now) }
        }
        return clocks
    }
}
