import Persistence
import Services
import TestSupport
import Testing

@Suite("ReadinessService: database reachable and migrations current")
struct ReadinessServiceTests {
    @Test("a migrated database is ready")
    func ready() async throws {
        let database = try await TestDatabase.appDatabase(suite: "readiness")
        let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
        let report = await ReadinessService(database: database, migrations: migrations).check()
        #expect(report == .ready(applied: migrations.count, expected: migrations.count))
    }

    @Test("a build with a migration the database lacks is not ready, and says which")
    func pendingMigration() async throws {
        let database = try await TestDatabase.appDatabase(suite: "readiness")
        let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
            + [Migration(version: 9999, fileName: "9999_future.sql", sql: "SELECT 1;")]
        let report = await ReadinessService(database: database, migrations: migrations).check()
        #expect(report == .migrationsNotCurrent(pending: [9999], edited: [], unknown: []))
    }

    @Test("an unreachable database is reported as such")
    func unreachable() async throws {
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: "postgresql://postgres@/nowhere?host=/nonexistent-liaison-socket", maxConnections: 1))
        let report = await ReadinessService(database: database, migrations: try Migration.load(from: TestDatabase.migrationsDirectory)).check()
        #expect(report == .databaseUnreachable)
        await database.shutdown()
    }
}
