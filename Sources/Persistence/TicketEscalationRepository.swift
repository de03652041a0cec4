import Domain
import Foundation

/// Fault escalation forms (`liaison.ticket_escalation`, INF-3).
public enum TicketEscalationRepository {
    private static let columns: SQLQuery = """
        e.id, e.office_id, e.ticket_id, t.number, e.department_id, e.reason, e.escalated_at, e.escalated_by, e.complete_by,
        e.committed_at, e.committed_by, e.answer, e.answered_at, e.answered_by
        """

    public static func insert(
        ticket: Ticket, departmentID: Int64, reason: String, by userID: Int64, at now: Date, in tx: Transaction
    ) async throws -> Int64 {
        try await tx.query("""
            INSERT INTO liaison.ticket_escalation (office_id, ticket_id, department_id, reason, escalated_at, escalated_by)
            VALUES (\(ticket.officeID), \(ticket.id), \(departmentID), \(reason), \(now), \(userID)) RETURNING id
            """).single().decode("id")
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> TicketEscalation? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.ticket_escalation e JOIN liaison.ticket t ON t.office_id = e.office_id AND t.id = e.ticket_id
            WHERE e.id = \(id) \(unescaped: forUpdate ? "FOR UPDATE OF e" : "")
            """).first.map(decode)
    }

    /// The ticket's escalation the department has not answered yet, if any.
    public static func open(of ticket: Ticket, in tx: Transaction) async throws -> TicketEscalation? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.ticket_escalation e JOIN liaison.ticket t ON t.office_id = e.office_id AND t.id = e.ticket_id
            WHERE e.office_id = \(ticket.officeID) AND e.ticket_id = \(ticket.id) AND e.answered_at IS NULL
            ORDER BY e.id DESC LIMIT 1
            """).first.map(decode)
    }

    /// Up to `limit + 1` forms after `afterID` in id order, by department and whether answered.
    public static func list(
        departmentID: Int64?, officeID: Int64?, answered: Bool?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [TicketEscalation] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.ticket_escalation e JOIN liaison.ticket t ON t.office_id = e.office_id AND t.id = e.ticket_id
            WHERE e.id > \(afterID ?? 0)
              AND (\(departmentID)::bigint IS NULL OR e.department_id = \(departmentID))
              AND (\(officeID)::bigint IS NULL OR e.office_id = \(officeID))
              AND (\(answered)::boolean IS NULL OR (e.answered_at IS NOT NULL) = \(answered))
            ORDER BY e.id LIMIT \(limit + 1)
            """).map(decode)
    }

    public static func commit(_ escalation: TicketEscalation, completeBy: Date, by userID: Int64, at now: Date, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.ticket_escalation SET complete_by = \(completeBy), committed_at = \(now), committed_by = \(userID)
            WHERE office_id = \(escalation.officeID) AND id = \(escalation.id)
            """)
    }

    public static func answer(_ escalation: TicketEscalation, answer: String, by userID: Int64, at now: Date, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.ticket_escalation SET answer = \(answer), answered_at = \(now), answered_by = \(userID)
            WHERE office_id = \(escalation.officeID) AND id = \(escalation.id)
            """)
    }

    /// The active members of an HQ department (who must hear of a form sent to it).
    public static func members(departmentID: Int64, in tx: Transaction) async throws -> [Int64] {
        try await tx.query("""
            SELECT id FROM liaison.staff_user WHERE department_id = \(departmentID) AND active ORDER BY id
            """).map { try $0.decode("id") }
    }

    static func decode(_ row: PostgresRow) throws -> TicketEscalation {
        TicketEscalation(
            id: try row.decode("id"), officeID: try row.decode("office_id"), ticketID: try row.decode("ticket_id"),
            ticketNumber: try row.decode("number"), departmentID: try row.decode("department_id"), reason: try row.decode("reason"),
            escalatedAt: try row.decode("escalated_at"), escalatedBy: try row.decode("escalated_by"),
            completeBy: try row.decode("complete_by"), committedAt: try row.decode("committed_at"),
            committedBy: try row.decode("committed_by"), answer: try row.decode("answer"), answeredAt: try row.decode("answered_at"),
            answeredBy: try row.decode("answered_by"))
    }
}
