import Domain
import Foundation

/// An office's responsibility table (`liaison.responsibility`, ORG-7), under row-level security.
public enum ResponsibilityRepository {
    public static func list(officeID: Int64, in tx: Transaction) async throws -> [Responsibility] {
        try await tx.query("""
            SELECT office_id, category, team, default_user_id, version FROM liaison.responsibility
            WHERE office_id = \(officeID) ORDER BY category
            """).map(decode)
    }

    public static func find(officeID: Int64, category: TicketCategory, forUpdate: Bool = false, in tx: Transaction) async throws -> Responsibility? {
        try await tx.query("""
            SELECT office_id, category, team, default_user_id, version FROM liaison.responsibility
            WHERE office_id = \(officeID) AND category = \(category.rawValue) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Inserts or replaces the row of a category, bumping its version.
    public static func upsert(
        officeID: Int64, category: TicketCategory, team: OfficeTeam, defaultUserID: Int64?, at now: Date, in tx: Transaction
    ) async throws -> Responsibility {
        try decode(try await tx.query("""
            INSERT INTO liaison.responsibility (office_id, category, team, default_user_id, updated_at)
            VALUES (\(officeID), \(category.rawValue), \(team.rawValue), \(defaultUserID), \(now))
            ON CONFLICT (office_id, category) DO UPDATE
                SET team = excluded.team, default_user_id = excluded.default_user_id,
                    version = liaison.responsibility.version + 1, updated_at = excluded.updated_at
            RETURNING office_id, category, team, default_user_id, version
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> Responsibility {
        let categoryText: String = try row.decode("category"), teamText: String = try row.decode("team")
        guard let category = TicketCategory(rawValue: categoryText), let team = OfficeTeam(rawValue: teamText) else {
            throw PersistenceError(kind: .decoding, message: "unknown category \(categoryText) or team \(teamText)")
        }
        return Responsibility(
            officeID: try row.decode("office_id"), category: category, team: team,
            defaultUserID: try row.decode("default_user_id"), version: try row.decode("version"))
    }
}
