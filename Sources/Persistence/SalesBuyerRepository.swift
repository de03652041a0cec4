import Domain
import Foundation

/// Buyers kept by the sales offices (`liaison.sales_buyer`, SAL-1).
public enum SalesBuyerRepository {
    private static let columns: SQLQuery = "id, office_id, name, phone, note, created_by, created_at, version"

    public static func insert(_ buyer: SalesBuyer, in tx: Transaction) async throws -> SalesBuyer {
        try decode(try await tx.query("""
            INSERT INTO liaison.sales_buyer (office_id, name, phone, note, created_by, created_at)
            VALUES (\(buyer.officeID), \(buyer.name), \(buyer.phone), \(buyer.note), \(buyer.createdBy), \(buyer.createdAt))
            RETURNING \(columns)
            """).single())
    }

    /// Saves the name, phone and note and bumps the version.
    public static func update(_ buyer: SalesBuyer, in tx: Transaction) async throws -> SalesBuyer {
        try decode(try await tx.query("""
            UPDATE liaison.sales_buyer SET name = \(buyer.name), phone = \(buyer.phone), note = \(buyer.note), version = version + 1
            WHERE id = \(buyer.id) RETURNING \(columns)
            """).single())
    }

    /// The buyer, locked for a change when `forUpdate`.
    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> SalesBuyer? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.sales_buyer WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` buyers after `afterID` in id order; `search` matches a part of the name or phone.
    public static func list(officeID: Int64?, search: String?, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [SalesBuyer] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.sales_buyer
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(search)::text IS NULL OR strpos(name, \(search)) > 0 OR strpos(phone, \(search)) > 0)
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> SalesBuyer {
        SalesBuyer(
            id: try row.decode("id"), officeID: try row.decode("office_id"), name: try row.decode("name"), phone: try row.decode("phone"),
            note: try row.decode("note"), createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"),
            version: try row.decode("version"))
    }
}
