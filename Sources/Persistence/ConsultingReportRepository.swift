import Domain
import Foundation

/// Consulting projects' monthly reports, quarterly summaries and reports to the developer
/// (`liaison.consulting_report`, EXT-7).
public enum ConsultingReportRepository {
    private static let columns: SQLQuery = """
        id, project_id, kind, period_start, body, written_by, submitted_at, answer_due_on, answer, answered_by, answered_at,
        merged_summary, delivered_to, delivered_by, delivered_at, version
        """

    public static func insert(_ report: ConsultingReport, in tx: Transaction) async throws -> ConsultingReport {
        try decode(try await tx.query("""
            INSERT INTO liaison.consulting_report (project_id, kind, period_start, body, written_by, submitted_at, answer_due_on)
            VALUES (\(report.projectID), \(report.kind.rawValue), \(report.period.start), \(report.body), \(report.writtenBy),
                    \(report.submittedAt), \(report.answerDeadline?.dueOn))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> ConsultingReport? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.consulting_report WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` reports of the project after `afterID` in id order; overdue as of `now`.
    public static func list(
        projectID: Int64, _ filter: ConsultingReportFilter, now: Date, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [ConsultingReport] {
        let awaiting = filter.awaiting?.rawValue
        return try await tx.query("""
            SELECT \(columns) FROM liaison.consulting_report
            WHERE project_id = \(projectID) AND id > \(afterID ?? 0)
              AND (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
              AND (\(awaiting)::text IS NULL
                   OR (\(awaiting) = 'answer' AND kind = 'monthly_report' AND answered_at IS NULL)
                   OR (\(awaiting) = 'delivery' AND kind <> 'monthly_report' AND delivered_at IS NULL))
              AND (\(filter.overdue)::boolean IS NULL
                   OR (answered_at IS NULL AND answer_due_on IS NOT NULL AND liaison.due_end(answer_due_on) <= \(now)) = \(filter.overdue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Writes the answer or the delivery and bumps the version.
    public static func save(_ report: ConsultingReport, in tx: Transaction) async throws -> ConsultingReport {
        try decode(try await tx.query("""
            UPDATE liaison.consulting_report SET answer = \(report.answer), answered_by = \(report.answeredBy), answered_at = \(report.answeredAt),
                merged_summary = \(report.mergedSummary), delivered_to = \(report.deliveredTo), delivered_by = \(report.deliveredBy),
                delivered_at = \(report.deliveredAt), version = version + 1
            WHERE id = \(report.id)
            RETURNING \(columns)
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> ConsultingReport {
        let kind: ConsultingReport.Kind = try TicketRepository.value(row.decode("kind"), column: "kind")
        return ConsultingReport(
            id: try row.decode("id"), projectID: try row.decode("project_id"), kind: kind,
            period: KPIPeriod(kind.period, containing: try row.decode("period_start")), body: try row.decode("body"),
            writtenBy: try row.decode("written_by"), submittedAt: try row.decode("submitted_at"),
            answerDeadline: try row.decode("answer_due_on", as: LocalDate?.self).map(Deadline.init(dueOn:)),
            answer: try row.decode("answer"), answeredBy: try row.decode("answered_by"), answeredAt: try row.decode("answered_at"),
            mergedSummary: try row.decode("merged_summary"), deliveredTo: try row.decode("delivered_to"),
            deliveredBy: try row.decode("delivered_by"), deliveredAt: try row.decode("delivered_at"), version: try row.decode("version"))
    }
}
