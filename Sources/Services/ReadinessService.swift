import Persistence

/// Whether this instance can serve: the database answers and its schema is
/// exactly the one this build was made for.
public struct ReadinessService: Sendable {
    public enum Report: Sendable, Equatable {
        case ready(applied: Int, expected: Int)
        /// The database could not be reached or did not answer.
        case databaseUnreachable
        /// The database answers, but migrations are pending, edited or unknown to this build (versions).
        case migrationsNotCurrent(pending: [Int], edited: [Int], unknown: [Int])
    }

    private let database: Database
    private let migrator: Migrator

    public init(database: Database, migrations: [Migration]) {
        self.database = database
        self.migrator = Migrator(database: database, migrations: migrations)
    }

    public func check() async -> Report {
        do {
            let status = try await migrator.status()
            return status.isCurrent
                ? .ready(applied: status.applied.count, expected: status.expected.count)
                : .migrationsNotCurrent(pending: status.pending, edited: status.edited, unknown: status.unknown)
        } catch {
            return .databaseUnreachable
        }
    }
}
