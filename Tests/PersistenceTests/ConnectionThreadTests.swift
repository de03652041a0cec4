@testable import Persistence
import TestSupport
import Testing

/// Each pooled connection runs its blocking calls on its own thread, and a lease's closure runs there too, so a
/// statement costs no thread switch (issue 7, docs/performance.md).
@Suite("ConnectionThread: a connection's statements run on its own thread")
struct ConnectionThreadTests {
    static func database() async throws -> Database {
        TestDatabase.adminDatabase(url: try await TestDatabase.forSuite("connection_thread", setup: "SELECT 1;"), maxConnections: 2)
    }

    @Test("a transaction's closure and each of its statements run on the connection's thread, never hopping off it")
    func transactionStaysOnItsThread() async throws {
        let database = try await Self.database()
        let stayed = try await database.withTransaction { tx in
            let thread = tx.connection.connection.thread
            var onThread = [thread.isCurrent]
            for value in 1...5 {
                let result: Int = try await tx.query("SELECT \(value)::int AS n").single().decode("n")
                #expect(result == value)
                onThread.append(thread.isCurrent)
            }
            return onThread
        }
        #expect(stayed == Array(repeating: true, count: 6))
        await database.shutdown()
    }

    /// An actor's method runs on the actor's executor, not the connection's thread: its statements are sent over.
    actor Elsewhere {
        func sum(on connection: DatabaseConnection) async throws -> (Int, onThread: Bool) {
            let onThread = connection.connection.thread.isCurrent
            let sum: Int = try await connection.query("SELECT 20 + 22 AS n").single().decode("n")
            return (sum, onThread)
        }
    }

    @Test("a statement called off the connection's thread (from an actor) is sent to that thread and answers")
    func callFromAnActor() async throws {
        let database = try await Self.database()
        let elsewhere = Elsewhere()
        let (sum, onThread) = try await database.withConnection { connection in
            try await elsewhere.sum(on: connection)
        }
        #expect(sum == 42)
        #expect(!onThread)
        await database.shutdown()
    }

    @Test("shutdown closes the idle connections and waits until their threads have ended")
    func shutdownEndsThreads() async throws {
        let database = try await Self.database()
        let thread = try await database.withConnection { connection in
            _ = try await connection.query("SELECT 1")
            return connection.connection.thread
        }
        #expect(!thread.hasExited)
        await database.shutdown()
        #expect(thread.hasExited)
    }

    @Test("after stop, work is refused with poolClosed and a task preferring the thread still runs elsewhere")
    func stoppedThread() async throws {
        let thread = ConnectionThread(name: "liaison-db-test")
        #expect(try await thread.run { 7 } == 7)
        thread.stop(after: {})
        await thread.exit()
        await #expect(throws: PersistenceError.self) { try await thread.run { 7 } }
        let answer = await withTaskExecutorPreference(thread) { 6 * 7 }
        #expect(answer == 42)
    }
}
