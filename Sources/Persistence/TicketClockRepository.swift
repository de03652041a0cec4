import Domain
import Foundation

/// The SLA clocks of tickets (`liaison.ticket_clock`), one row per kind and rework round.
public enum TicketClockRepository {
    private static let columns: SQLQuery = """
        ticket_id, kind, round, policy_version, started_at, pauses_when, due_at, warn_at, paused_seconds, paused_since, stopped_at, outcome,
        margin_seconds, warned_at
        """

    /// The clocks of one ticket, in start order.
    public static func clocks(of ticket: Ticket, in tx: Transaction) async throws -> [SLAClock] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.ticket_clock WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id)
            ORDER BY started_at, round, kind
            """).map(decode)
    }

    /// The clocks of several tickets of one page, by ticket id.
    public static func clocks(ofTickets ids: [Int64], in tx: Transaction) async throws -> [Int64: [SLAClock]] {
        var byTicket: [Int64: [SLAClock]] = [:]
        for row in try await tx.query("""
            SELECT \(columns) FROM liaison.ticket_clock WHERE ticket_id = ANY (\(ids)::bigint[]) ORDER BY started_at, round, kind
            """) {
            byTicket[try row.decode("ticket_id"), default: []].append(try decode(row))
        }
        return byTicket
    }

    /// Writes the clocks that differ from `before` (new ones inserted, changed ones updated).
    public static func save(_ clocks: [SLAClock], before: [SLAClock], of ticket: Ticket, in tx: Transaction) async throws {
        for clock in clocks where !before.contains(clock) {
            try await tx.execute("""
                INSERT INTO liaison.ticket_clock (
                    office_id, ticket_id, kind, round, policy_version, started_at, pauses_when, due_at, warn_at, paused_seconds,
                    paused_since, stopped_at, outcome, margin_seconds, warned_at)
                VALUES (
                    \(ticket.officeID), \(ticket.id), \(clock.kind.rawValue), \(clock.round), \(clock.policyVersion), \(clock.startedAt),
                    \(clock.pausesWhen.map(\.rawValue).sorted()),
                    \(clock.dueAt), \(clock.warnAt), \(clock.pausedSeconds), \(clock.pausedSince), \(clock.stoppedAt),
                    \(clock.outcome?.rawValue), \(clock.marginSeconds), \(clock.warnedAt))
                ON CONFLICT (office_id, ticket_id, kind, round) DO UPDATE SET
                    due_at = excluded.due_at, warn_at = excluded.warn_at, paused_seconds = excluded.paused_seconds,
                    paused_since = excluded.paused_since, stopped_at = excluded.stopped_at, outcome = excluded.outcome,
                    margin_seconds = excluded.margin_seconds, warned_at = excluded.warned_at
                """)
        }
    }

    static func decode(_ row: PostgresRow) throws -> SLAClock {
        SLAClock(
            kind: try TicketRepository.value(row.decode("kind"), column: "kind"), round: try row.decode("round"),
            policyVersion: try row.decode("policy_version"), startedAt: try row.decode("started_at"),
            pausesWhen: Set(try row.decode("pauses_when", as: [String].self).map { try TicketRepository.value($0, column: "pauses_when") }),
            dueAt: try row.decode("due_at"),
            warnAt: try row.decode("warn_at"), pausedSeconds: try row.decode("paused_seconds"),
            pausedSince: try row.decode("paused_since"), stoppedAt: try row.decode("stopped_at"),
            outcome: try row.decode("outcome", as: String?.self).map { try TicketRepository.value($0, column: "outcome") },
            marginSeconds: try row.decode("margin_seconds"), warnedAt: try row.decode("warned_at"))
    }
}
