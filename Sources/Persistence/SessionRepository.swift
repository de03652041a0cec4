import Domain
import Foundation

/// Bearer sessions (`liaison.session`), looked up by the SHA-256 of the token.
public enum SessionRepository {
    /// What a token hash stands for at a given time.
    public enum Lookup: Sendable, Equatable {
        case active(sessionID: Int64, user: StaffUser)
        case expired
        case revoked
        case userDisabled
        case unknown
    }

    public static func insert(
        tokenHash: Data, userID: Int64, createdAt: Date, expiresAt: Date, clientAddress: String, in tx: Transaction
    ) async throws -> Int64 {
        try await tx.query("""
            INSERT INTO liaison.session (token_hash, user_id, created_at, expires_at, client_address)
            VALUES (\(tokenHash), \(userID), \(createdAt), \(expiresAt), \(clientAddress))
            RETURNING id
            """).single().decode("id")
    }

    /// What the token with this hash stands for at `now`.
    ///
    /// One statement, the session with its user, so that it can run on a plain connection (every authenticated
    /// request makes it: one round trip, where a transaction around two queries took four).
    public static func lookup(tokenHash: Data, at now: Date, in executor: some SQLExecutor) async throws -> Lookup {
        guard let row = try await executor.query("""
            SELECT s.id AS session_id, s.expires_at, s.revoked_at, u.*
            FROM liaison.session s CROSS JOIN LATERAL (\(StaffUserRepository.selectUser) WHERE u.id = s.user_id) u
            WHERE s.token_hash = \(tokenHash)
            """).first
        else { return .unknown }
        if try !row.isNull("revoked_at") { return .revoked }
        if try row.decode("expires_at", as: Date.self) <= now { return .expired }
        let user = try StaffUserRepository.decode(row)
        guard user.active else { return .userDisabled }
        return .active(sessionID: try row.decode("session_id"), user: user)
    }

    /// Revokes one session; false if it was not active.
    @discardableResult
    public static func revoke(sessionID: Int64, at now: Date, in tx: Transaction) async throws -> Bool {
        try await tx.execute("UPDATE liaison.session SET revoked_at = \(now) WHERE id = \(sessionID) AND revoked_at IS NULL") == 1
    }

    /// Revokes every other active session of a user (after a password change); returns how many.
    @discardableResult
    public static func revokeOthers(userID: Int64, keeping sessionID: Int64?, at now: Date, in tx: Transaction) async throws -> Int {
        try await tx.execute("""
            UPDATE liaison.session SET revoked_at = \(now)
            WHERE user_id = \(userID) AND revoked_at IS NULL AND id IS DISTINCT FROM \(sessionID)
            """)
    }
}
