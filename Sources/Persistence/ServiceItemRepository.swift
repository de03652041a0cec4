import Domain
import Foundation

/// The service guide and price list (`liaison.service_item`, INF-5).
public enum ServiceItemRepository {
    private static let columns: SQLQuery = """
        id, office_id, code, name, category, unit, price, service_hours, phone, description, archived_at, version
        """

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> ServiceItem? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.service_item WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` items after `afterID` in id order. With an office: the list in force there, the office's
    /// items replacing the company's of the same code (an archived office item hides nothing); without: the company's.
    public static func list(
        officeID: Int64?, category: TicketCategory?, includeArchived: Bool, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [ServiceItem] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.service_item i
            WHERE (i.office_id IS NULL OR i.office_id = \(officeID))
              AND (i.office_id IS NOT NULL OR NOT EXISTS (
                       SELECT 1 FROM liaison.service_item o
                       WHERE o.office_id = \(officeID) AND o.code = i.code AND o.archived_at IS NULL))
              AND (\(includeArchived) OR i.archived_at IS NULL)
              AND (\(category?.rawValue)::text IS NULL OR i.category = \(category?.rawValue))
              AND i.id > \(afterID ?? 0)
            ORDER BY i.id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// The active item of this code in force for the office: its own, else the company's.
    public static func inForce(id: Int64, officeID: Int64, in tx: Transaction) async throws -> ServiceItem? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.service_item i
            WHERE i.id = \(id) AND i.archived_at IS NULL AND (i.office_id = \(officeID) OR (i.office_id IS NULL AND NOT EXISTS (
                SELECT 1 FROM liaison.service_item o
                WHERE o.office_id = \(officeID) AND o.code = i.code AND o.archived_at IS NULL)))
            """).first.map(decode)
    }

    public static func insert(_ item: ServiceItem, at now: Date, in tx: Transaction) async throws -> ServiceItem {
        try decode(try await tx.query("""
            INSERT INTO liaison.service_item
                (office_id, code, name, category, unit, price, service_hours, phone, description, created_at, updated_at)
            VALUES (\(item.officeID), \(item.code), \(item.name), \(item.category?.rawValue), \(item.unit), \(item.price),
                    \(item.serviceHours), \(item.phone), \(item.description), \(now), \(now))
            RETURNING \(columns)
            """).single())
    }

    /// Writes every mutable field and bumps the version.
    public static func update(_ item: ServiceItem, at now: Date, in tx: Transaction) async throws -> ServiceItem {
        try decode(try await tx.query("""
            UPDATE liaison.service_item SET name = \(item.name), category = \(item.category?.rawValue), unit = \(item.unit),
                price = \(item.price), service_hours = \(item.serviceHours), phone = \(item.phone),
                description = \(item.description), archived_at = \(item.archivedAt), updated_at = \(now), version = version + 1
            WHERE id = \(item.id) RETURNING \(columns)
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> ServiceItem {
        ServiceItem(
            id: try row.decode("id"), officeID: try row.decode("office_id"), code: try row.decode("code"), name: try row.decode("name"),
            category: try row.decode("category", as: String?.self).map { try TicketRepository.value($0, column: "category") },
            unit: try row.decode("unit"), price: try row.decode("price"), serviceHours: try row.decode("service_hours"),
            phone: try row.decode("phone"), description: try row.decode("description"), archivedAt: try row.decode("archived_at"),
            version: try row.decode("version"))
    }
}
