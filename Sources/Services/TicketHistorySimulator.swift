import Domain
import Foundation
import Persistence

/// Plausible, reproducible ticket histories for demos and benchmarks (issue 5): each ticket walks
/// the real lifecycle (`TicketLifecycle`) and its clocks come from the real rules
/// (`TicketClockRules`, seed policy), so the KPIs computed from it mean what they mean in production.
/// An office's `quality` (0-1) sets how often its steps run late, owners reject the work or are
/// dissatisfied; everything else is drawn from the seeded generator.
struct TicketHistorySimulator {
    typealias Event = TicketHistoryRepository.Event

    struct Ticket {
        var category: TicketCategory
        var urgency: TicketUrgency
        var serviceMode: ServiceMode
        var appointmentAt: Date?
        var receivedAt: Date
        var recordedAt: Date
        var state: TicketState = .recorded
        var reworkCount = 0
        var chaseCount = 0
        var closedAt: Date?
        var events: [Event] = []
        var clocks: [SLAClock] = []
    }

    let rules: TicketClockRules
    /// The end of history: nothing happens after it; clocks still running past due are breached.
    let now: Date

    /// Categories with their weights (per thousand): mostly repairs, few fires.
    static let categories: [(TicketCategory, Int)] = [
        (.engineering, 450), (.help, 150), (.inquiry, 150), (.complaint, 80), (.cleaning, 70), (.security, 50),
        (.suggestion, 20), (.praise, 20), (.fire, 10),
    ]
    /// Categories someone goes on site for.
    static let onSite: Set<TicketCategory> = [.engineering, .cleaning, .security, .fire]

    func simulate(receivedAt: Date, quality: Double, using random: inout some RandomNumberGenerator) -> Ticket {
        let category = Self.pick(Self.categories, using: &random)
        let urgency: TicketUrgency = Double.random(in: 0..<1, using: &random) < 0.04 ? .emergency : .normal
        let appointment = category == .engineering && urgency == .normal && Double.random(in: 0..<1, using: &random) < 0.15
        let lateness = (1 - quality) * 0.15
        // How long a step with a `due`-second promise takes: in time mostly, late with the office's odds.
        func delay(_ due: Double) -> TimeInterval {
            Double.random(in: 0..<1, using: &random) < lateness
                ? due * Double.random(in: 1.05...3, using: &random) : due * Double.random(in: 0.15...0.95, using: &random)
        }
        let recordedAt = receivedAt.addingTimeInterval(delay(60))
        var ticket = Ticket(
            category: category, urgency: urgency, serviceMode: appointment ? .appointment : .immediate,
            appointmentAt: appointment ? receivedAt.addingTimeInterval(Double(Int.random(in: 2...48, using: &random)) * 3600) : nil,
            receivedAt: receivedAt, recordedAt: recordedAt)
        var context = TicketClockContext(
            category: category, urgency: urgency, serviceMode: ticket.serviceMode, appointmentAt: ticket.appointmentAt,
            receivedAt: receivedAt, recordedAt: recordedAt, round: 0, ownerComplained: false)
        guard recordedAt <= now else { return ticket }
        ticket.clocks = rules.apply(.record, to: [], context: context, at: recordedAt)
        ticket.events.append(Event(kind: "record", from: nil, to: .recorded, at: recordedAt))

        var at = recordedAt
        /// Takes a transition at `time` if history has reached it; false once it has not.
        func step(_ transition: TicketTransition, after seconds: TimeInterval, payload: [String: String] = [:]) -> Bool {
            let time = at.addingTimeInterval(max(1, seconds))
            guard time <= now, let next = try? TicketLifecycle.next(transition, from: ticket.state) else { return false }
            if transition == .reject || transition == .returnVisitFailed {
                ticket.reworkCount += 1
                context.round = ticket.reworkCount
            }
            ticket.clocks = rules.apply(.transition(transition), to: ticket.clocks, context: context, at: time)
            ticket.events.append(Event(kind: transition.rawValue, from: ticket.state, to: next, at: time, payload: payload))
            ticket.state = next
            at = time
            return true
        }
        func note(_ kind: String, _ event: TicketClockEvent?, at time: Date) {
            guard time <= now else { return }
            if let event { ticket.clocks = rules.apply(event, to: ticket.clocks, context: context, at: time) }
            ticket.events.append(Event(kind: kind, from: ticket.state, to: ticket.state, at: time))
        }
        defer {
            for index in ticket.clocks.indices { ticket.clocks[index].markBreachedIfOverdue(at: now) }
        }

        guard step(.classify, after: Double.random(in: 5...20, using: &random)) else { return ticket }
        if urgency == .emergency { note("report_emergency", .reportEmergency, at: receivedAt.addingTimeInterval(delay(90))) }
        if Double.random(in: 0..<1, using: &random) < 0.01 {
            _ = step(.cancel, after: 60)
            return ticket
        }
        if Double.random(in: 0..<1, using: &random) < 0.03 {
            ticket.chaseCount = Int.random(in: 1...2, using: &random)
            for _ in 0..<ticket.chaseCount { note("chase", nil, at: at.addingTimeInterval(Double.random(in: 60...600, using: &random))) }
        }
        for _ in 0..<3 {
            guard step(.dispatch, after: delay(120)), step(.sign, after: Double.random(in: 10...120, using: &random)) else { return ticket }
            if let appointment = ticket.appointmentAt {
                // The call is due 15 minutes before the appointment (TKT-6).
                let call = appointment.addingTimeInterval(-900)
                let callAt = Double.random(in: 0..<1, using: &random) < lateness
                    ? call.addingTimeInterval(Double.random(in: 60...600, using: &random))
                    : max(at.addingTimeInterval(30), call.addingTimeInterval(-Double.random(in: 60...1800, using: &random)))
                note("owner_called", .ownerCalled, at: callAt)
            }
            if Self.onSite.contains(category) {
                let travel = ticket.appointmentAt.map { $0.timeIntervalSince(at) - Double.random(in: 60...400, using: &random) } ?? delay(600)
                guard step(.arrive, after: travel), step(.plan, after: delay(180)), step(.startWork, after: 30),
                      step(.complete, after: Double.random(in: 600...10_800, using: &random))
                else { return ticket }
            } else {
                guard step(.complete, after: delay(900 - at.timeIntervalSince(receivedAt))) else { return ticket }
            }
            if Double.random(in: 0..<1, using: &random) < (1 - quality) * 0.5 {
                guard step(.reject, after: Double.random(in: 300...7200, using: &random)) else { return ticket }
                continue
            }
            guard step(.accept, after: Double.random(in: 300...7200, using: &random)) else { return ticket }
            // Now and then nobody calls back: the ticket waits, accepted, for its return visit.
            if Double.random(in: 0..<1, using: &random) < (1 - quality) * 0.2 { return ticket }
            let fixed = Double.random(in: 0..<1, using: &random) >= (1 - quality) * 0.3
            let satisfaction = fixed
                ? (Double.random(in: 0..<1, using: &random) < quality ? Int.random(in: 4...5, using: &random) : 3)
                : Int.random(in: 1...2, using: &random)
            let visit: [String: String] = ["fixed": String(fixed), "satisfaction": String(satisfaction), "channel": "phone"]
            if !fixed {
                guard step(.returnVisitFailed, after: delay(120), payload: visit) else { return ticket }
                continue
            }
            guard step(.returnVisit, after: delay(120), payload: visit) else { return ticket }
            if step(.close, after: Double.random(in: 60...3600, using: &random)) { ticket.closedAt = at }
            return ticket
        }
        return ticket
    }

    static func pick<Value>(_ weighted: [(Value, Int)], using random: inout some RandomNumberGenerator) -> Value {
        var draw = Int.random(in: 0..<weighted.reduce(0) { $0 + $1.1 }, using: &random)
        for (value, weight) in weighted {
            if draw < weight { return value }
            draw -= weight
        }
        return weighted[weighted.count - 1].0
    }
}

/// SplitMix64: a small, fast generator whose sequence depends only on its seed (`--seed`).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
