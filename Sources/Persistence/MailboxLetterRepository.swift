import Domain
import Foundation

/// The president's mailbox (`liaison.mailbox_letter`, INF-7). Company-level, not row-secured (sql/0041): Services
/// decide who reads a letter.
public enum MailboxLetterRepository {
    private static let columns: SQLQuery = """
        id, submitted_by, category, subject, body, submitted_at, \(LeadershipAnswer.columns), version
        """

    /// Inserts a letter: named (`letter.submittedBy`) or anonymous with the digest of its receipt key.
    public static func insert(_ letter: MailboxLetter, receiptDigest: Data?, in tx: Transaction) async throws -> MailboxLetter {
        try decode(try await tx.query("""
            INSERT INTO liaison.mailbox_letter (submitted_by, receipt_digest, category, subject, body, submitted_at)
            VALUES (\(letter.submittedBy), \(receiptDigest), \(letter.category.rawValue), \(letter.subject), \(letter.body), \(letter.submittedAt))
            RETURNING \(columns)
            """).single())
    }

    public static func update(_ letter: MailboxLetter, in tx: Transaction) async throws -> MailboxLetter {
        try decode(try await tx.query("""
            UPDATE liaison.mailbox_letter SET \(LeadershipAnswer.assignments(letter.answer)), version = version + 1
            WHERE id = \(letter.id) RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> MailboxLetter? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.mailbox_letter WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// The anonymous letter a receipt key's digest opens, if any.
    public static func find(receiptDigest: Data, in tx: Transaction) async throws -> MailboxLetter? {
        try await tx.query("SELECT \(columns) FROM liaison.mailbox_letter WHERE receipt_digest = \(receiptDigest)").first.map(decode)
    }

    /// Up to `limit + 1` letters after `afterID` in id order: `submittedBy` keeps one writer's named letters.
    public static func list(
        submittedBy: Int64?, answered: Bool?, category: MailboxLetter.Category?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [MailboxLetter] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.mailbox_letter
            WHERE id > \(afterID ?? 0) AND (\(submittedBy)::bigint IS NULL OR submitted_by = \(submittedBy))
              AND (\(answered)::boolean IS NULL OR (answered_at IS NOT NULL) = \(answered))
              AND (\(category?.rawValue)::text IS NULL OR category = \(category?.rawValue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> MailboxLetter {
        MailboxLetter(
            id: try row.decode("id"), submittedBy: try row.decode("submitted_by"), category: try TicketRepository.value(try row.decode("category"), column: "category"),
            subject: try row.decode("subject"), body: try row.decode("body"), submittedAt: try row.decode("submitted_at"),
            answer: try LeadershipAnswer.decode(row), version: try row.decode("version"))
    }
}
