import Domain
import Foundation

/// Deviations from the safety observation procedure (`liaison.safety_deviation`, SAF-6).
public enum SafetyDeviationRepository {
    private static let columns: SQLQuery = """
        id, office_id, department_id, clause, deviation, reasons, starts_on, ends_on, approved_by, approved_at
        """

    public static func insert(_ deviation: SafetyDeviation, in tx: Transaction) async throws -> SafetyDeviation {
        try decode(try await tx.query("""
            INSERT INTO liaison.safety_deviation (office_id, department_id, clause, deviation, reasons, starts_on, ends_on, approved_by, approved_at)
            VALUES (\(deviation.unit.officeID), \(deviation.unit.departmentID), \(deviation.clause), \(deviation.deviation), \(deviation.reasons),
                    \(deviation.startsOn), \(deviation.endsOn), \(deviation.approvedBy), \(deviation.approvedAt))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, in tx: Transaction) async throws -> SafetyDeviation? {
        try await tx.query("SELECT \(columns) FROM liaison.safety_deviation WHERE id = \(id)").first.map(decode)
    }

    /// Up to `limit + 1` deviations after `afterID` in id order; `applying` as of `today`.
    public static func list(
        officeID: Int64?, departmentID: Int64?, applying: Bool?, today: LocalDate, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [SafetyDeviation] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.safety_deviation
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID))
              AND (\(departmentID)::bigint IS NULL OR department_id = \(departmentID))
              AND (\(applying)::boolean IS NULL OR (starts_on <= \(today) AND ends_on >= \(today)) = \(applying))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> SafetyDeviation {
        SafetyDeviation(
            id: try row.decode("id"), unit: try SafetyUnit(row: row), clause: try row.decode("clause"), deviation: try row.decode("deviation"),
            reasons: try row.decode("reasons"), startsOn: try row.decode("starts_on"), endsOn: try row.decode("ends_on"),
            approvedBy: try row.decode("approved_by"), approvedAt: try row.decode("approved_at"))
    }
}
