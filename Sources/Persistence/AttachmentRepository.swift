import Domain
import Foundation

/// Files attached to records (`liaison.attachment`). Lists and lookups leave the bytes in the database;
/// `content(id:)` brings them.
public enum AttachmentRepository {
    private static let columns: SQLQuery = """
        id, office_id, subject, subject_id, file_name, media_type, byte_size, sha256, uploaded_by, uploaded_at
        """

    public static func insert(_ attachment: Attachment, content: Data, in tx: Transaction) async throws -> Attachment {
        try decode(try await tx.query("""
            INSERT INTO liaison.attachment (office_id, subject, subject_id, file_name, media_type, byte_size, sha256, content, uploaded_by, uploaded_at)
            VALUES (\(attachment.officeID), \(attachment.subject.rawValue), \(attachment.subjectID), \(attachment.fileName),
                    \(attachment.mediaType.rawValue), \(attachment.byteSize), \(attachment.sha256), \(content), \(attachment.uploadedBy),
                    \(attachment.uploadedAt))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, in tx: Transaction) async throws -> Attachment? {
        try await tx.query("SELECT \(columns) FROM liaison.attachment WHERE id = \(id)").first.map(decode)
    }

    public static func content(id: Int64, in tx: Transaction) async throws -> Data? {
        try await tx.query("SELECT content FROM liaison.attachment WHERE id = \(id)").first?.decode("content")
    }

    /// A record's files in upload order, at most `limit`.
    public static func list(subject: Attachment.Subject, subjectID: Int64, limit: Int, in tx: Transaction) async throws -> [Attachment] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.attachment WHERE subject = \(subject.rawValue) AND subject_id = \(subjectID) ORDER BY id LIMIT \(limit)
            """).map(decode)
    }

    /// How many files a record holds.
    public static func count(subject: Attachment.Subject, subjectID: Int64, in tx: Transaction) async throws -> Int {
        try await tx.query("""
            SELECT count(*) AS n FROM liaison.attachment WHERE subject = \(subject.rawValue) AND subject_id = \(subjectID)
            """).single().decode("n")
    }

    static func decode(_ row: PostgresRow) throws -> Attachment {
        Attachment(
            id: try row.decode("id"), officeID: try row.decode("office_id"),
            subject: try TicketRepository.value(try row.decode("subject"), column: "subject"), subjectID: try row.decode("subject_id"),
            fileName: try row.decode("file_name"), mediaType: try TicketRepository.value(try row.decode("media_type"), column: "media_type"),
            byteSize: try row.decode("byte_size"), sha256: try row.decode("sha256"), uploadedBy: try row.decode("uploaded_by"),
            uploadedAt: try row.decode("uploaded_at"))
    }
}
