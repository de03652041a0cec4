import Domain
import Foundation
import Testing

@Suite("SLA policy: seed defaults, fallbacks and problems (TKT-3..12, TKT-15)")
struct SLAPolicyTests {
    /// Seed 001's numbers in seconds (000/004 for the special return visit), written out by hand;
    /// the solution of an opinion counts days (`seedDays`).
    static let seedSeconds: [SLAClockKind: Int] = [
        .entry: 60,                     // TKT-3: entry within 1 minute
        .dispatch: 120,                 // TKT-5: dispatch within 2 minutes
        .emergencyReport: 90,           // TKT-5: emergency reported within 90 seconds
        .onSite: 600,                   // TKT-6: on site within 10 minutes
        .appointmentCall: 900,          // TKT-6: call 15 minutes before the appointment
        .plan: 180,                     // TKT-7: initial plan within 3 minutes
        .supervisorEscalation: 300,     // TKT-9: supervisor within 5 minutes
        .answer: 900,                   // TKT-9: an answer within 15 minutes
        .returnVisit: 120,              // TKT-12 / seed 001: 2 minutes
        .specialReturnVisit: 86_400,    // TKT-12: special return visit within 24 hours
    ]
    static let seedDays: [SLAClockKind: ClockDuration] = [
        .solution: .calendarDays(7),    // CMP-7 / seed 002: a solution within a week
    ]

    @Test("TKT-3..12: seed 001's numbers are the defaults, version 0, warning at 80%, arrival lead 3 minutes")
    func seedDefaults() throws {
        let policy = SLAPolicy.seedDefaults
        #expect(policy.version == 0)
        #expect(Set(policy.rules.keys) == Set(SLAClockKind.allCases))
        for kind in SLAClockKind.allCases {
            let rule = try #require(policy.rules[kind])
            let expected = try #require(Self.seedDays[kind] ?? Self.seedSeconds[kind].map { .seconds($0) })
            #expect(rule.duration == expected, "\(kind)")
            #expect(rule.warningFraction == 0.8, "\(kind)")
        }
        #expect(policy.appointmentArrivalLeadSeconds == 180)
        #expect(policy.problems.isEmpty)
    }

    @Test("TKT-15: clocks that wait on the owner pause for owner reasons; internal clocks never pause")
    func seedPauses() {
        let policy = SLAPolicy.seedDefaults
        let expected: [SLAClockKind: Set<ClockPauseReason>] = [
            .entry: [], .dispatch: [], .emergencyReport: [], .appointmentCall: [], .supervisorEscalation: [], .answer: [], .solution: [],
            .onSite: [.awaitingOwner, .ownerUnreachable],
            .plan: [.ownerUnreachable],
            .returnVisit: [.ownerUnreachable],
            .specialReturnVisit: [.ownerUnreachable],
        ]
        for kind in SLAClockKind.allCases {
            #expect(policy.rule(kind).pausesWhen == expected[kind], "\(kind)")
        }
    }

    @Test("rule(_:) gives the policy's own rule, or the seed default for a clock the policy does not name")
    func ruleFallsBackToSeed() {
        var policy = SLAPolicy(version: 5, rules: [.answer: ClockRule(duration: .workingDays(3), warningFraction: 0.5)],
                               appointmentArrivalLeadSeconds: 300)
        #expect(policy.rule(.answer) == ClockRule(duration: .workingDays(3), warningFraction: 0.5))
        #expect(policy.rule(.dispatch) == ClockRule(duration: .seconds(120)))
        #expect(policy.rule(.onSite).pausesWhen == [.awaitingOwner, .ownerUnreachable])
        policy.rules[.answer] = nil
        #expect(policy.rule(.answer) == ClockRule(duration: .seconds(900)))
        // A partial policy is usable: only the rules it names are checked.
        #expect(policy.problems.isEmpty)
    }

    @Test("ClockRule defaults: warning at 80%, no pauses; ClockDuration.amount is the number of any unit")
    func ruleDefaultsAndAmount() {
        let rule = ClockRule(duration: .calendarDays(2))
        #expect(rule.warningFraction == 0.8)
        #expect(rule.pausesWhen.isEmpty)
        #expect(ClockDuration.seconds(45).amount == 45)
        #expect(ClockDuration.workingDays(3).amount == 3)
        #expect(ClockDuration.calendarDays(7).amount == 7)
    }

    @Test("problems names every bad clock: durations outside 1…limit, fractions outside (0, 1), the arrival lead")
    func problems() {
        var policy = SLAPolicy.seedDefaults
        policy.appointmentArrivalLeadSeconds = -1
        policy.rules[.entry] = ClockRule(duration: .seconds(0))
        policy.rules[.dispatch] = ClockRule(duration: .seconds(120), warningFraction: 1)
        policy.rules[.plan] = ClockRule(duration: .seconds(180), warningFraction: 0)
        policy.rules[.answer] = ClockRule(duration: .workingDays(-2), warningFraction: 1.5)
        policy.rules[.appointmentCall] = ClockRule(duration: .calendarDays(367))
        policy.rules[.returnVisit] = ClockRule(duration: .seconds(366 * 86_400 + 1))
        policy.rules[.specialReturnVisit] = ClockRule(duration: .seconds(86_400), warningFraction: .nan)
        let problems = policy.problems
        let named = problems.map { "\($0.clock?.rawValue ?? "-"): \($0.problem)" }
        #expect(Set(named) == [
            "entry: the duration must be 1 to 31622400",
            "dispatch: the warning fraction must be between 0 and 1",
            "plan: the warning fraction must be between 0 and 1",
            "answer: the duration must be 1 to 366",
            "answer: the warning fraction must be between 0 and 1",
            "appointment_call: the duration must be 1 to 366",
            "return_visit: the duration must be 1 to 31622400",
            "special_return_visit: the warning fraction must be between 0 and 1",
            "-: the arrival lead must be 0 to 86400 seconds",
        ])
        #expect(named.count == 9)
    }

    @Test("problems accepts the limits themselves: 1 and 366 days, 366 days of seconds, leads 0 and 86400")
    func problemsAtTheLimits() {
        var policy = SLAPolicy.seedDefaults
        policy.rules[.entry] = ClockRule(duration: .seconds(1))
        policy.rules[.dispatch] = ClockRule(duration: .seconds(366 * 86_400))
        policy.rules[.answer] = ClockRule(duration: .workingDays(366), warningFraction: 0.01)
        policy.rules[.plan] = ClockRule(duration: .calendarDays(1), warningFraction: 0.99)
        policy.appointmentArrivalLeadSeconds = 0
        #expect(policy.problems.isEmpty)
        policy.appointmentArrivalLeadSeconds = 86_400
        #expect(policy.problems.isEmpty)
        policy.appointmentArrivalLeadSeconds = 86_401
        #expect(policy.problems.map(\.problem) == ["the arrival lead must be 0 to 86400 seconds"])
        #expect(policy.problems.first?.clock == nil)
    }

    @Test("clock kinds and pause reasons use the snake_case names of the policy document")
    func rawValues() {
        #expect(SLAClockKind.allCases.map(\.rawValue) == [
            "entry", "dispatch", "emergency_report", "on_site", "appointment_call", "plan", "supervisor_escalation",
            "answer", "return_visit", "special_return_visit", "solution",
        ])
        #expect(ClockPauseReason.allCases.map(\.rawValue) == ["awaiting_owner", "owner_unreachable"])
    }
}
