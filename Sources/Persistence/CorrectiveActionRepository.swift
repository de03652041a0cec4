import Domain
import Foundation

/// Complaints' corrective actions (`liaison.corrective_action`, CMP-3/4).
public enum CorrectiveActionRepository {
    private static let columns: SQLQuery = """
        c.office_id, c.ticket_id, c.ticket_number, c.major, c.plan, c.planned_at, c.planned_by, c.implementation, c.implemented_at,
        c.implemented_by, c.verification, c.verified_effective, c.verified_at, c.verified_by, c.report_nonconformity,
        c.report_cause, c.report_action, c.report_effect, c.published_at, c.published_by, c.version
        """

    public static func find(of ticket: Ticket, forUpdate: Bool = false, in tx: Transaction) async throws -> CorrectiveAction? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.corrective_action c
            WHERE c.office_id = \(ticket.officeID) AND c.ticket_id = \(ticket.id) \(unescaped: forUpdate ? "FOR UPDATE OF c" : "")
            """).first.map(decode)
    }

    /// Published reports, newest ticket first, up to `limit + 1` before `beforeTicketID` (CMP-4: company-wide).
    public static func published(beforeTicketID: Int64?, limit: Int, in tx: Transaction) async throws -> [CorrectiveAction] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.corrective_action c
            WHERE c.published_at IS NOT NULL AND c.ticket_id < \(beforeTicketID ?? Int64.max)
            ORDER BY c.ticket_id DESC LIMIT \(limit + 1)
            """).map(decode)
    }

    public static func insert(_ action: CorrectiveAction, in tx: Transaction) async throws {
        try await tx.execute("""
            INSERT INTO liaison.corrective_action (office_id, ticket_id, ticket_number, major, plan, planned_at, planned_by)
            VALUES (\(action.officeID), \(action.ticketID), \(action.ticketNumber), \(action.major), \(action.plan), \(action.plannedAt), \(action.plannedBy))
            """)
    }

    /// Writes every mutable field and bumps the version.
    public static func update(_ action: CorrectiveAction, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.corrective_action SET major = \(action.major), plan = \(action.plan), planned_at = \(action.plannedAt),
                planned_by = \(action.plannedBy), implementation = \(action.implementation), implemented_at = \(action.implementedAt),
                implemented_by = \(action.implementedBy), verification = \(action.verification),
                verified_effective = \(action.verifiedEffective), verified_at = \(action.verifiedAt), verified_by = \(action.verifiedBy),
                report_nonconformity = \(action.report?.nonconformity), report_cause = \(action.report?.cause),
                report_action = \(action.report?.action), report_effect = \(action.report?.effect),
                published_at = \(action.report?.publishedAt), published_by = \(action.report?.publishedBy), version = version + 1
            WHERE office_id = \(action.officeID) AND ticket_id = \(action.ticketID)
            """)
    }

    static func decode(_ row: PostgresRow) throws -> CorrectiveAction {
        var report: CorrectiveAction.Report?
        if let publishedAt: Date = try row.decode("published_at") {
            report = CorrectiveAction.Report(
                nonconformity: try row.decode("report_nonconformity") ?? "", cause: try row.decode("report_cause") ?? "",
                action: try row.decode("report_action") ?? "", effect: try row.decode("report_effect") ?? "",
                publishedAt: publishedAt, publishedBy: try row.decode("published_by") ?? 0)
        }
        return CorrectiveAction(
            officeID: try row.decode("office_id"), ticketID: try row.decode("ticket_id"), ticketNumber: try row.decode("ticket_number"),
            major: try row.decode("major"), plan: try row.decode("plan"), plannedAt: try row.decode("planned_at"),
            plannedBy: try row.decode("planned_by"), implementation: try row.decode("implementation"),
            implementedAt: try row.decode("implemented_at"), implementedBy: try row.decode("implemented_by"),
            verification: try row.decode("verification"), verifiedEffective: try row.decode("verified_effective"),
            verifiedAt: try row.decode("verified_at"), verifiedBy: try row.decode("verified_by"), report: report,
            version: try row.decode("version"))
    }
}
