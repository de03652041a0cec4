@testable import Persistence
import TestSupport
import Testing

/// `Transaction.enqueue`: writes whose result is not needed go with the next round trip (libpq pipeline mode), so the
/// writes that end a mutation and its COMMIT take one round trip (issue 7).
@Suite("Transaction.enqueue: queued writes go with the next round trip")
struct QueuedStatementTests {
    static func database() async throws -> Database {
        TestDatabase.adminDatabase(url: try await TestDatabase.forSuite("queued_statements", setup: """
            CREATE TABLE public.note (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL UNIQUE);
            CREATE SEQUENCE public.ticks;
            """), maxConnections: 2)
    }

    static func count(_ database: Database, prefix: String) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM public.note WHERE body LIKE \(prefix + "%")").single().decode("n")
        }
    }

    /// A sequence is not transactional: another connection sees a queued `nextval` as soon as it has run.
    static func ticks(_ database: Database) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM public.ticks").single().decode("n")
        }
    }

    @Test("a queued statement runs only with the next statement, in order, and COMMIT writes what was queued last")
    func queuedRunsWithNextRoundTrip() async throws {
        let database = try await Self.database()
        let prefix = "order-\(Int.random(in: 0...Int.max))-"
        let before = try await Self.ticks(database)
        try await database.withTransaction { tx in
            try tx.enqueue("SELECT nextval('public.ticks')")
            try tx.enqueue("INSERT INTO public.note (body) VALUES (\(prefix + "a"))")
            #expect(try await Self.ticks(database) == before)
            // The next statement sees the queued insert: it ran first, on the same connection.
            let seen: Int = try await tx.query("SELECT count(*) AS n FROM public.note WHERE body = \(prefix + "a")").single().decode("n")
            #expect(seen == 1)
            #expect(try await Self.ticks(database) == before + 1)
            try tx.enqueue("INSERT INTO public.note (body) VALUES (\(prefix + "b"))")
        }
        #expect(try await Self.count(database, prefix: prefix) == 2)
    }

    @Test("a queued statement that fails at COMMIT rolls everything back, names its constraint, and leaves the connection usable")
    func failingQueuedStatement() async throws {
        let database = try await Self.database()
        let prefix = "fail-\(Int.random(in: 0...Int.max))-"
        let pid = try await database.withConnection { $0.backendPID }
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in
                try await tx.execute("INSERT INTO public.note (body) VALUES (\(prefix + "kept?"))")
                try tx.enqueue("INSERT INTO public.note (body) VALUES (\(prefix + "twice"))")
                try tx.enqueue("INSERT INTO public.note (body) VALUES (\(prefix + "twice"))")
                try tx.enqueue("INSERT INTO public.note (body) VALUES (\(prefix + "after"))")
            }
        }
        #expect(error?.kind == .uniqueViolation)
        #expect(error?.constraint == "note_body_key")
        #expect(error?.transactionStage == .body)
        #expect(try await Self.count(database, prefix: prefix) == 0)
        // Rolled back on the same connection, which went back to the pool instead of being replaced.
        #expect(try await database.withConnection { $0.backendPID } == pid)
    }

    @Test("statements queued by a transaction that throws are never sent")
    func droppedOnThrow() async throws {
        struct Boom: Error {}
        let database = try await Self.database()
        let before = try await Self.ticks(database)
        await #expect(throws: Boom.self) {
            try await database.withTransaction { tx in
                try tx.enqueue("SELECT nextval('public.ticks')")
                throw Boom()
            }
        }
        #expect(try await Self.ticks(database) == before)
    }

    @Test("a failed statement in a pipeline stops the ones after it, and the first error is the one thrown")
    func pipelineStopsAtFirstError() async throws {
        let database = try await Self.database()
        let before = try await Self.ticks(database)
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in
                try tx.enqueue("SELECT 1 / 0")
                try tx.enqueue("SELECT nextval('public.ticks')")
                _ = try await tx.query("SELECT nextval('public.ticks')")
            }
        }
        #expect(error?.sqlState == "22012")
        #expect(error?.query == "SELECT 1 / 0")
        #expect(try await Self.ticks(database) == before)
    }
}
