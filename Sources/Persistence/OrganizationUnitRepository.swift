import Domain
import Foundation

/// Offices (`liaison.office`) and HQ departments (`liaison.department`): the same shape, two tables.
public enum OrganizationUnitRepository {
    static func table(_ kind: OrganizationUnit.Kind) -> SQLIdentifier {
        SQLIdentifier(kind.rawValue)
    }

    /// Up to `limit + 1` units after `afterID`, in id order; archived ones only if asked;
    /// `onlyIDs` narrows to those ids (an office user's own offices).
    public static func list(
        _ kind: OrganizationUnit.Kind, afterID: Int64?, limit: Int, includeArchived: Bool, onlyIDs: [Int64]?, in tx: Transaction
    ) async throws -> [OrganizationUnit] {
        try await tx.query("""
            SELECT id, code, name, name_en, archived_at, version FROM liaison.\(table(kind))
            WHERE id > \(afterID ?? 0) AND (\(includeArchived) OR archived_at IS NULL)
              AND (\(onlyIDs == nil) OR id = ANY (\(onlyIDs ?? [])::bigint[]))
            ORDER BY id LIMIT \(limit + 1)
            """).map { try decode($0, kind) }
    }

    public static func find(_ kind: OrganizationUnit.Kind, id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> OrganizationUnit? {
        try await tx.query("""
            SELECT id, code, name, name_en, archived_at, version FROM liaison.\(table(kind)) WHERE id = \(id)
            \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map { try decode($0, kind) }
    }

    public static func insert(_ kind: OrganizationUnit.Kind, code: String, name: String, nameEn: String, at now: Date, in tx: Transaction) async throws -> OrganizationUnit {
        try decode(try await tx.query("""
            INSERT INTO liaison.\(table(kind)) (code, name, name_en, created_at) VALUES (\(code), \(name), \(nameEn), \(now))
            RETURNING id, code, name, name_en, archived_at, version
            """).single(), kind)
    }

    /// Writes every field and bumps the version.
    public static func update(_ unit: OrganizationUnit, code: String, name: String, nameEn: String, archivedAt: Date?, in tx: Transaction) async throws -> OrganizationUnit {
        try decode(try await tx.query("""
            UPDATE liaison.\(table(unit.kind)) SET code = \(code), name = \(name), name_en = \(nameEn), archived_at = \(archivedAt),
                version = version + 1
            WHERE id = \(unit.id)
            RETURNING id, code, name, name_en, archived_at, version
            """).single(), unit.kind)
    }

    static func decode(_ row: PostgresRow, _ kind: OrganizationUnit.Kind) throws -> OrganizationUnit {
        OrganizationUnit(
            kind: kind, id: try row.decode("id"), code: try row.decode("code"), name: try row.decode("name"),
            nameEn: try row.decode("name_en"), archivedAt: try row.decode("archived_at"), version: try row.decode("version"))
    }
}
