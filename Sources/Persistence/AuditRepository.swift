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

    /// Up to `limit + 1` rows, newest first, before the row `beforeID`.
    public static func list(_ filter: AuditFilter, beforeID: Int64?, limit: Int, in tx: Transaction) async throws -> [AuditEvent] {
        try await tx.query("""
            SELECT id, at, actor_user_id, actor_username, action, entity_type, entity_id, office_id, changes, request_id
            FROM audit.event
            WHERE (\(beforeID)::bigint IS NULL OR id < \(beforeID))
              AND (\(filter.entityType)::text IS NULL OR entity_type = \(filter.entityType))
              AND (\(filter.entityID)::text IS NULL OR entity_id = \(filter.entityID))
              AND (\(filter.actorUserID)::bigint IS NULL OR actor_user_id = \(filter.actorUserID))
              AND (\(filter.officeID)::bigint IS NULL OR office_id = \(filter.officeID))
              AND (\(filter.from)::timestamptz IS NULL OR at >= \(filter.from))
              AND (\(filter.to)::timestamptz IS NULL OR at < \(filter.to))
            ORDER BY id DESC LIMIT \(limit + 1)
            """).map { row in
            AuditEvent(
                id: try row.decode("id"), at: try row.decode("at"), actorUserID: try row.decode("actor_user_id"),
                actorUsername: try row.decode("actor_username"),
                entry: AuditEntry(
                    action: try row.decode("action"), entityType: try row.decode("entity_type"), entityID: try row.decode("entity_id"),
                    officeID: try row.decode("office_id"),
                    changes: try row.decode("changes", as: PostgresJSON<[String: AuditEntry.FieldChange]>.self).value),
                requestID: try row.decode("request_id"))
        }
    }
}
