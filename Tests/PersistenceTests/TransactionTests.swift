import Persistence
import Synchronization
import TestSupport
import Testing

@Suite("withTransaction: commit, rollback, nesting, retries")
struct TransactionTests {
    struct Boom: Error {}

    static func database() async throws -> Database {
        TestDatabase.adminDatabase(url: try await url(), maxConnections: 4)
    }

    /// A counter row of its own, so that tests running in parallel do not conflict with each other.
    static func newCounter(_ database: Database) async throws -> Int {
        let id = Int.random(in: 2...Int(Int32.max))
        try await database.withConnection { connection in
            try await connection.execute("INSERT INTO public.counter VALUES (\(id), 0)")
        }
        return id
    }

    static func url() async throws -> String {
        try await TestDatabase.forSuite("transactions", setup: """
            CREATE TABLE public.note (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL);
            CREATE TABLE public.counter (id int PRIMARY KEY, n int NOT NULL);
            INSERT INTO public.counter VALUES (1, 0);
            """)
    }

    func count(_ database: Database, body: String) async throws -> Int {
        try await database.withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM public.note WHERE body = \(body)").single().decode("n")
        }
    }

    @Test("a transaction that throws leaves no row, and the error comes through unchanged")
    func throwRollsBack() async throws {
        let database = try await Self.database()
        let marker = "rollback-\(Int.random(in: 0...Int.max))"
        await #expect(throws: Boom.self) {
            try await database.withTransaction { tx in
                try await tx.execute("INSERT INTO public.note (body) VALUES (\(marker))")
                try await tx.execute("INSERT INTO public.note (body) VALUES (\(marker))")
                throw Boom()
            }
        }
        #expect(try await count(database, body: marker) == 0)
    }

    @Test("a transaction that returns commits every statement")
    func commits() async throws {
        let database = try await Self.database()
        let marker = "commit-\(Int.random(in: 0...Int.max))"
        try await database.withTransaction { tx in
            try await tx.execute("INSERT INTO public.note (body) VALUES (\(marker))")
            try await tx.execute("INSERT INTO public.note (body) VALUES (\(marker))")
        }
        #expect(try await count(database, body: marker) == 2)
    }

    @Test("a failed statement whose error is swallowed still fails the commit")
    func swallowedErrorFailsCommit() async throws {
        let database = try await Self.database()
        let marker = "swallowed-\(Int.random(in: 0...Int.max))"
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in
                try await tx.execute("INSERT INTO public.note (body) VALUES (\(marker))")
                _ = try? await tx.execute("SELECT 1 / 0")
            }
        }
        #expect(error?.transactionStage == .commit)
        #expect(try await count(database, body: marker) == 0)
    }

    @Test("nested withTransaction in the same task is rejected, and the outer one rolls back")
    func nestedIsRejected() async throws {
        let database = try await Self.database()
        let marker = "nested-\(Int.random(in: 0...Int.max))"
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in
                try await tx.execute("INSERT INTO public.note (body) VALUES (\(marker))")
                try await database.withTransaction { inner in
                    try await inner.execute("INSERT INTO public.note (body) VALUES (\(marker))")
                }
            }
        }
        #expect(error?.kind == .nestedTransaction)
        #expect(try await count(database, body: marker) == 0)
    }

    @Test("a serialization failure (40001) runs the closure again and then commits")
    func retriesSerializationFailures() async throws {
        let database = try await Self.database()
        let row = try await Self.newCounter(database)
        let attempts = Atomic<Int>(0)
        try await database.withTransaction(TransactionOptions(isolation: .serializable)) { tx in
            let attempt = attempts.add(1, ordering: .relaxed).newValue
            let before: Int = try await tx.query("SELECT n FROM public.counter WHERE id = \(row)").single().decode("n")
            if attempt == 1 {
                // Another transaction changes the row after this one's snapshot was taken.
                try await database.withConnectionOutsideTransaction { other in
                    try await other.execute("UPDATE public.counter SET n = n + 100 WHERE id = \(row)")
                }
            }
            try await tx.execute("UPDATE public.counter SET n = \(before + 1) WHERE id = \(row)")
        }
        #expect(attempts.load(ordering: .relaxed) == 2)
    }

    @Test("serialization failures give up after the configured number of attempts")
    func retriesAreBounded() async throws {
        let url = try await Self.url()
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: url, role: nil, maxConnections: 2, maxTransactionAttempts: 3))
        let row = try await Self.newCounter(database)
        let attempts = Atomic<Int>(0)
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction(TransactionOptions(isolation: .serializable)) { tx in
                attempts.add(1, ordering: .relaxed)
                let before: Int = try await tx.query("SELECT n FROM public.counter WHERE id = \(row)").single().decode("n")
                try await database.withConnectionOutsideTransaction { other in
                    try await other.execute("UPDATE public.counter SET n = n + 1 WHERE id = \(row)")
                }
                try await tx.execute("UPDATE public.counter SET n = \(before + 1) WHERE id = \(row)")
            }
        }
        #expect(error?.kind == .serializationFailure)
        #expect(attempts.load(ordering: .relaxed) == 3)
    }

    @Test("transaction settings are visible inside the transaction only")
    func settingsAreLocal() async throws {
        let database = try await Self.database()
        let inside: String = try await database.withTransaction(
            TransactionOptions(settings: [TransactionSetting("liaison.actor_offices", "1,2")])
        ) { tx in
            try await tx.query("SELECT current_setting('liaison.actor_offices') AS v").single().decode("v")
        }
        #expect(inside == "1,2")
        let after: String? = try await database.withConnection { connection in
            try await connection.query("SELECT nullif(current_setting('liaison.actor_offices', true), '') AS v").single().decode("v")
        }
        #expect(after == nil)
    }

    @Test("settings go with the BEGIN as quoted literals: quotes, backslashes and SQL in a value stay data (issue 7)")
    func settingsAreQuoted() async throws {
        let database = try await Self.database()
        let values = [
            "it's", #"C:\path\"#, "'); DROP TABLE public.counter; --", "$$ dollar $$", "多字节 ✓", "",
        ]
        let settings = values.enumerated().map { TransactionSetting("liaison.quoting_\($0.offset)", $0.element) }
        let read: [String] = try await database.withTransaction(TransactionOptions(readOnly: true, settings: settings)) { tx in
            var read: [String] = []
            for setting in settings {
                read.append(try await tx.query("SELECT current_setting(\(setting.name)) AS v").single().decode("v"))
            }
            return read
        }
        #expect(read == values)
        // A setting the server refuses fails the BEGIN stage and leaves the connection usable.
        await #expect(throws: PersistenceError.self) {
            try await database.withTransaction(TransactionOptions(settings: [TransactionSetting("no dots allowed'", "x")])) { _ in }
        }
        let alive: Int = try await database.withConnection { try await $0.query("SELECT 1 AS one").single().decode("one") }
        #expect(alive == 1)
    }
}

extension Database {
    /// Test helper: a connection lent from a detached task, so that it is outside the current transaction's scope.
    func withConnectionOutsideTransaction(_ body: @escaping @Sendable (DatabaseConnection) async throws -> Void) async throws {
        try await Task.detached { try await self.withConnection(body) }.value
    }
}
