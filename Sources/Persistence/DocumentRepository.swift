import Domain
import Foundation

/// Written documents in the approval workflow (`liaison.document`), their decisions
/// (`liaison.document_decision`) and owners' questions on them (`liaison.document_question`).
public enum DocumentRepository {
    private static let columns: SQLQuery = """
        id, office_id, estate_id, kind, period_start, held_on, title, body, finance_section, finance_written_by, status, step,
        submit_due_on, publish_due_on, submitted_at, published_at, questions_until, created_by, created_at, version
        """

    public static func insert(_ document: WrittenDocument, in tx: Transaction) async throws -> WrittenDocument {
        try decode(try await tx.query("""
            INSERT INTO liaison.document (office_id, estate_id, kind, period_start, held_on, title, body, submit_due_on, publish_due_on,
                                          created_by, created_at)
            VALUES (\(document.officeID), \(document.estateID), \(document.kind.rawValue), \(document.period?.start), \(document.heldOn),
                    \(document.title), \(document.body), \(document.submitDeadline?.dueOn), \(document.publishDeadline?.dueOn),
                    \(document.createdBy), \(document.createdAt))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> WrittenDocument? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.document WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` documents after `afterID` in id order; overdue as of `now` when filtered on it.
    public static func list(_ filter: DocumentFilter, now: Date, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [WrittenDocument] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.document
            WHERE id > \(afterID ?? 0) AND (\(filter.officeID)::bigint IS NULL OR office_id = \(filter.officeID))
              AND (\(filter.estateID)::bigint IS NULL OR estate_id = \(filter.estateID))
              AND (\(filter.kind?.rawValue)::text IS NULL OR kind = \(filter.kind?.rawValue))
              AND (\(filter.status?.rawValue)::text IS NULL OR status = \(filter.status?.rawValue))
              AND (\(filter.overdue)::boolean IS NULL OR (
                    (submit_due_on IS NOT NULL AND submitted_at IS NULL AND status = 'draft' AND liaison.due_end(submit_due_on) <= \(now))
                    OR (publish_due_on IS NOT NULL AND published_at IS NULL AND liaison.due_end(publish_due_on) <= \(now))) = \(filter.overdue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Writes every mutable field and bumps the version.
    public static func update(_ document: WrittenDocument, in tx: Transaction) async throws -> WrittenDocument {
        try decode(try await tx.query("""
            UPDATE liaison.document SET title = \(document.title), body = \(document.body), finance_section = \(document.financeSection),
                finance_written_by = \(document.financeWrittenBy), status = \(document.state.status.rawValue), step = \(document.state.step),
                submitted_at = \(document.submittedAt), published_at = \(document.publishedAt),
                questions_until = \(document.questionsUntil), version = version + 1
            WHERE office_id = \(document.officeID) AND id = \(document.id)
            RETURNING \(columns)
            """).single())
    }

    /// Appends a decision as the document's next in sequence.
    public static func appendDecision(
        to document: WrittenDocument, decision: ApprovalFlow.Decision, step: String?, from: ApprovalFlow.Status, actorID: Int64,
        onBehalfOf: String?, comment: String?, at now: Date, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            INSERT INTO liaison.document_decision (office_id, document_id, sequence, decision, step, from_status, to_status, actor_id,
                                                   on_behalf_of, comment, at)
            SELECT \(document.officeID), \(document.id), coalesce(max(sequence), 0) + 1, \(decision.rawValue), \(step), \(from.rawValue),
                   \(document.state.status.rawValue), \(actorID), \(onBehalfOf), \(comment), \(now)
            FROM liaison.document_decision WHERE office_id = \(document.officeID) AND document_id = \(document.id)
            """)
    }

    public static func decisions(of document: WrittenDocument, in tx: Transaction) async throws -> [DocumentDecision] {
        try await tx.query("""
            SELECT sequence, decision, step, from_status, to_status, actor_id, on_behalf_of, comment, at FROM liaison.document_decision
            WHERE office_id = \(document.officeID) AND document_id = \(document.id) ORDER BY sequence
            """).map { row in
            DocumentDecision(
                sequence: try row.decode("sequence"), decision: try TicketRepository.value(row.decode("decision"), column: "decision"),
                step: try row.decode("step"), from: try TicketRepository.value(row.decode("from_status"), column: "from_status"),
                to: try TicketRepository.value(row.decode("to_status"), column: "to_status"), actorID: try row.decode("actor_id"),
                onBehalfOf: try row.decode("on_behalf_of"), comment: try row.decode("comment"), at: try row.decode("at"))
        }
    }

    private static let questionColumns: SQLQuery = """
        id, office_id, document_id, asked_by, unit, question, asked_at, answer, answered_at, answered_by
        """

    public static func insertQuestion(_ question: DocumentQuestion, in tx: Transaction) async throws -> DocumentQuestion {
        try decodeQuestion(try await tx.query("""
            INSERT INTO liaison.document_question (office_id, document_id, asked_by, unit, question, asked_at)
            VALUES (\(question.officeID), \(question.documentID), \(question.askedBy), \(question.unit), \(question.question), \(question.askedAt))
            RETURNING \(questionColumns)
            """).single())
    }

    public static func question(id: Int64, of document: WrittenDocument, forUpdate: Bool = false, in tx: Transaction) async throws -> DocumentQuestion? {
        try await tx.query("""
            SELECT \(questionColumns) FROM liaison.document_question
            WHERE office_id = \(document.officeID) AND document_id = \(document.id) AND id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeQuestion)
    }

    public static func questions(of document: WrittenDocument, in tx: Transaction) async throws -> [DocumentQuestion] {
        try await tx.query("""
            SELECT \(questionColumns) FROM liaison.document_question
            WHERE office_id = \(document.officeID) AND document_id = \(document.id) ORDER BY id
            """).map(decodeQuestion)
    }

    public static func saveAnswer(_ question: DocumentQuestion, in tx: Transaction) async throws -> DocumentQuestion {
        try decodeQuestion(try await tx.query("""
            UPDATE liaison.document_question SET answer = \(question.answer), answered_at = \(question.answeredAt), answered_by = \(question.answeredBy)
            WHERE office_id = \(question.officeID) AND id = \(question.id)
            RETURNING \(questionColumns)
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> WrittenDocument {
        let kind: WrittenDocument.Kind = try TicketRepository.value(row.decode("kind"), column: "kind")
        let periodStart: LocalDate? = try row.decode("period_start")
        let status: ApprovalFlow.Status = try TicketRepository.value(row.decode("status"), column: "status")
        return WrittenDocument(
            id: try row.decode("id"), officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"), kind: kind,
            period: zip(kind.periodKind, periodStart).map { KPIPeriod($0, containing: $1) }, heldOn: try row.decode("held_on"),
            title: try row.decode("title"), body: try row.decode("body"), financeSection: try row.decode("finance_section"),
            financeWrittenBy: try row.decode("finance_written_by"), state: ApprovalFlow.State(status: status, step: try row.decode("step")),
            submitDeadline: try row.decode("submit_due_on", as: LocalDate?.self).map(Deadline.init(dueOn:)),
            publishDeadline: try row.decode("publish_due_on", as: LocalDate?.self).map(Deadline.init(dueOn:)),
            submittedAt: try row.decode("submitted_at"), publishedAt: try row.decode("published_at"),
            questionsUntil: try row.decode("questions_until"), createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"),
            version: try row.decode("version"))
    }

    static func decodeQuestion(_ row: PostgresRow) throws -> DocumentQuestion {
        DocumentQuestion(
            id: try row.decode("id"), officeID: try row.decode("office_id"), documentID: try row.decode("document_id"),
            askedBy: try row.decode("asked_by"), unit: try row.decode("unit"), question: try row.decode("question"),
            askedAt: try row.decode("asked_at"), answer: try row.decode("answer"), answeredAt: try row.decode("answered_at"),
            answeredBy: try row.decode("answered_by"))
    }
}

/// Optional pairs: both or nothing.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
