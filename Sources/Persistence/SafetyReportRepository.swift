import Domain
import Foundation

/// Safety observation reports and their decisions (`liaison.safety_report`, `safety_report_decision`; SAF-4/5).
public enum SafetyReportRepository {
    private static let columns: SQLQuery = """
        id, office_id, department_id, kind, period_start, title, body, figures, status, step, submitted_at, published_at, created_by,
        created_at, version
        """

    public static func insert(_ report: SafetyReport, in tx: Transaction) async throws -> SafetyReport {
        try decode(try await tx.query("""
            INSERT INTO liaison.safety_report (office_id, department_id, kind, period_start, title, body, figures, created_by, created_at)
            VALUES (\(report.unit?.officeID), \(report.unit?.departmentID), \(report.kind.rawValue), \(report.period.start), \(report.title),
                    \(report.body), \(report.figures), \(report.createdBy), \(report.createdAt))
            RETURNING \(columns)
            """).single())
    }

    /// Saves the text and the workflow state and bumps the version.
    public static func update(_ report: SafetyReport, in tx: Transaction) async throws -> SafetyReport {
        try decode(try await tx.query("""
            UPDATE liaison.safety_report SET title = \(report.title), body = \(report.body), status = \(report.state.status.rawValue),
                step = \(report.state.step), submitted_at = \(report.submittedAt), published_at = \(report.publishedAt), version = version + 1
            WHERE id = \(report.id) RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> SafetyReport? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.safety_report WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` reports after `afterID` in id order.
    public static func list(
        officeID: Int64?, kind: SafetyReport.Kind?, status: ApprovalFlow.Status?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [SafetyReport] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.safety_report
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue)) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    private static let log = ApprovalDecisionLog(table: "safety_report_decision", key: "report_id")

    public static func appendDecision(
        to report: SafetyReport, decision: ApprovalFlow.Decision, step: String?, from: ApprovalFlow.Status, actorID: Int64, comment: String?,
        at now: Date, in tx: Transaction
    ) async throws {
        try await log.append(
            recordID: report.id, officeID: report.unit?.officeID, decision: decision, step: step, from: from, to: report.state.status,
            actorID: actorID, comment: comment, at: now, in: tx)
    }

    public static func decisions(of reportID: Int64, in tx: Transaction) async throws -> [DocumentDecision] {
        try await log.decisions(recordID: reportID, in: tx)
    }

    static func decode(_ row: PostgresRow) throws -> SafetyReport {
        let kind: SafetyReport.Kind = try TicketRepository.value(try row.decode("kind"), column: "kind")
        let status: ApprovalFlow.Status = try TicketRepository.value(try row.decode("status"), column: "status")
        let officeID: Int64? = try row.decode("office_id")
        let departmentID: Int64? = try row.decode("department_id")
        return SafetyReport(
            id: try row.decode("id"), unit: SafetyUnit(officeID: officeID, departmentID: departmentID), kind: kind,
            period: KPIPeriod(kind.periodKind, containing: try row.decode("period_start")), title: try row.decode("title"),
            body: try row.decode("body"), figures: try row.decode("figures"), state: ApprovalFlow.State(status: status, step: try row.decode("step")),
            submittedAt: try row.decode("submitted_at"), publishedAt: try row.decode("published_at"), createdBy: try row.decode("created_by"),
            createdAt: try row.decode("created_at"), version: try row.decode("version"))
    }
}
