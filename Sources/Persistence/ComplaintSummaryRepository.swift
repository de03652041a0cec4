import Domain
import Foundation

/// Complaint summaries (`liaison.complaint_summary`, CMP-5).
public enum ComplaintSummaryRepository {
    private static let columns: SQLQuery = """
        id, office_id, period, period_start, period_end, due_on, complaints, handling, prepared_at, prepared_by, approved_at,
        approved_by, version
        """

    /// The office's complaints recorded in [from, to), oldest first, with how they stand now.
    public static func complaints(officeID: Int64, from: Date, to: Date, in tx: Transaction) async throws -> [ComplaintSummary.Line] {
        try await tx.query("""
            SELECT id, number, recorded_at, left(content, 200) AS content, state, against_manager OR involves_compensation AS leadership
            FROM liaison.ticket
            WHERE office_id = \(officeID) AND category = 'complaint' AND recorded_at >= \(from) AND recorded_at < \(to)
            ORDER BY recorded_at, id
            """).map { row in
            ComplaintSummary.Line(
                ticketID: try row.decode("id"), number: try row.decode("number"), recordedAt: try row.decode("recorded_at"),
                content: try row.decode("content"), state: try TicketRepository.state(row.decode("state", as: String.self), column: "state"),
                forLeadership: try row.decode("leadership"))
        }
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> ComplaintSummary? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.complaint_summary WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` summaries after `afterID` in id order.
    public static func list(
        officeID: Int64?, period: ComplaintSummary.Period?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [ComplaintSummary] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.complaint_summary
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(period?.rawValue)::text IS NULL OR period = \(period?.rawValue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Stores a new summary; the unique key refuses a second one for the same office and period.
    public static func insert(_ summary: ComplaintSummary, in tx: Transaction) async throws -> ComplaintSummary {
        try decode(try await tx.query("""
            INSERT INTO liaison.complaint_summary (office_id, period, period_start, period_end, due_on, received, closed, cancelled,
                                                   for_leadership, complaints, handling, prepared_at, prepared_by)
            VALUES (\(summary.officeID), \(summary.period.rawValue), \(summary.periodStart), \(summary.periodEnd), \(summary.dueOn),
                    \(summary.received), \(summary.closed), \(summary.cancelled), \(summary.forLeadership),
                    \(PostgresJSON(summary.complaints)), \(summary.handling), \(summary.preparedAt), \(summary.preparedBy))
            RETURNING \(columns)
            """).single())
    }

    /// Writes the compiled complaints, the handling and the approval, and bumps the version.
    public static func update(_ summary: ComplaintSummary, in tx: Transaction) async throws -> ComplaintSummary {
        try decode(try await tx.query("""
            UPDATE liaison.complaint_summary SET received = \(summary.received), closed = \(summary.closed),
                cancelled = \(summary.cancelled), for_leadership = \(summary.forLeadership), complaints = \(PostgresJSON(summary.complaints)),
                handling = \(summary.handling), prepared_at = \(summary.preparedAt), prepared_by = \(summary.preparedBy),
                approved_at = \(summary.approvedAt), approved_by = \(summary.approvedBy), version = version + 1
            WHERE office_id = \(summary.officeID) AND id = \(summary.id) RETURNING \(columns)
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> ComplaintSummary {
        ComplaintSummary(
            id: try row.decode("id"), officeID: try row.decode("office_id"),
            period: try TicketRepository.value(row.decode("period"), column: "period"), periodStart: try row.decode("period_start"),
            periodEnd: try row.decode("period_end"), dueOn: try row.decode("due_on"),
            complaints: try row.decode("complaints", as: PostgresJSON<[ComplaintSummary.Line]>.self).value,
            handling: try row.decode("handling"), preparedAt: try row.decode("prepared_at"), preparedBy: try row.decode("prepared_by"),
            approvedAt: try row.decode("approved_at"), approvedBy: try row.decode("approved_by"), version: try row.decode("version"))
    }
}
