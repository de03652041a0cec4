import ArgumentParser
import Logging
import Persistence

/// `liaison migrate`: applies pending migrations as the login in DATABASE_URL
/// (which must be able to act as liaison_owner; see docs/database.md).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")

    @Option(help: "Folder of the NNNN_*.sql migrations (env LIAISON_MIGRATIONS_DIR).")
    var migrations: String?

    func run() async throws {
        let environment = Environment()
        try environment.bootstrapLogging()
        let logger = Logger(label: "liaison.migrate")
        let files = try Migration.load(from: environment.migrationsDirectory(flag: migrations))
        var configuration = try environment.database(assumeAppRole: false)
        configuration.maxConnections = 1
        let database = Database(configuration: configuration, logger: logger)
        do {
            let migrator = Migrator(
                database: database, migrations: files,
                manageRoles: try environment.bool("LIAISON_MANAGE_ROLES", default: true), logger: logger)
            let applied = try await migrator.migrate()
            print(applied.isEmpty
                ? "Database is current (\(files.count) migrations)."
                : "Applied \(applied.count) migration(s): \(applied.map(\.fileName).joined(separator: ", ")).")
            await database.shutdown()
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
