import Domain
import Foundation

/// Bulk writes of demo and benchmark ticket history (`liaison seed-demo --offices …`): one
/// multi-row statement per table and batch (`unnest` of arrays), under the same constraints,
/// triggers and row-level security as the API's writes.
public enum TicketHistoryRepository {
    public struct Event: Sendable {
        public var kind: String
        public var from: TicketState?
        public var to: TicketState
        public var at: Date
        public var payload: [String: String]

        public init(kind: String, from: TicketState?, to: TicketState, at: Date, payload: [String: String] = [:]) {
            self.kind = kind
            self.from = from
            self.to = to
            self.at = at
            self.payload = payload
        }
    }

    public struct Ticket: Sendable {
        public var number: String
        public var state: TicketState
        public var source: String
        public var category: TicketCategory
        public var urgency: TicketUrgency
        public var serviceMode: ServiceMode
        public var appointmentAt: Date?
        public var content: String
        public var receivedAt: Date
        public var recordedAt: Date
        public var reworkCount: Int
        public var chaseCount: Int
        public var closedAt: Date?
        public var events: [Event]
        public var clocks: [SLAClock]

        public init(
            number: String, state: TicketState, source: String, category: TicketCategory, urgency: TicketUrgency, serviceMode: ServiceMode,
            appointmentAt: Date?, content: String, receivedAt: Date, recordedAt: Date, reworkCount: Int, chaseCount: Int, closedAt: Date?,
            events: [Event], clocks: [SLAClock]
        ) {
            self.number = number
            self.state = state
            self.source = source
            self.category = category
            self.urgency = urgency
            self.serviceMode = serviceMode
            self.appointmentAt = appointmentAt
            self.content = content
            self.receivedAt = receivedAt
            self.recordedAt = recordedAt
            self.reworkCount = reworkCount
            self.chaseCount = chaseCount
            self.closedAt = closedAt
            self.events = events
            self.clocks = clocks
        }
    }

    /// Milliseconds since 1970 (-1 for none): timestamps travel as bigint arrays, which have no NULLs.
    private static func millis(_ date: Date?) -> Int64 {
        date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? -1
    }

    private static func json(_ payload: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Inserts one office's tickets with their events and clocks, received and worked by `staffID`.
    public static func insert(_ tickets: [Ticket], officeID: Int64, staffID: Int64, in tx: Transaction) async throws {
        guard !tickets.isEmpty else { return }
        let ids: [String: Int64] = Dictionary(uniqueKeysWithValues: try await tx.query("""
            INSERT INTO liaison.ticket (office_id, number, state, source, category, urgency, service_mode, appointment_at, contact_name,
                                        content, received_at, recorded_at, receiver_id, assignee_id, rework_count, chase_count,
                                        cancel_reason, closed_at)
            SELECT \(officeID), x.number, x.state, x.source, x.category, x.urgency, x.mode, to_timestamp(nullif(x.appointment, -1) / 1000.0),
                   '业主', x.content, to_timestamp(x.received / 1000.0), to_timestamp(x.recorded / 1000.0), \(staffID),
                   CASE WHEN x.state NOT IN ('recorded', 'classified', 'cancelled') THEN \(staffID) END, x.reworks, x.chases,
                   CASE WHEN x.state = 'cancelled' THEN '重复登记' END, to_timestamp(nullif(x.closed, -1) / 1000.0)
            FROM unnest(\(tickets.map(\.number)), \(tickets.map(\.state.rawValue)), \(tickets.map(\.source)),
                        \(tickets.map(\.category.rawValue)), \(tickets.map(\.urgency.rawValue)), \(tickets.map(\.serviceMode.rawValue)),
                        \(tickets.map { millis($0.appointmentAt) }), \(tickets.map(\.content)), \(tickets.map { millis($0.receivedAt) }),
                        \(tickets.map { millis($0.recordedAt) }), \(tickets.map(\.reworkCount)), \(tickets.map(\.chaseCount)),
                        \(tickets.map { millis($0.closedAt) }))
                AS x(number, state, source, category, urgency, mode, appointment, content, received, recorded, reworks, chases, closed)
            RETURNING id, number
            """).map { (try $0.decode("number", as: String.self), try $0.decode("id", as: Int64.self)) })

        var eventTicket: [Int64] = [], kinds: [String] = [], from: [String] = [], to: [String] = [], at: [Int64] = [], payloads: [String] = []
        var clockTicket: [Int64] = [], clockKinds: [String] = [], rounds: [Int] = [], started: [Int64] = [], pauses: [String] = []
        var due: [Int64] = [], warn: [Int64] = [], paused: [Int] = [], stopped: [Int64] = [], outcomes: [String] = [], margins: [Int64] = []
        for ticket in tickets {
            guard let id = ids[ticket.number] else { continue }
            for event in ticket.events {
                eventTicket.append(id); kinds.append(event.kind); from.append(event.from?.rawValue ?? ""); to.append(event.to.rawValue)
                at.append(millis(event.at)); payloads.append(json(event.payload))
            }
            for clock in ticket.clocks {
                clockTicket.append(id); clockKinds.append(clock.kind.rawValue); rounds.append(clock.round); started.append(millis(clock.startedAt))
                pauses.append("{" + clock.pausesWhen.map(\.rawValue).sorted().joined(separator: ",") + "}")
                due.append(millis(clock.dueAt)); warn.append(millis(clock.warnAt)); paused.append(clock.pausedSeconds)
                stopped.append(millis(clock.stoppedAt)); outcomes.append(clock.outcome?.rawValue ?? "")
                margins.append(clock.marginSeconds.map(Int64.init) ?? Int64.min)
            }
        }
        try await tx.execute("""
            INSERT INTO liaison.ticket_event (office_id, ticket_id, at, actor_id, kind, from_state, to_state, payload)
            SELECT \(officeID), x.ticket, to_timestamp(x.at / 1000.0), \(staffID), x.kind, nullif(x.from_state, ''), x.to_state, x.payload::jsonb
            FROM unnest(\(eventTicket), \(at), \(kinds), \(from), \(to), \(payloads)) AS x(ticket, at, kind, from_state, to_state, payload)
            """)
        try await tx.execute("""
            INSERT INTO liaison.ticket_clock (office_id, ticket_id, kind, round, policy_version, started_at, pauses_when, due_at, warn_at,
                                              paused_seconds, stopped_at, outcome, margin_seconds)
            SELECT \(officeID), x.ticket, x.kind, x.round, 0, to_timestamp(x.started / 1000.0), x.pauses::text[], to_timestamp(x.due / 1000.0),
                   to_timestamp(x.warn / 1000.0), x.paused, to_timestamp(nullif(x.stopped, -1) / 1000.0), nullif(x.outcome, ''),
                   nullif(x.margin, \(Int64.min))
            FROM unnest(\(clockTicket), \(clockKinds), \(rounds), \(started), \(pauses), \(due), \(warn), \(paused), \(stopped), \(outcomes), \(margins))
                AS x(ticket, kind, round, started, pauses, due, warn, paused, stopped, outcome, margin)
            """)
        // Later API tickets of these days continue after the generated numbers.
        try await tx.execute("""
            INSERT INTO liaison.ticket_number_counter (office_id, day, last)
            SELECT \(officeID), to_date(split_part(n, '-', 2), 'YYYYMMDD'), max(split_part(n, '-', 3)::integer)
            FROM unnest(\(tickets.map(\.number))) AS n GROUP BY 2
            ON CONFLICT (office_id, day) DO UPDATE SET last = greatest(liaison.ticket_number_counter.last, excluded.last)
            """)
    }
}
