import Domain
import Foundation

/// The answer columns the president's mailbox and the staff-needs census share (sql/0041), read and written alike.
extension LeadershipAnswer {
    /// The answer's columns, with the answering leader's display name.
    static let columns: SQLQuery = """
        answer_kind, answer_text, document_reference, answered_by, answered_at,
        (SELECT display_name FROM liaison.staff_user WHERE id = answered_by) AS answered_by_name
        """

    /// `SET` assignments writing `answer` (or clearing it).
    static func assignments(_ answer: LeadershipAnswer?) -> SQLQuery {
        """
        answer_kind = \(answer?.kind.rawValue), answer_text = \(answer?.text), document_reference = \(answer?.documentReference),
        answered_by = \(answer?.answeredBy), answered_at = \(answer?.answeredAt)
        """
    }

    static func decode(_ row: PostgresRow) throws -> LeadershipAnswer? {
        guard let kind: String = try row.decode("answer_kind") else { return nil }
        return LeadershipAnswer(
            kind: try TicketRepository.value(kind, column: "answer_kind"), text: try row.decode("answer_text"),
            documentReference: try row.decode("document_reference"), answeredBy: try row.decode("answered_by"),
            answeredByName: try row.decode("answered_by_name"), answeredAt: try row.decode("answered_at"))
    }
}
