import Domain
import Foundation

/// What consulting projects hand to the developer, and the returned receipts
/// (`liaison.consulting_deliverable`, EXT-7).
public enum ConsultingDeliverableRepository {
    private static let columns: SQLQuery = """
        id, project_id, kind, title, delivered_on, delivered_by, recorded_at, receipt_on, receipt_by, feedback_rating, feedback,
        receipt_recorded_by, version
        """

    public static func insert(_ deliverable: ConsultingDeliverable, in tx: Transaction) async throws -> ConsultingDeliverable {
        try decode(try await tx.query("""
            INSERT INTO liaison.consulting_deliverable (project_id, kind, title, delivered_on, delivered_by, recorded_at)
            VALUES (\(deliverable.projectID), \(deliverable.kind.rawValue), \(deliverable.title), \(deliverable.deliveredOn),
                    \(deliverable.deliveredBy), \(deliverable.recordedAt))
            RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> ConsultingDeliverable? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.consulting_deliverable WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Up to `limit + 1` deliverables of the project after `afterID` in id order.
    public static func list(
        projectID: Int64, kind: ConsultingDeliverable.Kind?, receipted: Bool?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [ConsultingDeliverable] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.consulting_deliverable
            WHERE project_id = \(projectID) AND id > \(afterID ?? 0)
              AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
              AND (\(receipted)::boolean IS NULL OR (receipt_on IS NOT NULL) = \(receipted))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// Writes the receipt and bumps the version.
    public static func saveReceipt(_ deliverable: ConsultingDeliverable, in tx: Transaction) async throws -> ConsultingDeliverable {
        let receipt = deliverable.receipt
        return try decode(try await tx.query("""
            UPDATE liaison.consulting_deliverable SET receipt_on = \(receipt?.receivedOn), receipt_by = \(receipt?.receivedBy),
                feedback_rating = \(receipt?.rating), feedback = \(receipt?.feedback), receipt_recorded_by = \(receipt?.recordedBy),
                version = version + 1
            WHERE id = \(deliverable.id)
            RETURNING \(columns)
            """).single())
    }

    static func decode(_ row: PostgresRow) throws -> ConsultingDeliverable {
        let receipt: ConsultingDeliverable.Receipt?
        if let receivedOn = try row.decode("receipt_on", as: LocalDate?.self) {
            receipt = .init(
                receivedOn: receivedOn, receivedBy: try row.decode("receipt_by"), rating: try row.decode("feedback_rating"),
                feedback: try row.decode("feedback"), recordedBy: try row.decode("receipt_recorded_by"))
        } else {
            receipt = nil
        }
        return ConsultingDeliverable(
            id: try row.decode("id"), projectID: try row.decode("project_id"), kind: try TicketRepository.value(row.decode("kind"), column: "kind"),
            title: try row.decode("title"), deliveredOn: try row.decode("delivered_on"), deliveredBy: try row.decode("delivered_by"),
            recordedAt: try row.decode("recorded_at"), receipt: receipt, version: try row.decode("version"))
    }
}
