import Domain
import Foundation

/// The audit trail (`audit.event`): appended in the transaction of the mutation it records.
public enum AuditRepository {
    /// Appends one row.
    public static func record(
        _ entry: AuditEntry, actorUserID: Int64?, actorUsername: String, requestID: String?, at now: Date, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            INSERT INTO audit.event (at, actor_user_id, actor_username, action, entity_type, entity_id, office_id, changes, request_id)
            VALUES (\(now), \(actorUserID), \(actorUsername), \(entry.action), \(entry.entityType), \(entry.entityID),
                    \(entry.officeID), \(PostgresJSON(entry.changes)), \(requestID))
            """)
    }
}
