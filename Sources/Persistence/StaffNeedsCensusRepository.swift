import Domain
import Foundation

/// The yearly staff-needs censuses (`liaison.staff_needs_census`, INF-7) and how far their needs are answered.
public enum StaffNeedsCensusRepository {
    private static let columns: SQLQuery = "id, year, title, opens_on, closes_on, opened_by, opened_at, version"

    public static func insert(_ census: StaffNeedsCensus, in tx: Transaction) async throws -> StaffNeedsCensus {
        try decode(try await tx.query("""
            INSERT INTO liaison.staff_needs_census (year, title, opens_on, closes_on, opened_by, opened_at)
            VALUES (\(census.year), \(census.title), \(census.opensOn), \(census.closesOn), \(census.openedBy), \(census.openedAt))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, in tx: Transaction) async throws -> StaffNeedsCensus? {
        try await tx.query("SELECT \(columns) FROM liaison.staff_needs_census WHERE id = \(id)").first.map(decode)
    }

    /// The censuses, newest year first: one a year, so the latest 100 are a century.
    public static func list(in tx: Transaction) async throws -> [StaffNeedsCensus] {
        try await tx.query("SELECT \(columns) FROM liaison.staff_needs_census ORDER BY year DESC LIMIT 100").map(decode)
    }

    /// Needs written and answered per category (every category, zeros included), counting the rows the caller sees.
    public static func progress(censusID: Int64, in tx: Transaction) async throws -> StaffNeedsCensus.Progress {
        let counts = try await tx.query("""
            SELECT category, count(*)::integer AS needs, count(answered_at)::integer AS answered
            FROM liaison.staff_need WHERE census_id = \(censusID) GROUP BY category
            """).reduce(into: [String: (Int, Int)]()) { counts, row in
            counts[try row.decode("category")] = (try row.decode("needs"), try row.decode("answered"))
        }
        return StaffNeedsCensus.Progress(byCategory: StaffNeed.Category.allCases.map { category in
            let (needs, answered) = counts[category.rawValue] ?? (0, 0)
            return .init(category: category, needs: needs, answered: answered)
        })
    }

    static func decode(_ row: PostgresRow) throws -> StaffNeedsCensus {
        StaffNeedsCensus(
            id: try row.decode("id"), year: try row.decode("year"), title: try row.decode("title"), opensOn: try row.decode("opens_on"),
            closesOn: try row.decode("closes_on"), openedBy: try row.decode("opened_by"), openedAt: try row.decode("opened_at"),
            version: try row.decode("version"))
    }
}
