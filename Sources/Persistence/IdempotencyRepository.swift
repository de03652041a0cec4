import Domain
import Foundation

/// Idempotency keys of ticket creation (`liaison.idempotency_key`), per user.
public enum IdempotencyRepository {
    public struct Record: Sendable {
        public let requestHash: Data
        public let response: Ticket
    }

    /// Takes the key's transaction-scoped advisory lock; false when another transaction holds it
    /// (the first request with this key is still running).
    public static func tryLock(userID: Int64, key: String, in tx: Transaction) async throws -> Bool {
        try await tx.query("""
            SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency:' || \(userID)::text || ':' || \(key), 0)) AS locked
            """).single().decode("locked")
    }

    /// Forgets the user's key if it was stored before `cutoff` (an expired key is a new key).
    public static func expire(userID: Int64, key: String, storedBefore cutoff: Date, in tx: Transaction) async throws {
        try await tx.execute("""
            DELETE FROM liaison.idempotency_key WHERE user_id = \(userID) AND key = \(key) AND created_at < \(cutoff)
            """)
    }

    /// Deletes up to `limit` keys stored before `cutoff`, oldest first; how many.
    @discardableResult
    public static func purge(storedBefore cutoff: Date, limit: Int, in tx: Transaction) async throws -> Int {
        try await tx.execute("""
            DELETE FROM liaison.idempotency_key WHERE (user_id, key) IN (
                SELECT user_id, key FROM liaison.idempotency_key WHERE created_at < \(cutoff)
                ORDER BY created_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            """)
    }

    public static func find(userID: Int64, key: String, in tx: Transaction) async throws -> Record? {
        try await tx.query("""
            SELECT request_hash, response FROM liaison.idempotency_key WHERE user_id = \(userID) AND key = \(key)
            """).first.map { row in
            Record(requestHash: try row.decode("request_hash"), response: try row.decode("response", as: PostgresJSON<Ticket>.self).value)
        }
    }

    public static func insert(
        userID: Int64, key: String, requestHash: Data, response: Ticket, at now: Date, in tx: Transaction
    ) async throws {
        // Queued: written last, it goes with COMMIT (issue 7).
        try tx.enqueue("""
            INSERT INTO liaison.idempotency_key (user_id, key, request_hash, office_id, ticket_id, response, created_at)
            VALUES (\(userID), \(key), \(requestHash), \(response.officeID), \(response.id), \(PostgresJSON(response)), \(now))
            """)
    }
}
