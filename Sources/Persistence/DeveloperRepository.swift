import Domain
import Foundation

/// Developers (`liaison.developer`) with their contacts (`liaison.developer_contact`).
public enum DeveloperRepository {
    private static let selectDeveloper: SQLQuery = """
        SELECT d.id, d.name, d.note, d.archived_at, d.version,
               coalesce((SELECT array_agg(c.name ORDER BY c.position) FROM liaison.developer_contact c WHERE c.developer_id = d.id), '{}') AS contact_names,
               coalesce((SELECT array_agg(c.title ORDER BY c.position) FROM liaison.developer_contact c WHERE c.developer_id = d.id), '{}') AS contact_titles,
               coalesce((SELECT array_agg(c.phone ORDER BY c.position) FROM liaison.developer_contact c WHERE c.developer_id = d.id), '{}') AS contact_phones,
               coalesce((SELECT array_agg(c.email ORDER BY c.position) FROM liaison.developer_contact c WHERE c.developer_id = d.id), '{}') AS contact_emails
        FROM liaison.developer d
        """

    public static func list(text: String?, includeArchived: Bool, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [Developer] {
        let pattern = text.map { "%" + EstateRepository.escapeLike($0) + "%" }
        return try await tx.query("""
            \(selectDeveloper)
            WHERE d.id > \(afterID ?? 0) AND (\(includeArchived) OR d.archived_at IS NULL)
              AND (\(pattern)::text IS NULL OR d.name ILIKE \(pattern))
            ORDER BY d.id LIMIT \(limit + 1)
            """).map(decode)
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> Developer? {
        if forUpdate {
            guard try await tx.query("SELECT 1 FROM liaison.developer WHERE id = \(id) FOR UPDATE").first != nil else { return nil }
        }
        return try await tx.query("\(selectDeveloper) WHERE d.id = \(id)").first.map(decode)
    }

    public static func insert(name: String, note: String, at now: Date, in tx: Transaction) async throws -> Int64 {
        try await tx.query("""
            INSERT INTO liaison.developer (name, note, created_at) VALUES (\(name), \(note), \(now)) RETURNING id
            """).single().decode("id")
    }

    public static func update(id: Int64, name: String, note: String, archivedAt: Date?, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.developer SET name = \(name), note = \(note), archived_at = \(archivedAt), version = version + 1 WHERE id = \(id)
            """)
    }

    /// Replaces the contacts, keeping their order.
    public static func replaceContacts(developerID: Int64, _ contacts: [Developer.Contact], in tx: Transaction) async throws {
        try await tx.execute("DELETE FROM liaison.developer_contact WHERE developer_id = \(developerID)")
        guard !contacts.isEmpty else { return }
        try await tx.execute("""
            INSERT INTO liaison.developer_contact (developer_id, position, name, title, phone, email)
            SELECT \(developerID), position - 1, name, title, phone, email
            FROM unnest(\(contacts.map(\.name))::text[], \(contacts.map(\.title))::text[], \(contacts.map(\.phone))::text[],
                        \(contacts.map(\.email))::text[]) WITH ORDINALITY AS t(name, title, phone, email, position)
            """)
    }

    static func decode(_ row: PostgresRow) throws -> Developer {
        let names: [String] = try row.decode("contact_names"), titles: [String] = try row.decode("contact_titles")
        let phones: [String] = try row.decode("contact_phones"), emails: [String] = try row.decode("contact_emails")
        let contacts = names.indices.map { Developer.Contact(name: names[$0], title: titles[$0], phone: phones[$0], email: emails[$0]) }
        return Developer(
            id: try row.decode("id"), name: try row.decode("name"), note: try row.decode("note"), contacts: contacts,
            archivedAt: try row.decode("archived_at"), version: try row.decode("version"))
    }
}
