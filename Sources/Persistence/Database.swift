import Logging
import ServiceLifecycle

/// The entry point to PostgreSQL: a bounded pool of libpq connections, each
/// with its own thread for its blocking calls (`ConnectionThread`), never the
/// cooperative pool.
///
/// Use it through closure-scoped handles: `withTransaction { tx in … }` for
/// everything a Service does, `withConnection { … }` for the rare statement
/// that must run outside a transaction. Handles must not escape their closure.
/// The closure runs on the connection's thread, so its statements need no
/// thread switch.
///
/// As a `Service` it runs in the server's service group and closes its
/// connections on graceful shutdown.
public final class Database: Sendable, Service {
    public let configuration: DatabaseConfiguration
    let logger: Logger
    private let pool: ConnectionPool

    public init(configuration: DatabaseConfiguration, logger: Logger = Logger(label: "liaison.database")) {
        self.configuration = configuration
        self.logger = logger
        let conninfo = configuration.connectionString
        let role = configuration.role
        let applicationName = configuration.applicationName
        self.pool = ConnectionPool(
            maxConnections: configuration.maxConnections,
            acquireTimeout: configuration.acquireTimeout,
            open: {
                let thread = ConnectionThread(name: "liaison-db")
                do {
                    return try await thread.run {
                        try PostgresConnection.connect(conninfo: conninfo, role: role, applicationName: applicationName, thread: thread)
                    }
                } catch {
                    thread.stop(after: {})
                    throw error
                }
            },
            close: { connection in
                // PQfinish may block: the last reference is dropped on the connection's own thread, which then ends.
                connection.thread.stop(after: { withExtendedLifetime(connection) {} })
            }
        )
    }

    /// Lends a connection for the closure's duration. Statements outside a
    /// transaction each commit on their own: prefer `withTransaction`.
    @discardableResult
    public func withConnection<Result: Sendable>(
        _ body: (DatabaseConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await leaseHealthyConnection()
        let handle = DatabaseConnection(connection: connection)
        defer {
            handle.lease.end()
            pool.release(connection)
        }
        return try await withTaskExecutorPreference(connection.thread) {
            try await body(handle)
        }
    }

    /// Runs the closure in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// A serialization failure or deadlock runs the whole closure again, up to
    /// `maxTransactionAttempts` in all, so the closure must not have effects
    /// outside the database. Calling `withTransaction` inside another
    /// transaction of the same task throws `nestedTransaction`: one Service
    /// call is one transaction, so nesting is always a mistake.
    @discardableResult
    public func withTransaction<Result: Sendable>(
        _ options: TransactionOptions = TransactionOptions(),
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        if TransactionScope.isActive {
            throw PersistenceError(kind: .nestedTransaction, message: "withTransaction was called inside a transaction")
        }
        var attempt = 1
        while true {
            do {
                return try await withConnection { connection in
                    try await runTransaction(on: connection, options: options, body)
                }
            } catch let error as PersistenceError where error.isRetryableTransactionFailure
                && attempt < configuration.maxTransactionAttempts
            {
                logger.debug("retrying transaction", metadata: ["attempt": "\(attempt)", "kind": "\(error.kind)"])
                attempt += 1
                // A short, growing, jittered pause lets the conflicting transaction finish.
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...5) * attempt))
            }
        }
    }

    /// Runs until graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Closes every idle connection and waits until they are closed; leased ones close as they come back.
    /// Calls after it fail with `poolClosed`.
    public func shutdown() async {
        for connection in pool.shutDown() {
            await connection.thread.exit()
        }
    }

    /// Connections idle, leased, being opened, and callers waiting.
    public var poolStatistics: (idle: Int, leased: Int, opening: Int, waiting: Int) {
        pool.statistics
    }

    private func leaseHealthyConnection() async throws -> PostgresConnection {
        while true {
            let connection = try await pool.acquire()
            if connection.looksHealthyWhileIdle() { return connection }
            logger.info("replacing a broken database connection", metadata: ["pid": "\(connection.backendPID)"])
            connection.markBroken()
            pool.release(connection)
        }
    }

    private func runTransaction<Result: Sendable>(
        on connection: DatabaseConnection,
        options: TransactionOptions,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        do {
            try await connection.begin(options)
        } catch var error as PersistenceError {
            error.transactionStage = .begin
            _ = try? await connection.execute("ROLLBACK")
            throw error
        }

        let result: Result
        do {
            result = try await TransactionScope.$isActive.withValue(true) {
                try await body(Transaction(connection: connection))
            }
        } catch {
            // Statements queued for a round trip that will not come are dropped with the transaction.
            _ = connection.queued.take()
            do {
                try await connection.execute("ROLLBACK")
            } catch {
                logger.error("rollback failed", metadata: ["error": "\(String(reflecting: error))"])
                connection.markBroken()
            }
            if var error = error as? PersistenceError {
                error.transactionStage = error.transactionStage ?? .body
                throw error
            }
            throw error
        }

        let commit: QueryResult
        do {
            // Sends the statements the body queued (`Transaction.enqueue`) in the same round trip.
            commit = try await connection.query("COMMIT")
        } catch var error as PersistenceError {
            // A queued statement failed: COMMIT did not run, and the failed transaction is still open.
            if connection.isInTransaction, !connection.connection.isBroken {
                _ = try? await connection.execute("ROLLBACK")
            }
            error.transactionStage = error.query == "COMMIT" ? .commit : .body
            throw error
        }
        // COMMIT of a transaction in which a statement failed (and the error was
        // swallowed) succeeds as ROLLBACK: report it instead of pretending.
        guard commit.commandTag == "COMMIT" else {
            var error = PersistenceError(
                kind: .other, message: "the transaction was rolled back because a statement in it failed")
            error.transactionStage = .commit
            throw error
        }
        return result
    }
}

/// Isolation and settings of one transaction.
public struct TransactionOptions: Sendable {
    public enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    public var isolation: Isolation
    public var readOnly: Bool
    /// `set_config(name, value, true)` for each: values local to the transaction (e.g. the RLS scope).
    public var settings: [TransactionSetting]

    public init(isolation: Isolation = .readCommitted, readOnly: Bool = false, settings: [TransactionSetting] = []) {
        self.isolation = isolation
        self.readOnly = readOnly
        self.settings = settings
    }

    var beginStatement: String {
        "BEGIN ISOLATION LEVEL \(isolation.rawValue)" + (readOnly ? " READ ONLY" : "")
    }
}

/// Marks the task that is inside `withTransaction`, to refuse nesting.
enum TransactionScope {
    @TaskLocal static var isActive = false
}
