import Domain
import Foundation

/// Yearly community culture activity plans, their items and decisions (`liaison.activity_plan*`, INF-6).
public enum ActivityPlanRepository {
    private static let columns: SQLQuery = """
        id, office_id, year, company_plan_id, title, body, status, step, submitted_at, published_at, created_by, created_at, version
        """
    private static let log = ApprovalDecisionLog(table: "activity_plan_decision", key: "plan_id")

    public static func insert(_ plan: ActivityPlan, in tx: Transaction) async throws -> ActivityPlan {
        let row = try await tx.query("""
            INSERT INTO liaison.activity_plan (office_id, year, company_plan_id, title, body, created_by, created_at)
            VALUES (\(plan.officeID), \(plan.year), \(plan.companyPlanID), \(plan.title), \(plan.body), \(plan.createdBy), \(plan.createdAt))
            RETURNING \(columns)
            """).single()
        try await replaceItems(planID: try row.decode("id"), officeID: plan.officeID, items: plan.items, in: tx)
        return try await decode(row, in: tx)
    }

    /// Saves the plan (its items too) and bumps the version.
    public static func update(_ plan: ActivityPlan, in tx: Transaction) async throws -> ActivityPlan {
        let row = try await tx.query("""
            UPDATE liaison.activity_plan SET title = \(plan.title), body = \(plan.body), status = \(plan.state.status.rawValue), step = \(plan.state.step),
                submitted_at = \(plan.submittedAt), published_at = \(plan.publishedAt), version = version + 1
            WHERE id = \(plan.id) RETURNING \(columns)
            """).single()
        try await replaceItems(planID: plan.id, officeID: plan.officeID, items: plan.items, in: tx)
        return try await decode(row, in: tx)
    }

    private static func replaceItems(planID: Int64, officeID: Int64?, items: [ActivityPlan.Item], in tx: Transaction) async throws {
        try await tx.execute("DELETE FROM liaison.activity_plan_item WHERE plan_id = \(planID)")
        guard !items.isEmpty else { return }
        try await tx.execute("""
            INSERT INTO liaison.activity_plan_item (plan_id, office_id, position, quarter, theme)
            SELECT \(planID), \(officeID), position, q, t
            FROM unnest(\(items.map(\.quarter))::integer[], \(items.map(\.theme))::text[]) WITH ORDINALITY AS i(q, t, position)
            """)
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> ActivityPlan? {
        guard let row = try await tx.query("""
            SELECT \(columns) FROM liaison.activity_plan WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first
        else { return nil }
        return try await decode(row, in: tx)
    }

    /// The plan of an office (nil: the company) for a year.
    public static func find(officeID: Int64?, year: Int, in tx: Transaction) async throws -> ActivityPlan? {
        guard let row = try await tx.query("""
            SELECT \(columns) FROM liaison.activity_plan WHERE office_id IS NOT DISTINCT FROM \(officeID) AND year = \(year)
            """).first
        else { return nil }
        return try await decode(row, in: tx)
    }

    /// Up to `limit + 1` plans after `afterID` in id order; `officeID` keeps that office's and the company's.
    public static func list(officeID: Int64?, year: Int?, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [ActivityPlan] {
        var plans: [ActivityPlan] = []
        for row in try await tx.query("""
            SELECT \(columns) FROM liaison.activity_plan
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID) OR office_id IS NULL)
              AND (\(year)::integer IS NULL OR year = \(year))
            ORDER BY id LIMIT \(limit + 1)
            """) {
            plans.append(try await decode(row, in: tx))
        }
        return plans
    }

    public static func appendDecision(
        to plan: ActivityPlan, decision: ApprovalFlow.Decision, step: String?, from: ApprovalFlow.Status, actorID: Int64, comment: String?,
        at now: Date, in tx: Transaction
    ) async throws {
        try await log.append(
            recordID: plan.id, officeID: plan.officeID, decision: decision, step: step, from: from, to: plan.state.status, actorID: actorID,
            comment: comment, at: now, in: tx)
    }

    public static func decisions(of planID: Int64, in tx: Transaction) async throws -> [DocumentDecision] {
        try await log.decisions(recordID: planID, in: tx)
    }

    static func decode(_ row: PostgresRow, in tx: Transaction) async throws -> ActivityPlan {
        let id: Int64 = try row.decode("id")
        let items = try await tx.query("""
            SELECT quarter, theme FROM liaison.activity_plan_item WHERE plan_id = \(id) ORDER BY position
            """).map { ActivityPlan.Item(quarter: try $0.decode("quarter"), theme: try $0.decode("theme")) }
        return ActivityPlan(
            id: id, officeID: try row.decode("office_id"), year: try row.decode("year"), companyPlanID: try row.decode("company_plan_id"),
            title: try row.decode("title"), body: try row.decode("body"), items: items,
            state: ApprovalFlow.State(status: try TicketRepository.value(try row.decode("status"), column: "status"), step: try row.decode("step")),
            submittedAt: try row.decode("submitted_at"), publishedAt: try row.decode("published_at"), createdBy: try row.decode("created_by"),
            createdAt: try row.decode("created_at"), version: try row.decode("version"))
    }
}
