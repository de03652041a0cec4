import Domain
import Foundation

/// The information register (`liaison.information_entry`, INF-1/2).
public enum InformationEntryRepository {
    private static let columns: SQLQuery = """
        id, office_id, direction, source_kind, source, content, told, handling, urgent, major_nonconformity, received_at, recorded_by,
        recorded_at, reviewed_meeting_id, action_report, action_report_by, action_report_at, action_approved_by, action_approved_at, closed_at, version
        """

    public static func insert(_ entry: InformationEntry, in tx: Transaction) async throws -> InformationEntry {
        try decode(try await tx.query("""
            INSERT INTO liaison.information_entry (office_id, direction, source_kind, source, content, told, handling, urgent, major_nonconformity,
                                                   received_at, recorded_by, recorded_at)
            VALUES (\(entry.officeID), \(entry.direction.rawValue), \(entry.sourceKind.rawValue), \(entry.source), \(entry.content), \(entry.told),
                    \(entry.handling), \(entry.urgent), \(entry.majorNonconformity), \(entry.receivedAt), \(entry.recordedBy), \(entry.recordedAt))
            RETURNING \(columns)
            """).single())
    }

    /// Saves what may change after recording and bumps the version.
    public static func update(_ entry: InformationEntry, in tx: Transaction) async throws -> InformationEntry {
        try decode(try await tx.query("""
            UPDATE liaison.information_entry SET told = \(entry.told), handling = \(entry.handling), reviewed_meeting_id = \(entry.reviewedMeetingID),
                action_report = \(entry.actionReport), action_report_by = \(entry.actionReportBy), action_report_at = \(entry.actionReportAt),
                action_approved_by = \(entry.actionApprovedBy), action_approved_at = \(entry.actionApprovedAt), closed_at = \(entry.closedAt),
                version = version + 1
            WHERE id = \(entry.id) RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> InformationEntry? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.information_entry WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` entries after `afterID` in id order.
    public static func list(
        officeID: Int64?, urgent: Bool?, open: Bool?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [InformationEntry] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.information_entry
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(urgent)::boolean IS NULL OR urgent = \(urgent)) AND (\(open)::boolean IS NULL OR (closed_at IS NULL) = \(open))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> InformationEntry {
        InformationEntry(
            id: try row.decode("id"), officeID: try row.decode("office_id"),
            direction: try TicketRepository.value(try row.decode("direction"), column: "direction"),
            sourceKind: try TicketRepository.value(try row.decode("source_kind"), column: "source_kind"), source: try row.decode("source"),
            content: try row.decode("content"), told: try row.decode("told"), handling: try row.decode("handling"), urgent: try row.decode("urgent"),
            majorNonconformity: try row.decode("major_nonconformity"), receivedAt: try row.decode("received_at"),
            recordedBy: try row.decode("recorded_by"), recordedAt: try row.decode("recorded_at"),
            reviewedMeetingID: try row.decode("reviewed_meeting_id"), actionReport: try row.decode("action_report"),
            actionReportBy: try row.decode("action_report_by"), actionReportAt: try row.decode("action_report_at"),
            actionApprovedBy: try row.decode("action_approved_by"), actionApprovedAt: try row.decode("action_approved_at"),
            closedAt: try row.decode("closed_at"), version: try row.decode("version"))
    }
}
