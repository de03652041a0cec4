import Domain
import Foundation

/// Checks after major defect repairs (`liaison.defect_check`, SRV-2).
public enum DefectCheckRepository {
    private static let columns: SQLQuery = """
        id, office_id, ticket_id, defect, sequence, due_on, checked_at, checker_id, result, defect_persists, follow_up_ticket_id
        """

    /// Schedules one check per due day (sequence 1, 2, …); a ticket already scheduled fails on the unique key.
    public static func schedule(ticket: Ticket, defect: MajorDefect, dueDays: [LocalDate], in tx: Transaction) async throws {
        for (offset, day) in dueDays.enumerated() {
            try await tx.execute("""
                INSERT INTO liaison.defect_check (office_id, ticket_id, defect, sequence, due_on)
                VALUES (\(ticket.officeID), \(ticket.id), \(defect.rawValue), \(offset + 1), \(day))
                """)
        }
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> DefectCheck? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.defect_check WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    public static func checks(of ticket: Ticket, in tx: Transaction) async throws -> [DefectCheck] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.defect_check WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id) ORDER BY sequence
            """).map(decode)
    }

    /// Up to `limit + 1` checks after `afterID` in id order; `pending`: only those not made yet.
    public static func list(officeID: Int64?, pending: Bool, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [DefectCheck] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.defect_check
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (NOT \(pending) OR checked_at IS NULL)
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    public static func record(_ check: DefectCheck, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.defect_check SET checked_at = \(check.checkedAt), checker_id = \(check.checkerID), result = \(check.result),
                defect_persists = \(check.defectPersists), follow_up_ticket_id = \(check.followUpTicketID)
            WHERE office_id = \(check.officeID) AND id = \(check.id)
            """)
    }

    static func decode(_ row: PostgresRow) throws -> DefectCheck {
        DefectCheck(
            id: try row.decode("id"), officeID: try row.decode("office_id"), ticketID: try row.decode("ticket_id"),
            defect: try TicketRepository.value(row.decode("defect"), column: "defect"), sequence: try row.decode("sequence"),
            dueOn: try row.decode("due_on"), checkedAt: try row.decode("checked_at"), checkerID: try row.decode("checker_id"),
            result: try row.decode("result"), defectPersists: try row.decode("defect_persists"),
            followUpTicketID: try row.decode("follow_up_ticket_id"))
    }
}
