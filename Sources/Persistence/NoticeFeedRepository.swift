import Foundation

/// The public notice feeds of estates (`liaison.notice_feed`, INF-4): the SHA-256 of each feed's key.
/// Not row-secured: a key is resolved before any actor scope exists (see sql/0035).
public enum NoticeFeedRepository {
    public struct Feed: Sendable, Hashable {
        public let officeID: Int64
        public let estateID: Int64
        public let issuedBy: Int64
        public let issuedAt: Date
    }

    /// Issues the estate's feed key, replacing any earlier one (which stops working at once).
    public static func issue(officeID: Int64, estateID: Int64, keyDigest: Data, by userID: Int64, at now: Date, in tx: Transaction) async throws -> Feed {
        try decode(try await tx.query("""
            INSERT INTO liaison.notice_feed (office_id, estate_id, key_digest, issued_by, issued_at)
            VALUES (\(officeID), \(estateID), \(keyDigest), \(userID), \(now))
            ON CONFLICT (office_id, estate_id) DO UPDATE SET key_digest = EXCLUDED.key_digest, issued_by = EXCLUDED.issued_by,
                issued_at = EXCLUDED.issued_at
            RETURNING office_id, estate_id, issued_by, issued_at
            """).single())
    }

    /// Removes the estate's feed; nil if it had none.
    public static func revoke(officeID: Int64, estateID: Int64, in tx: Transaction) async throws -> Feed? {
        try await tx.query("""
            DELETE FROM liaison.notice_feed WHERE office_id = \(officeID) AND estate_id = \(estateID)
            RETURNING office_id, estate_id, issued_by, issued_at
            """).first.map(decode)
    }

    public static func find(officeID: Int64, estateID: Int64, in tx: Transaction) async throws -> Feed? {
        try await tx.query("""
            SELECT office_id, estate_id, issued_by, issued_at FROM liaison.notice_feed WHERE office_id = \(officeID) AND estate_id = \(estateID)
            """).first.map(decode)
    }

    /// The feed a key's digest opens, if any.
    public static func resolve(keyDigest: Data, in tx: Transaction) async throws -> Feed? {
        try await tx.query("""
            SELECT office_id, estate_id, issued_by, issued_at FROM liaison.notice_feed WHERE key_digest = \(keyDigest)
            """).first.map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> Feed {
        Feed(officeID: try row.decode("office_id"), estateID: try row.decode("estate_id"), issuedBy: try row.decode("issued_by"),
             issuedAt: try row.decode("issued_at"))
    }
}
