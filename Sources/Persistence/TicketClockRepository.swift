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
    public static func clocks(ofTickets tickets: [Ticket], in tx: Transaction) async throws -> [Int64: [SLAClock]] {
        var byTicket: [Int64: [SLAClock]] = [:]
        // The offices too: the primary key leads with office_id, and without it this was a scan of every clock (issue 7).
        let offices = Array(Set(tickets.map(\.officeID)))
        for row in try await tx.query("""
            SELECT \(columns) FROM liaison.ticket_clock
            WHERE office_id = ANY (\(offices)::bigint[]) AND ticket_id = ANY (\(tickets.map(\.id))::bigint[])
            ORDER BY started_at, round, kind
            """) {
            byTicket[try row.decode("ticket_id"), default: []].append(try decode(row))
        }
        return byTicket
    }

    /// Writes the clocks that differ from `before` (new ones inserted, changed ones updated).
    public static func save(_ clocks: [SLAClock], before: [SLAClock], of ticket: Ticket, in tx: Transaction) async throws {
        let changed = clocks.filter { !before.contains($0) }.map(Row.init)
        guard !changed.isEmpty else { return }
        // One statement for all the changed clocks (recording a ticket starts three): each statement is a round trip,
        // and while a ticket is being recorded its office's number counter stays locked (issue 7). Queued, for the same
        // reason: it goes with the next round trip.
        try tx.enqueue("""
            INSERT INTO liaison.ticket_clock (
                office_id, ticket_id, kind, round, policy_version, started_at, pauses_when, due_at, warn_at, paused_seconds,
                paused_since, stopped_at, outcome, margin_seconds, warned_at)
            SELECT \(ticket.officeID), \(ticket.id), c.kind, c.round, c."policyVersion", c."startedAt"::timestamptz, c."pausesWhen",
                   c."dueAt"::timestamptz, c."warnAt"::timestamptz, c."pausedSeconds", c."pausedSince"::timestamptz,
                   c."stoppedAt"::timestamptz, c.outcome, c."marginSeconds", c."warnedAt"::timestamptz
            FROM jsonb_to_recordset(\(PostgresJSON(changed))) AS c(
                kind text, round integer, "policyVersion" bigint, "startedAt" text, "pausesWhen" text[], "dueAt" text, "warnAt" text,
                "pausedSeconds" integer, "pausedSince" text, "stoppedAt" text, outcome text, "marginSeconds" integer, "warnedAt" text)
            ON CONFLICT (office_id, ticket_id, kind, round) DO UPDATE SET
                due_at = excluded.due_at, warn_at = excluded.warn_at, paused_seconds = excluded.paused_seconds,
                paused_since = excluded.paused_since, stopped_at = excluded.stopped_at, outcome = excluded.outcome,
                margin_seconds = excluded.margin_seconds, warned_at = excluded.warned_at
            """)
    }

    /// A clock as one element of the JSON array `save` sends; instants in PostgreSQL's own text form, to the microsecond.
    private struct Row: Codable, Sendable {
        let kind: String
        let round: Int
        let policyVersion: Int64
        let startedAt: String
        let pausesWhen: [String]
        let dueAt: String
        let warnAt: String
        let pausedSeconds: Int
        let pausedSince: String?
        let stoppedAt: String?
        let outcome: String?
        let marginSeconds: Int?
        let warnedAt: String?

        init(_ clock: SLAClock) {
            kind = clock.kind.rawValue
            round = clock.round
            policyVersion = clock.policyVersion
            startedAt = clock.startedAt.postgresText
            pausesWhen = clock.pausesWhen.map(\.rawValue).sorted()
            dueAt = clock.dueAt.postgresText
            warnAt = clock.warnAt.postgresText
            pausedSeconds = clock.pausedSeconds
            pausedSince = clock.pausedSince?.postgresText
            stoppedAt = clock.stoppedAt?.postgresText
            outcome = clock.outcome?.rawValue
            marginSeconds = clock.marginSeconds
            warnedAt = clock.warnedAt?.postgresText
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
