import Domain
import Foundation

/// Community culture activities held (`liaison.community_activity`, INF-6) and their quarterly counts.
public enum CommunityActivityRepository {
    private static let columns: SQLQuery = """
        id, office_id, plan_id, title, held_on, place, participants, participant_count, record, evaluation, evaluated_by, evaluated_at,
        created_by, created_at, version
        """

    public static func insert(_ activity: CommunityActivity, in tx: Transaction) async throws -> CommunityActivity {
        try decode(try await tx.query("""
            INSERT INTO liaison.community_activity (office_id, plan_id, title, held_on, place, participants, participant_count, record, created_by,
                                                    created_at)
            VALUES (\(activity.officeID), \(activity.planID), \(activity.title), \(activity.heldOn), \(activity.place), \(activity.participants),
                    \(activity.participantCount), \(activity.record), \(activity.createdBy), \(activity.createdAt))
            RETURNING \(columns)
            """).single())
    }

    public static func update(_ activity: CommunityActivity, in tx: Transaction) async throws -> CommunityActivity {
        try decode(try await tx.query("""
            UPDATE liaison.community_activity SET evaluation = \(activity.evaluation), evaluated_by = \(activity.evaluatedBy),
                evaluated_at = \(activity.evaluatedAt), version = version + 1
            WHERE id = \(activity.id) RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> CommunityActivity? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.community_activity WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` activities after `afterID` in id order.
    public static func list(officeID: Int64?, year: Int?, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [CommunityActivity] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.community_activity
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(year)::integer IS NULL OR extract(year FROM held_on) = \(year))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Every active office the caller sees × the quarters 1…`quarters` of `year`, with the activities held (from
    /// `bi.community_activity_quarterly`; a quarter without a row held none).
    public static func quarterly(year: Int, quarters: Int, in tx: Transaction) async throws -> [(officeID: Int64, officeCode: String, quarter: Int,
                                                                                             activities: Int, documented: Int, evaluated: Int)] {
        try await tx.query("""
            SELECT o.id, o.code, q.quarter, coalesce(a.activities, 0) AS activities, coalesce(a.documented, 0) AS documented,
                   coalesce(a.evaluated, 0) AS evaluated
            FROM liaison.office o CROSS JOIN generate_series(1, \(quarters)) AS q(quarter)
            LEFT JOIN bi.community_activity_quarterly a ON a.office_id = o.id AND a.year = \(year) AND a.quarter = q.quarter
            WHERE o.archived_at IS NULL AND liaison.visible_office(o.id)
            ORDER BY o.code, q.quarter
            """).map { row in
            (try row.decode("id"), try row.decode("code"), try row.decode("quarter"), try row.decode("activities"), try row.decode("documented"),
             try row.decode("evaluated"))
        }
    }

    static func decode(_ row: PostgresRow) throws -> CommunityActivity {
        CommunityActivity(
            id: try row.decode("id"), officeID: try row.decode("office_id"), planID: try row.decode("plan_id"), title: try row.decode("title"),
            heldOn: try row.decode("held_on"), place: try row.decode("place"), participants: try row.decode("participants"),
            participantCount: try row.decode("participant_count"), record: try row.decode("record"), evaluation: try row.decode("evaluation"),
            evaluatedBy: try row.decode("evaluated_by"), evaluatedAt: try row.decode("evaluated_at"), createdBy: try row.decode("created_by"),
            createdAt: try row.decode("created_at"), version: try row.decode("version"))
    }
}
