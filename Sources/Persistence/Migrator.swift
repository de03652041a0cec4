import Foundation
import Logging

/// Where the database stands against the migrations of this build.
public struct MigrationStatus: Sendable, Equatable {
    /// Versions recorded in the database.
    public var applied: [Int]
    /// Versions this build has, in order.
    public var expected: [Int]
    /// Versions of this build that the database does not have yet.
    public var pending: [Int]
    /// Applied versions whose file has changed since.
    public var edited: [Int]
    /// Applied versions this build does not have.
    public var unknown: [Int]

    /// Everything applied, nothing edited or unknown: safe to serve.
    public var isCurrent: Bool { pending.isEmpty && edited.isEmpty && unknown.isEmpty }
}

/// Applies `sql/NNNN_*.sql` in order, each in its own transaction, recorded
/// with its checksum in `liaison.schema_migration`.
///
/// It refuses to run when an applied file was edited or the database knows a
/// migration this build does not, and it holds a PostgreSQL advisory lock
/// while it works, so that instances starting together apply each file once.
/// The first migration bootstraps the roles and schemas and runs as the login;
/// every later one runs as `liaison_owner`, which therefore owns every object.
public struct Migrator: Sendable {
    public let database: Database
    public let migrations: [Migration]
    /// false on a managed PostgreSQL where the login may not create roles: the
    /// roles must then exist beforehand (see docs/database.md).
    public let manageRoles: Bool
    private let logger: Logger

    /// The advisory lock key: "LIAISON" in ASCII.
    static let lockKey: Int64 = 0x4C49_4149_534F_4E

    public init(database: Database, migrations: [Migration], manageRoles: Bool = true, logger: Logger = Logger(label: "liaison.migrate")) {
        self.database = database
        self.migrations = migrations
        self.manageRoles = manageRoles
        self.logger = logger
    }

    /// Applies what is pending; returns the migrations applied by this call.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        try await database.withConnection { connection in
            try await connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
            do {
                let applied = try await apply(on: connection)
                try await connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))")
                return applied
            } catch {
                // Unlock if the connection still works; a lost connection releases the lock anyway.
                _ = try? await connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))")
                throw error
            }
        }
    }

    /// Compares the database with this build's migrations, without changing anything.
    public func status() async throws -> MigrationStatus {
        let recorded = try await database.withConnection { try await Self.recorded(on: $0) }
        return Self.compare(recorded: recorded, with: migrations)
    }

    private func apply(on connection: DatabaseConnection) async throws -> [Migration] {
        let status = Self.compare(recorded: try await Self.recorded(on: connection), with: migrations)
        if let version = status.edited.first, let migration = migrations.first(where: { $0.version == version }) {
            throw MigrationError.edited(version: version, fileName: migration.fileName)
        }
        if let version = status.unknown.first {
            let name = try await Self.recorded(on: connection).first { $0.version == version }?.fileName ?? "?"
            throw MigrationError.unknownApplied(version: version, fileName: name)
        }
        var applied: [Migration] = []
        for migration in migrations where status.pending.contains(migration.version) {
            try await apply(migration, on: connection, isBootstrap: migration.version == migrations[0].version)
            applied.append(migration)
        }
        return applied
    }

    private func apply(_ migration: Migration, on connection: DatabaseConnection, isBootstrap: Bool) async throws {
        let started = ContinuousClock.now
        do {
            try await connection.execute("BEGIN")
            try await connection.execute("SELECT set_config('liaison.manage_roles', \(manageRoles ? "on" : "off"), true)")
            if !isBootstrap {
                try await connection.execute("SET LOCAL ROLE liaison_owner")
            }
            try await connection.executeScript(unescaped: migration.sql)
            let elapsed = ContinuousClock.now - started
            let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            try await connection.execute("""
                INSERT INTO liaison.schema_migration (version, file_name, checksum, duration_ms)
                VALUES (\(migration.version), \(migration.fileName), \(migration.checksum), \(milliseconds))
                """)
            try await connection.execute("COMMIT")
            logger.info("applied migration", metadata: ["file": "\(migration.fileName)", "ms": "\(milliseconds)"])
        } catch {
            _ = try? await connection.execute("ROLLBACK")
            let reason = (error as? PersistenceError).map { [$0.message, $0.detail, $0.hint].compactMap { $0 }.joined(separator: "; ") }
                ?? "\(error)"
            throw MigrationError.failed(version: migration.version, fileName: migration.fileName, reason: reason)
        }
    }

    private static func recorded(on connection: DatabaseConnection) async throws -> [(version: Int, fileName: String, checksum: String)] {
        let exists = try await connection.query("SELECT to_regclass('liaison.schema_migration') IS NOT NULL AS present")
        guard try exists.single().decode("present", as: Bool.self) else { return [] }
        return try await connection.query("SELECT version, file_name, checksum FROM liaison.schema_migration ORDER BY version")
            .map { row in
                (try row.decode("version"), try row.decode("file_name"), try row.decode("checksum"))
            }
    }

    static func compare(recorded: [(version: Int, fileName: String, checksum: String)], with migrations: [Migration]) -> MigrationStatus {
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let appliedVersions = Set(recorded.map(\.version))
        return MigrationStatus(
            applied: recorded.map(\.version),
            expected: migrations.map(\.version),
            pending: migrations.map(\.version).filter { !appliedVersions.contains($0) },
            edited: recorded.filter { record in
                byVersion[record.version].map { $0.checksum != record.checksum } ?? false
            }.map(\.version),
            unknown: recorded.filter { byVersion[$0.version] == nil }.map(\.version)
        )
    }
}
