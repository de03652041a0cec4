/// How to reach PostgreSQL and how big the pool is.
public struct DatabaseConfiguration: Sendable {
    /// A libpq connection URL (`postgresql://user@host:5432/db?sslmode=verify-full`) or
    /// key=value conninfo (`host=/run/postgresql dbname=liaison`). Unix-socket hosts and
    /// every libpq option (sslmode, sslrootcert, connect_timeout, …) work as libpq documents them.
    public var connectionString: String
    /// The role every connection assumes with `SET ROLE` right after login, so that
    /// row-level security applies even when the login owns the tables or is a superuser.
    /// nil or empty: use the login role as it is.
    public var role: String?
    /// Connections at most (and threads for their blocking calls).
    public var maxConnections: Int
    /// How long a caller waits for a free connection before `poolTimeout`.
    public var acquireTimeout: Duration
    /// How many times a transaction that failed to serialize (40001) or deadlocked (40P01) is run in all.
    public var maxTransactionAttempts: Int
    /// Shown in `pg_stat_activity`.
    public var applicationName: String

    public init(
        connectionString: String,
        role: String? = "liaison_app",
        maxConnections: Int = 10,
        acquireTimeout: Duration = .seconds(5),
        maxTransactionAttempts: Int = 3,
        applicationName: String = "liaison"
    ) {
        self.connectionString = connectionString
        self.role = role
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
        self.maxTransactionAttempts = maxTransactionAttempts
        self.applicationName = applicationName
    }
}
