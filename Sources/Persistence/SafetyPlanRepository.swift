import Domain
import Foundation

/// Yearly safety observation plans and their items (`liaison.safety_plan`, `safety_plan_item`; SAF-2).
public enum SafetyPlanRepository {
    private static let columns: SQLQuery = "id, office_id, department_id, year, created_by, created_at, updated_at, version"

    public static func insert(_ plan: SafetyPlan, in tx: Transaction) async throws -> SafetyPlan {
        let row = try await tx.query("""
            INSERT INTO liaison.safety_plan (office_id, department_id, year, created_by, created_at, updated_at)
            VALUES (\(plan.unit.officeID), \(plan.unit.departmentID), \(plan.year), \(plan.createdBy), \(plan.createdAt), \(plan.updatedAt))
            RETURNING \(columns)
            """).single()
        return try await saveItems(plan.items, of: try decode(row, items: []), in: tx)
    }

    /// Replaces the plan's items and bumps its version.
    public static func update(_ plan: SafetyPlan, in tx: Transaction) async throws -> SafetyPlan {
        let row = try await tx.query("""
            UPDATE liaison.safety_plan SET updated_at = \(plan.updatedAt), version = version + 1 WHERE id = \(plan.id) RETURNING \(columns)
            """).single()
        try await tx.execute("DELETE FROM liaison.safety_plan_item WHERE plan_id = \(plan.id)")
        return try await saveItems(plan.items, of: try decode(row, items: []), in: tx)
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> SafetyPlan? {
        guard let row = try await tx.query("""
            SELECT \(columns) FROM liaison.safety_plan WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first
        else { return nil }
        return try decode(row, items: try await items(of: id, in: tx))
    }

    /// The unit's plans (one a year), newest year first, without their items.
    public static func list(of unit: SafetyUnit, year: Int?, in tx: Transaction) async throws -> [SafetyPlan] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.safety_plan
            WHERE office_id IS NOT DISTINCT FROM \(unit.officeID) AND department_id IS NOT DISTINCT FROM \(unit.departmentID)
              AND (\(year)::integer IS NULL OR year = \(year))
            ORDER BY year DESC LIMIT 100
            """).map { try decode($0, items: []) }
    }

    private static func saveItems(_ items: [SafetyPlan.Item], of plan: SafetyPlan, in tx: Transaction) async throws -> SafetyPlan {
        for (index, item) in items.enumerated() {
            try await tx.execute("""
                INSERT INTO liaison.safety_plan_item (plan_id, office_id, position, month, area_id, time_slot_id, shift_id, team_id)
                VALUES (\(plan.id), \(plan.unit.officeID), \(index + 1), \(item.month), \(item.areaID), \(item.timeSlotID), \(item.shiftID), \(item.teamID))
                """)
        }
        var saved = plan
        saved.items = items
        return saved
    }

    private static func items(of planID: Int64, in tx: Transaction) async throws -> [SafetyPlan.Item] {
        try await tx.query("""
            SELECT month, area_id, time_slot_id, shift_id, team_id FROM liaison.safety_plan_item WHERE plan_id = \(planID) ORDER BY position
            """).map {
            SafetyPlan.Item(
                month: try $0.decode("month"), areaID: try $0.decode("area_id"), timeSlotID: try $0.decode("time_slot_id"),
                shiftID: try $0.decode("shift_id"), teamID: try $0.decode("team_id"))
        }
    }

    static func decode(_ row: PostgresRow, items: [SafetyPlan.Item]) throws -> SafetyPlan {
        SafetyPlan(
            id: try row.decode("id"), unit: try SafetyUnit(row: row), year: try row.decode("year"), items: items,
            createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"),
            version: try row.decode("version"))
    }
}
