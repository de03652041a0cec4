import Foundation

/// Failed logins (`liaison.login_failure`), for throttling per username and per address.
public enum LoginFailureRepository {
    /// Serializes login attempts for one username until the transaction ends.
    public static func lock(username: String, in tx: Transaction) async throws {
        try await tx.execute("SELECT pg_advisory_xact_lock(hashtext('login:' || \(username)))")
    }

    /// Records a failure, and forgets this username's failures older than a day, so the table stays small.
    public static func record(username: String, clientAddress: String, at now: Date, in tx: Transaction) async throws {
        try await tx.execute("""
            INSERT INTO liaison.login_failure (username, client_address, at) VALUES (\(username), \(clientAddress), \(now))
            """)
        try await tx.execute("""
            DELETE FROM liaison.login_failure WHERE username = \(username) AND at < \(now.addingTimeInterval(-86_400))
            """)
    }

    /// Failures since `since` for the username and for the address, and the oldest of each in that window.
    public static func recent(
        username: String, clientAddress: String, since: Date, in tx: Transaction
    ) async throws -> (byUser: Int, oldestByUser: Date?, byAddress: Int, oldestByAddress: Date?) {
        let row = try await tx.query("""
            SELECT
              (SELECT count(*) FROM liaison.login_failure WHERE username = \(username) AND at > \(since)) AS by_user,
              (SELECT min(at) FROM liaison.login_failure WHERE username = \(username) AND at > \(since)) AS oldest_user,
              (SELECT count(*) FROM liaison.login_failure WHERE client_address = \(clientAddress) AND at > \(since)) AS by_address,
              (SELECT min(at) FROM liaison.login_failure WHERE client_address = \(clientAddress) AND at > \(since)) AS oldest_address
            """).single()
        return (try row.decode("by_user"), try row.decode("oldest_user"), try row.decode("by_address"), try row.decode("oldest_address"))
    }

    /// Forgets a username's failures (after a successful login).
    public static func clear(username: String, in tx: Transaction) async throws {
        try await tx.execute("DELETE FROM liaison.login_failure WHERE username = \(username)")
    }
}
