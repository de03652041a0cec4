import Domain
import Foundation

/// Resident consultants' daily work logs (`liaison.consulting_log`, EXT-7).
public enum ConsultingLogRepository {
    private static let columns: SQLQuery = "id, project_id, consultant_id, work_day, work, client_contact, documents, recorded_at"

    public static func insert(_ log: ConsultingLog, in tx: Transaction) async throws -> ConsultingLog {
        try decode(try await tx.query("""
            INSERT INTO liaison.consulting_log (project_id, consultant_id, work_day, work, client_contact, documents, recorded_at)
            VALUES (\(log.projectID), \(log.consultantID), \(log.workDay), \(log.work), \(log.clientContact), \(log.documents), \(log.recordedAt))
            RETURNING \(columns)
            """).single())
    }

    /// Up to `limit + 1` logs of the project after `afterID` in id order, between `from` and `to` (inclusive) if given.
    public static func list(
        projectID: Int64, consultantID: Int64?, from: LocalDate?, to: LocalDate?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [ConsultingLog] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.consulting_log
            WHERE project_id = \(projectID) AND id > \(afterID ?? 0)
              AND (\(consultantID)::bigint IS NULL OR consultant_id = \(consultantID))
              AND (\(from)::date IS NULL OR work_day >= \(from)) AND (\(to)::date IS NULL OR work_day <= \(to))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// The days in [`from`, `to`) each consultant of the project logged.
    public static func loggedDays(projectID: Int64, from: LocalDate, to: LocalDate, in tx: Transaction) async throws -> [Int64: Set<LocalDate>] {
        var days: [Int64: Set<LocalDate>] = [:]
        for row in try await tx.query("""
            SELECT consultant_id, work_day FROM liaison.consulting_log
            WHERE project_id = \(projectID) AND work_day >= \(from) AND work_day < \(to)
            """) {
            days[try row.decode("consultant_id"), default: []].insert(try row.decode("work_day"))
        }
        return days
    }

    static func decode(_ row: PostgresRow) throws -> ConsultingLog {
        ConsultingLog(
            id: try row.decode("id"), projectID: try row.decode("project_id"), consultantID: try row.decode("consultant_id"),
            workDay: try row.decode("work_day"), work: try row.decode("work"), clientContact: try row.decode("client_contact"),
            documents: try row.decode("documents"), recordedAt: try row.decode("recorded_at"))
    }
}
