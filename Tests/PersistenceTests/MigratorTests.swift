import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Migrator: ordered, recorded, append-only, once across instances")
struct MigratorTests {
    /// A copy of sql/ in a temporary folder, so a test may add or edit files.
    func copyOfMigrations() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestDatabase.migrationsDirectory, to: folder)
        return folder
    }

    func freshDatabase(_ label: String) async throws -> Database {
        TestDatabase.adminDatabase(url: try await TestDatabase.createEmpty(label: label))
    }

    @Test("migrating a fresh database applies every file; running again applies none")
    func idempotent() async throws {
        let database = try await freshDatabase("migrate_twice")
        let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
        let migrator = Migrator(database: database, migrations: migrations)
        #expect(try await migrator.status().pending == migrations.map(\.version))
        let first = try await migrator.migrate()
        #expect(first.map(\.version) == migrations.map(\.version))
        let second = try await migrator.migrate()
        #expect(second.isEmpty)
        let status = try await migrator.status()
        #expect(status.isCurrent)
        #expect(status.applied == migrations.map(\.version))
        let checksums: [String] = try await database.withConnection { connection in
            try await connection.query("SELECT checksum FROM liaison.schema_migration ORDER BY version").map { try $0.decode("checksum") }
        }
        #expect(checksums == migrations.map(\.checksum))
    }

    @Test("a new file is applied on the next run; an edited applied file is refused and nothing runs")
    func appendOnly() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try await freshDatabase("migrate_edit")
        try await Migrator(database: database, migrations: try Migration.load(from: folder)).migrate()

        try "CREATE TABLE liaison.added_later (id int);\n".write(
            to: folder.appendingPathComponent("9001_added_later.sql"), atomically: true, encoding: .utf8)
        let added = try await Migrator(database: database, migrations: try Migration.load(from: folder)).migrate()
        #expect(added.map(\.fileName) == ["9001_added_later.sql"])

        let first = folder.appendingPathComponent("0001_foundation.sql")
        try (try String(contentsOf: first, encoding: .utf8) + "\n-- edited\n").write(to: first, atomically: true, encoding: .utf8)
        try "CREATE TABLE liaison.never (id int);\n".write(
            to: folder.appendingPathComponent("9002_never.sql"), atomically: true, encoding: .utf8)
        let migrator = Migrator(database: database, migrations: try Migration.load(from: folder))
        await #expect(throws: MigrationError.edited(version: 1, fileName: "0001_foundation.sql")) {
            try await migrator.migrate()
        }
        let status = try await migrator.status()
        #expect(status.edited == [1])
        #expect(status.pending == [9002])
        #expect(!status.isCurrent)
    }

    @Test("a failing migration applies nothing of itself and is not recorded")
    func failingMigrationRollsBack() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "CREATE TABLE liaison.half (id int);\nSELECT 1 / 0;\n".write(
            to: folder.appendingPathComponent("9003_half.sql"), atomically: true, encoding: .utf8)
        let database = try await freshDatabase("migrate_fail")
        let migrator = Migrator(database: database, migrations: try Migration.load(from: folder))
        await #expect(throws: MigrationError.self) { try await migrator.migrate() }
        let leftovers: Bool = try await database.withConnection { connection in
            try await connection.query("SELECT to_regclass('liaison.half') IS NOT NULL AS present").single().decode("present")
        }
        #expect(!leftovers)
        #expect(try await migrator.status().pending == [9003])
    }

    @Test("the database knowing a migration this build lacks is refused")
    func unknownApplied() async throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SELECT 1;\n".write(to: folder.appendingPathComponent("9004_newer.sql"), atomically: true, encoding: .utf8)
        let database = try await freshDatabase("migrate_unknown")
        try await Migrator(database: database, migrations: try Migration.load(from: folder)).migrate()
        let older = Migrator(database: database, migrations: try Migration.load(from: TestDatabase.migrationsDirectory))
        await #expect(throws: MigrationError.unknownApplied(version: 9004, fileName: "9004_newer.sql")) {
            try await older.migrate()
        }
        #expect(try await older.status().unknown == [9004])
    }

    @Test("two migrators starting together apply each file exactly once")
    func concurrentMigrators() async throws {
        let url = try await TestDatabase.createEmpty(label: "migrate_race")
        let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
        let one = Migrator(database: TestDatabase.adminDatabase(url: url), migrations: migrations)
        let two = Migrator(database: TestDatabase.adminDatabase(url: url), migrations: migrations)
        async let first = one.migrate()
        async let second = two.migrate()
        let applied = try await first.map(\.version) + second.map(\.version)
        #expect(applied.sorted() == migrations.map(\.version))
        let rows: Int = try await one.database.withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM liaison.schema_migration").single().decode("n")
        }
        #expect(rows == migrations.count)
    }

    @Test("file names must be NNNN_lowercase_words.sql with unique versions")
    func fileNames() throws {
        let folder = try copyOfMigrations()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "SELECT 1;".write(to: folder.appendingPathComponent("0001_again.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.self) { try Migration.load(from: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("0001_again.sql"))
        try "SELECT 1;".write(to: folder.appendingPathComponent("12_Bad-Name.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.invalidFileName("12_Bad-Name.sql")) { try Migration.load(from: folder) }
    }
}

@Suite("The roles of 0001: the app owns nothing, BI sees only bi")
struct RoleTests {
    @Test("liaison_app reads the migration ledger but cannot write it or create tables")
    func appRoleIsNotOwner() async throws {
        let database = try await TestDatabase.appDatabase(suite: "roles")
        let count: Int = try await database.withTransaction { tx in
            try await tx.query("SELECT count(*) AS n FROM liaison.schema_migration").single().decode("n")
        }
        #expect(count >= 1)
        let write = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in try await tx.execute("DELETE FROM liaison.schema_migration") }
        }
        #expect(write?.kind == .insufficientPrivilege)
        let create = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in try await tx.execute("CREATE TABLE liaison.sneaky (id int)") }
        }
        #expect(create?.kind == .insufficientPrivilege)
        let owner: String = try await database.withTransaction { tx in
            try await tx.query("SELECT tableowner FROM pg_tables WHERE schemaname = 'liaison' AND tablename = 'schema_migration'")
                .single().decode("tableowner")
        }
        #expect(owner == "liaison_owner")
    }

    @Test("liaison_bi cannot read the liaison schema")
    func biRoleSeesOnlyBI() async throws {
        let url = try await TestDatabase.forSuite("roles")
        let database = Database(configuration: DatabaseConfiguration(connectionString: url, role: "liaison_bi", maxConnections: 1))
        let error = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction { tx in try await tx.execute("SELECT * FROM liaison.schema_migration") }
        }
        #expect(error?.kind == .insufficientPrivilege)
        await database.shutdown()
    }
}
