import Domain
import Foundation

/// Developer questions, letters and requests for written assistance (`liaison.developer_matter`,
/// EXT-2, EXT-4), and the sweeper's pass over those left unanswered past their due day.
public enum DeveloperMatterRepository {
    private static let columns: SQLQuery = """
        id, office_id, estate_id, developer_id, kind, topic, subject, content, received_at, due_on, communication_id,
        request_document_id, recorded_by, answered_at, answer_channel, answer, answer_document_id, answered_by, version
        """

    public static func insert(_ matter: DeveloperMatter, in tx: Transaction) async throws -> DeveloperMatter {
        try decode(try await tx.query("""
            INSERT INTO liaison.developer_matter (office_id, estate_id, developer_id, kind, topic, subject, content, received_at,
                due_on, communication_id, request_document_id, recorded_by)
            VALUES (\(matter.officeID), \(matter.estateID), \(matter.developerID), \(matter.kind.rawValue), \(matter.topic?.rawValue),
                    \(matter.subject), \(matter.content), \(matter.receivedAt), \(matter.deadline?.dueOn), \(matter.communicationID),
                    \(matter.requestDocumentID), \(matter.recordedBy))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> DeveloperMatter? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.developer_matter WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` matters after `afterID` in id order; overdue as of `now`.
    public static func list(_ filter: DeveloperMatterFilter, now: Date, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [DeveloperMatter] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.developer_matter
            WHERE id > \(afterID ?? 0) AND (\(filter.officeID)::bigint IS NULL OR office_id = \(filter.officeID))
              AND (\(filter.estateID)::bigint IS NULL OR estate_id = \(filter.estateID))
              AND (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
              AND (\(filter.open)::boolean IS NULL OR (answered_at IS NULL) = \(filter.open))
              AND (\(filter.overdue)::boolean IS NULL
                   OR (answered_at IS NULL AND due_on IS NOT NULL AND liaison.due_end(due_on) <= \(now)) = \(filter.overdue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Writes the answer and bumps the version.
    public static func saveAnswer(_ matter: DeveloperMatter, in tx: Transaction) async throws -> DeveloperMatter {
        try decode(try await tx.query("""
            UPDATE liaison.developer_matter SET answered_at = \(matter.answeredAt), answer_channel = \(matter.answerChannel?.rawValue),
                answer = \(matter.answer), answer_document_id = \(matter.answerDocumentID), answered_by = \(matter.answeredBy),
                version = version + 1
            WHERE office_id = \(matter.officeID) AND id = \(matter.id)
            RETURNING \(columns)
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> DeveloperMatter {
        DeveloperMatter(
            id: try row.decode("id"), officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"),
            developerID: try row.decode("developer_id"), kind: try TicketRepository.value(row.decode("kind"), column: "kind"),
            topic: try row.decode("topic", as: String?.self).map { try TicketRepository.value($0, column: "topic") },
            subject: try row.decode("subject"), content: try row.decode("content"), receivedAt: try row.decode("received_at"),
            deadline: try row.decode("due_on", as: LocalDate?.self).map(Deadline.init(dueOn:)),
            communicationID: try row.decode("communication_id"), requestDocumentID: try row.decode("request_document_id"),
            recordedBy: try row.decode("recorded_by"), answeredAt: try row.decode("answered_at"),
            answerChannel: try row.decode("answer_channel", as: String?.self).map { try TicketRepository.value($0, column: "answer_channel") },
            answer: try row.decode("answer"), answerDocumentID: try row.decode("answer_document_id"),
            answeredBy: try row.decode("answered_by"), version: try row.decode("version"))
    }
}
