import Domain
import Foundation

/// Needs written in the staff-needs census (`liaison.staff_need`, INF-7); row-secured by the writer's office (sql/0041).
public enum StaffNeedRepository {
    private static let columns: SQLQuery = """
        id, census_id, office_id, submitted_by, submitted_at, category, content, \(LeadershipAnswer.columns), version
        """

    public static func insert(_ need: StaffNeed, in tx: Transaction) async throws -> StaffNeed {
        try decode(try await tx.query("""
            INSERT INTO liaison.staff_need (census_id, office_id, submitted_by, submitted_at, category, content)
            VALUES (\(need.censusID), \(need.officeID), \(need.submittedBy), \(need.submittedAt), \(need.category.rawValue), \(need.content))
            RETURNING \(columns)
            """).single())
    }

    public static func update(_ need: StaffNeed, in tx: Transaction) async throws -> StaffNeed {
        try decode(try await tx.query("""
            UPDATE liaison.staff_need SET \(LeadershipAnswer.assignments(need.answer)), version = version + 1
            WHERE id = \(need.id) RETURNING \(columns)
            """).single())
    }

    /// The census's needs with these ids, locked for an answer, in id order.
    public static func find(censusID: Int64, ids: [Int64], in tx: Transaction) async throws -> [StaffNeed] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.staff_need WHERE census_id = \(censusID) AND id = ANY(\(ids)) ORDER BY id FOR UPDATE
            """).map(decode)
    }

    /// How many needs the writer has written in the census.
    public static func count(censusID: Int64, submittedBy: Int64, in tx: Transaction) async throws -> Int {
        try await tx.query("""
            SELECT count(*)::integer AS n FROM liaison.staff_need WHERE census_id = \(censusID) AND submitted_by = \(submittedBy)
            """).single().decode("n")
    }

    /// Up to `limit + 1` of the census's needs after `afterID` in id order, filtered by writer, office, category, answered.
    public static func list(
        censusID: Int64, submittedBy: Int64?, officeID: Int64?, category: StaffNeed.Category?, answered: Bool?, afterID: Int64?, limit: Int,
        in tx: Transaction
    ) async throws -> [StaffNeed] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.staff_need
            WHERE census_id = \(censusID) AND id > \(afterID ?? 0)
              AND (\(submittedBy)::bigint IS NULL OR submitted_by = \(submittedBy))
              AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(category?.rawValue)::text IS NULL OR category = \(category?.rawValue))
              AND (\(answered)::boolean IS NULL OR (answered_at IS NOT NULL) = \(answered))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> StaffNeed {
        StaffNeed(
            id: try row.decode("id"), censusID: try row.decode("census_id"), officeID: try row.decode("office_id"),
            submittedBy: try row.decode("submitted_by"), submittedAt: try row.decode("submitted_at"),
            category: try TicketRepository.value(try row.decode("category"), column: "category"), content: try row.decode("content"),
            answer: try LeadershipAnswer.decode(row), version: try row.decode("version"))
    }
}
