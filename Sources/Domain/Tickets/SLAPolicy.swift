/// The service clocks of a ticket (TKT-3..12).
public enum SLAClockKind: String, Sendable, CaseIterable, Codable {
    /// Receipt → recorded (TKT-3: entry within 1 minute).
    case entry
    /// Recorded (or sent back to rework) → dispatched (TKT-5: 2 minutes).
    case dispatch
    /// Receipt of an emergency → reported to area owner, upper department, leaders (TKT-5: 90 seconds).
    case emergencyReport = "emergency_report"
    /// Signed → on site (TKT-6: 10 minutes; appointments: the appointment less the arrival lead).
    case onSite = "on_site"
    /// Signed → the owner called, due before the appointment (TKT-6: 15 minutes before).
    case appointmentCall = "appointment_call"
    /// On site → initial plan (TKT-7: 3 minutes).
    case plan
    /// "Cannot handle" → reported to the supervisor (TKT-9: 5 minutes).
    case supervisorEscalation = "supervisor_escalation"
    /// Receipt → an arrangement or answer for the owner (TKT-9: 15 minutes, the service promise).
    case answer
    /// Accepted → return visit (TKT-12; seed 001: 2 minutes).
    case returnVisit = "return_visit"
    /// Rework after an owner's complaint → special return visit (TKT-12: 24 hours).
    case specialReturnVisit = "special_return_visit"
    /// A complaint or suggestion (an owner's opinion) recorded → a solution or answer given (CMP-7: within a week).
    case solution
}

/// Why clocks may stop counting for a while (TKT-15).
public enum ClockPauseReason: String, Sendable, CaseIterable, Codable {
    /// Waiting for the owner's appointment or decision.
    case awaitingOwner = "awaiting_owner"
    case ownerUnreachable = "owner_unreachable"
}

/// How long a clock runs. Minute-level clocks count elapsed time (the front desk runs 24 hours);
/// clocks of days count working or calendar days on the company calendar (TKT-15).
public enum ClockDuration: Sendable, Hashable, Codable {
    case seconds(Int)
    case workingDays(Int)
    case calendarDays(Int)

    public var amount: Int {
        switch self {
        case .seconds(let n), .workingDays(let n), .calendarDays(let n): n
        }
    }
}

/// One clock's rule in a policy.
public struct ClockRule: Sendable, Hashable, Codable {
    public var duration: ClockDuration
    /// A warning goes out when this share of the duration has passed (TKT-15).
    public var warningFraction: Double
    /// The pause reasons during which this clock does not count.
    public var pausesWhen: Set<ClockPauseReason>

    public init(duration: ClockDuration, warningFraction: Double = 0.8, pausesWhen: Set<ClockPauseReason> = []) {
        self.duration = duration
        self.warningFraction = warningFraction
        self.pausesWhen = pausesWhen
    }
}

/// A version of the SLA policy (TKT-15). Clocks keep the version they started with, so an
/// edit changes new clocks and never the verdict on old ones. Version 0 is the seed's defaults.
public struct SLAPolicy: Sendable, Hashable {
    public var version: Int64
    public var rules: [SLAClockKind: ClockRule]
    /// Arrive this long before an appointment (TKT-6: 3-5 minutes early; the on-site clock uses the smaller).
    public var appointmentArrivalLeadSeconds: Int

    public init(version: Int64, rules: [SLAClockKind: ClockRule], appointmentArrivalLeadSeconds: Int) {
        self.version = version
        self.rules = rules
        self.appointmentArrivalLeadSeconds = appointmentArrivalLeadSeconds
    }

    /// The numbers of seed 001 (000/004 for the special return visit, 002 for the solution of an opinion).
    public static let seedDefaults = SLAPolicy(
        version: 0,
        rules: [
            .entry: ClockRule(duration: .seconds(60)),
            .dispatch: ClockRule(duration: .seconds(120)),
            .emergencyReport: ClockRule(duration: .seconds(90)),
            .onSite: ClockRule(duration: .seconds(600), pausesWhen: [.awaitingOwner, .ownerUnreachable]),
            // Its amount is how long before the appointment the call is due.
            .appointmentCall: ClockRule(duration: .seconds(900)),
            .plan: ClockRule(duration: .seconds(180), pausesWhen: [.ownerUnreachable]),
            .supervisorEscalation: ClockRule(duration: .seconds(300)),
            .answer: ClockRule(duration: .seconds(900)),
            .returnVisit: ClockRule(duration: .seconds(120), pausesWhen: [.ownerUnreachable]),
            .specialReturnVisit: ClockRule(duration: .seconds(86_400), pausesWhen: [.ownerUnreachable]),
            // Seed 002: 一周之内给予顾客一个解决方案.
            .solution: ClockRule(duration: .calendarDays(7)),
        ],
        appointmentArrivalLeadSeconds: 180)

    /// The rule of a clock: this policy's, or the seed default for a clock it does not name.
    public func rule(_ kind: SLAClockKind) -> ClockRule {
        rules[kind] ?? Self.seedDefaults.rules[kind]!
    }

    /// What is wrong with the policy, as (clock, problem) pairs; empty when it is usable.
    public var problems: [(clock: SLAClockKind?, problem: String)] {
        var problems: [(SLAClockKind?, String)] = []
        for kind in SLAClockKind.allCases {
            guard let rule = rules[kind] else { continue }
            let limit = switch rule.duration {
            case .seconds: 366 * 86_400
            case .workingDays, .calendarDays: 366
            }
            if !(1...limit).contains(rule.duration.amount) { problems.append((kind, "the duration must be 1 to \(limit)")) }
            if !(rule.warningFraction > 0 && rule.warningFraction < 1) { problems.append((kind, "the warning fraction must be between 0 and 1")) }
        }
        if !(0...86_400).contains(appointmentArrivalLeadSeconds) { problems.append((nil, "the arrival lead must be 0 to 86400 seconds")) }
        return problems
    }
}
