import Domain
import Foundation

/// Outgoing written documents and their archived copies (`liaison.outgoing_document`, EXT-3).
/// Lists leave the file contents in the database; reading one document brings them.
public enum OutgoingDocumentRepository {
    private static let columns: SQLQuery = """
        id, office_id, estate_id, developer_id, recipient, subject, channel, copy_text, copy_file_name, copy_media_type,
        copy_content IS NOT NULL AS has_copy_file, signed_by, signed_at
        """

    public static func insert(_ document: OutgoingDocument, in tx: Transaction) async throws -> OutgoingDocument {
        let file = document.copyFile
        return try decode(try await tx.query("""
            INSERT INTO liaison.outgoing_document (office_id, estate_id, developer_id, recipient, subject, channel, copy_text,
                copy_file_name, copy_media_type, copy_content, signed_by, signed_at)
            VALUES (\(document.officeID), \(document.estateID), \(document.developerID), \(document.recipient), \(document.subject),
                    \(document.channel.rawValue), \(document.copyText), \(file?.name), \(file?.mediaType), \(file?.content),
                    \(document.signedBy), \(document.signedAt))
            RETURNING \(columns), copy_content
            """).single(), withFile: true)
    }

    /// One document; `withFile` also reads the archived file.
    public static func find(id: Int64, withFile: Bool = false, in tx: Transaction) async throws -> OutgoingDocument? {
        try await tx.query("""
            SELECT \(columns) \(unescaped: withFile ? ", copy_content" : "") FROM liaison.outgoing_document WHERE id = \(id)
            """).first.map { try decode($0, withFile: withFile) }
    }

    /// Up to `limit + 1` documents after `afterID` in id order, without file contents.
    public static func list(officeID: Int64?, estateID: Int64?, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [OutgoingDocument] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.outgoing_document
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(estateID)::bigint IS NULL OR estate_id = \(estateID))
            ORDER BY id LIMIT \(limit + 1)
            """).map { try decode($0, withFile: false) }
    }

    static func decode(_ row: PostgresRow, withFile: Bool) throws -> OutgoingDocument {
        let hasFile: Bool = try row.decode("has_copy_file")
        var file: OutgoingDocument.ArchivedFile?
        if withFile, hasFile, let name: String = try row.decode("copy_file_name"), let type: String = try row.decode("copy_media_type") {
            file = OutgoingDocument.ArchivedFile(name: name, mediaType: type, content: try row.decode("copy_content"))
        }
        return OutgoingDocument(
            id: try row.decode("id"), officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"),
            developerID: try row.decode("developer_id"), recipient: try row.decode("recipient"), subject: try row.decode("subject"),
            channel: try TicketRepository.value(row.decode("channel"), column: "channel"), copyText: try row.decode("copy_text"),
            copyFile: file, hasCopyFile: hasFile, signedBy: try row.decode("signed_by"), signedAt: try row.decode("signed_at"))
    }
}
