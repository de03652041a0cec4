import Persistence
import TestSupport
import Testing

@Suite("The connection pool under load, timeouts and broken connections")
struct ConnectionPoolTests {
    @Test("200 concurrent tasks over a pool of 4 all complete, never with more than 4 connections")
    func manyTasksFewConnections() async throws {
        let url = try await TestDatabase.forSuite("pool")
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: url, role: "liaison_app", maxConnections: 4, acquireTimeout: .seconds(30),
            applicationName: "liaison-pool-200"))
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await database.withTransaction { tx in
                        try await tx.query("SELECT \(index) AS i, pg_sleep(0.002)").single().decode("i")
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<200))
        let statistics = database.poolStatistics
        #expect(statistics.idle + statistics.leased + statistics.opening <= 4)
        let backends = try await TestDatabase.adminDatabase(url: url).withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'liaison-pool-200'")
                .single().decode("n", as: Int.self)
        }
        #expect(backends <= 4)
        await database.shutdown()
    }

    /// A task holding the pool's one connection until `release()`, returned once it holds it.
    struct Holder {
        let task: Task<Void, any Error>
        let releasing: AsyncStream<Void>.Continuation

        func release() async throws {
            releasing.yield()
            try await task.value
        }
    }

    static func holdTheOnlyConnection(of database: Database) async throws -> Holder {
        let (held, holding) = AsyncStream.makeStream(of: Void.self)
        let (release, releasing) = AsyncStream.makeStream(of: Void.self)
        // Open the one connection first: on a loaded machine opening it can take longer than a
        // short acquire timeout under test, and the holder must not time out itself.
        // The opening goes on when a short acquire timeout gives up on it, so a few tries get the opened connection.
        for attempt in 1...20 {
            do {
                _ = try await database.withConnection { connection in try await connection.execute("SELECT 1") }
                break
            } catch let error as PersistenceError where error.kind == .poolTimeout && attempt < 20 {
                continue
            }
        }
        let task = Task {
            // Finishing the stream on every path: a holder that fails must not leave the test waiting forever.
            defer { holding.finish() }
            try await database.withConnection { _ in
                holding.yield()
                for await _ in release { break }
            }
        }
        for await _ in held { break }
        return Holder(task: task, releasing: releasing)
    }

    @Test("acquiring beyond the pool waits at most the acquire timeout, then fails with poolTimeout")
    func acquireTimeout() async throws {
        let url = try await TestDatabase.forSuite("pool")
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: url, role: nil, maxConnections: 1, acquireTimeout: .milliseconds(200)))
        let holder = try await Self.holdTheOnlyConnection(of: database)
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withConnection { _ in }
        }
        let waited = clock.now - started
        #expect(error?.kind == .poolTimeout)
        #expect(waited >= .milliseconds(200) && waited < .seconds(5))
        try await holder.release()
        // Once the connection is back, the next caller gets it.
        _ = try await database.withConnection { connection in
            try await connection.execute("SELECT 1")
        }
        await database.shutdown()
    }

    @Test("a caller cancelled while waiting for a connection stops waiting at once; the pool stays usable")
    func cancelledWaiter() async throws {
        let url = try await TestDatabase.forSuite("pool")
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: url, role: nil, maxConnections: 1, acquireTimeout: .seconds(30)))
        let holder = try await Self.holdTheOnlyConnection(of: database)
        let clock = ContinuousClock()
        let started = clock.now
        // One cancelled while it waits, one cancelled before it even asks (its cancellation handler runs first).
        let waiter = Task { try await database.withConnection { connection in try await connection.execute("SELECT 1") } }
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await database.withConnection { connection in try await connection.execute("SELECT 1") }
        }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        for outcome in [await waiter.result, await early.result] {
            #expect(throws: CancellationError.self) { try outcome.get() }
        }
        #expect(clock.now - started < .seconds(10), "waited for the acquire timeout instead of the cancellation")
        #expect(database.poolStatistics.waiting == 0)
        try await holder.release()
        _ = try await database.withConnection { connection in try await connection.execute("SELECT 1") }
        await database.shutdown()
    }

    @Test("a backend killed with pg_terminate_backend is replaced, and the next call succeeds")
    func terminatedBackendIsReplaced() async throws {
        let url = try await TestDatabase.forSuite("pool")
        let database = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_app", maxConnections: 1))
        let firstPID: Int32 = try await database.withConnection { connection in
            try await connection.query("SELECT pg_backend_pid() AS pid").single().decode("pid")
        }
        let admin = TestDatabase.adminDatabase(url: url)
        let terminated: Bool = try await admin.withConnection { connection in
            // The timeout makes the call wait until the backend has exited.
            try await connection.query("SELECT pg_terminate_backend(\(firstPID), 5000) AS done").single().decode("done")
        }
        #expect(terminated)
        let secondPID: Int32 = try await database.withConnection { connection in
            try await connection.query("SELECT pg_backend_pid() AS pid").single().decode("pid")
        }
        #expect(secondPID != firstPID)
        await database.shutdown()
    }

    @Test("a connection that breaks inside a transaction fails that transaction as connectionLost, no silent retry")
    func breakInsideTransaction() async throws {
        let url = try await TestDatabase.forSuite("pool")
        let database = Database(configuration: DatabaseConfiguration(connectionString: url, role: nil, maxConnections: 1))
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in
                try await tx.execute("SELECT pg_terminate_backend(pg_backend_pid())")
            }
        }
        #expect(error?.kind == .connectionLost)
        // The pool replaced it.
        _ = try await database.withTransaction { tx in try await tx.execute("SELECT 1") }
        await database.shutdown()
    }

    @Test("a database that refuses connections fails fast with connectionFailed")
    func unreachableDatabase() async throws {
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: "postgresql://postgres@/nowhere?host=/nonexistent-liaison-socket&connect_timeout=2",
            role: nil, maxConnections: 1, acquireTimeout: .seconds(10)))
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withConnection { _ in }
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.isUnavailability == true)
        #expect(clock.now - started < .seconds(5))
        await database.shutdown()
    }

    @Test("a handle used after its closure returned is refused")
    func handleCannotEscape() async throws {
        let url = try await TestDatabase.forSuite("pool")
        let database = Database(configuration: DatabaseConfiguration(connectionString: url, role: nil, maxConnections: 1))
        let escaped = try await database.withConnection { $0 }
        let error = await #expect(throws: PersistenceError.self) { try await escaped.execute("SELECT 1") }
        #expect(error?.kind == .handleUsedOutsideScope)
        await database.shutdown()
    }
}
