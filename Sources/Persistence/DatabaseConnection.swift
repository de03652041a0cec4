import Synchronization

/// Runs statements. Implemented by the connection and transaction handles, so
/// repositories can be written once for either.
public protocol SQLExecutor: Sendable {
    /// Runs one parameterized statement and returns its rows.
    func query(_ query: SQLQuery) async throws -> QueryResult
}

extension SQLExecutor {
    /// Runs a statement for its effect; returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: SQLQuery) async throws -> Int {
        try await self.query(query).affectedRows
    }
}

/// A connection lent by `Database.withConnection`. Valid only inside that closure.
///
/// Its calls block the connection's thread, where the lending closure runs; called from elsewhere (an actor, a
/// detached task) they are sent to that thread and awaited.
public struct DatabaseConnection: SQLExecutor {
    let connection: PostgresConnection
    let lease = Lease()
    let queued = QueuedStatements()

    /// Runs the statement, after any queued ones, in one round trip.
    public func query(_ query: SQLQuery) async throws -> QueryResult {
        try lease.check()
        let connection = self.connection
        let earlier = queued.take()
        // Most statements have nothing queued before them: no pipeline, and no array built for them.
        if earlier.isEmpty {
            return try await connection.thread.run { try connection.query(query) }
        }
        return try await connection.thread.run { try connection.pipeline(earlier + [query]) }
    }

    /// Whether the connection is inside a transaction block (libpq's view, no round trip).
    var isInTransaction: Bool {
        !connection.isIdleOutsideTransaction
    }

    /// Runs trusted SQL text holding several statements, with the simple query
    /// protocol and no parameters: for migrations only.
    public func executeScript(unescaped sql: String) async throws {
        try lease.check()
        let connection = self.connection
        try await connection.thread.run { try connection.executeScript(sql) }
    }

    /// BEGIN with the transaction's settings, in one round trip (see `PostgresConnection.begin`).
    func begin(_ options: TransactionOptions) async throws {
        try lease.check()
        let connection = self.connection
        try await connection.thread.run { try connection.begin(options.beginStatement, settings: options.settings) }
    }

    /// The server process id serving this connection.
    public var backendPID: Int32 { connection.backendPID }

    func markBroken() {
        connection.markBroken()
    }

    /// Ends with the closure that lent the connection; later use is an error, not a silent
    /// second user of a connection that is back in the pool.
    final class Lease: Sendable {
        private let ended = Atomic<Bool>(false)

        func end() { ended.store(true, ordering: .releasing) }

        func check() throws {
            if ended.load(ordering: .acquiring) {
                throw PersistenceError(kind: .handleUsedOutsideScope, message: "a connection handle was used after its closure returned")
            }
        }
    }
}

/// The handle of one transaction (see `Database.withTransaction`). Repositories take it as a parameter.
public struct Transaction: SQLExecutor {
    let connection: DatabaseConnection

    public func query(_ query: SQLQuery) async throws -> QueryResult {
        try await connection.query(query)
    }

    /// Queues a write whose result the caller does not need: it is sent with the transaction's next round trip
    /// (the next statement, or COMMIT) instead of on its own. Its error, if any, is thrown by that round trip, and
    /// rolls the transaction back like any other. For the writes that end a mutation, so that they and COMMIT
    /// take one round trip (issue 7: a ticket's number stays locked until COMMIT).
    public func enqueue(_ query: SQLQuery) throws {
        try connection.lease.check()
        connection.queued.append(query)
    }
}

/// The statements a transaction has queued for its next round trip (`Transaction.enqueue`).
final class QueuedStatements: Sendable {
    private let statements = Mutex<[SQLQuery]>([])

    func append(_ query: SQLQuery) {
        statements.withLock { $0.append(query) }
    }

    /// Empties the queue, returning what it held.
    func take() -> [SQLQuery] {
        statements.withLock { queue in
            defer { queue.removeAll() }
            return queue
        }
    }
}
