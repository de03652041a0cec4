import Foundation
import Logging
import Persistence

/// Real, isolated databases for tests.
///
/// `scripts/test` starts a throwaway cluster, migrates a template database once
/// and exports where it is. Each suite then gets its own database cloned from
/// the template (`CREATE DATABASE … TEMPLATE …`), so suites run in parallel
/// and start clean. Only local clusters are accepted: tests never touch a
/// database on another host.
public enum TestDatabase {
    /// The cluster's admin URL (`LIAISON_TEST_ADMIN_URL`), e.g. `postgresql://postgres@/postgres?host=/tmp/x`.
    public static var adminURL: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment["LIAISON_TEST_ADMIN_URL"], !url.isEmpty else {
                throw TestDatabaseError.notConfigured
            }
            guard isLocal(url) else { throw TestDatabaseError.notLocal(url) }
            return url
        }
    }

    /// The migrated template (`LIAISON_TEST_TEMPLATE`, default `liaison_template`).
    public static var templateName: String {
        ProcessInfo.processInfo.environment["LIAISON_TEST_TEMPLATE"] ?? "liaison_template"
    }

    /// The repository's `sql/` folder.
    /// The checkout this test build came from.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let migrationsDirectory = repositoryRoot.appendingPathComponent("sql")

    /// A new database cloned from the migrated template; its connection string.
    public static func cloneTemplate(label: String) async throws -> String {
        try await createDatabase(label: label, template: templateName)
    }

    /// A new, empty database (from `template0`, not migrated); its connection string.
    public static func createEmpty(label: String) async throws -> String {
        try await createDatabase(label: label, template: "template0")
    }

    /// The database a suite shares across its tests: created on first use, then reused.
    /// `setup` (trusted SQL, run as the superuser) runs once, when the database is created,
    /// so that tests of the suite running in parallel do not race to create the same objects.
    public static func forSuite(_ suite: String, setup: String? = nil) async throws -> String {
        try await SuiteDatabases.shared.url(for: suite, setup: setup)
    }

    /// The pool on a suite's database as the application role (row-level security applies),
    /// shared by the suite's tests so that connections do not pile up. Do not shut it down.
    public static func appDatabase(suite: String) async throws -> Database {
        try await SuiteDatabases.shared.appPool(for: suite)
    }

    /// Reads a suite's database as BI tools do: as `liaison_bi`, through the bi views.
    public static func readAsBI<Result: Sendable>(suite: String, _ body: (Transaction) async throws -> Result) async throws -> Result {
        let bi = Database(configuration: DatabaseConfiguration(
            connectionString: try await forSuite(suite), role: "liaison_bi", maxConnections: 1))
        do {
            let result = try await bi.withTransaction(TransactionOptions(), body)
            await bi.shutdown()
            return result
        } catch {
            await bi.shutdown()
            throw error
        }
    }

    /// A pool on a database as the cluster's superuser, for setup and inspection.
    public static func adminDatabase(url: String, maxConnections: Int = 2) -> Database {
        Database(configuration: DatabaseConfiguration(
            connectionString: url, role: nil, maxConnections: maxConnections, applicationName: "liaison-test-admin"))
    }

    /// A connection string that points at the same cluster but another database.
    public static func url(_ base: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.path = "/" + database
        return components.string ?? base
    }

    static func isLocal(_ url: String) -> Bool {
        guard let components = URLComponents(string: url) else { return false }
        let host = components.host ?? ""
        let socketHost = components.queryItems?.first { $0.name == "host" }?.value
        if let socketHost { return socketHost.hasPrefix("/") }
        return ["", "localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
    }

    private static func createDatabase(label: String, template: String) async throws -> String {
        let admin = try await SuiteDatabases.shared.admin()
        let name = "t_" + label.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }.prefix(40)
            + "_" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        // CREATE DATABASE takes no parameters; both names are quoted identifiers made here.
        _ = try await admin.withConnection { connection in
            try await connection.execute("CREATE DATABASE \(SQLIdentifier(name)) TEMPLATE \(SQLIdentifier(template))")
        }
        return url(try adminURL, database: name)
    }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
    case notConfigured
    case notLocal(String)

    public var description: String {
        switch self {
        case .notConfigured: "LIAISON_TEST_ADMIN_URL is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL"
        case .notLocal(let url): "refusing to run tests against a non-local database: \(url)"
        }
    }
}

/// One database per suite, created once; and the admin pool that creates them.
actor SuiteDatabases {
    static let shared = SuiteDatabases()

    private var urls: [String: Task<String, any Error>] = [:]
    private var adminPool: Database?

    private var appPools: [String: Database] = [:]

    func admin() throws -> Database {
        if let adminPool { return adminPool }
        // Every suite clones its database at about the same moment; clones queue here, so
        // the wait may be long while nothing is wrong.
        let pool = Database(configuration: DatabaseConfiguration(
            connectionString: try TestDatabase.adminURL, role: nil, maxConnections: 4, acquireTimeout: .seconds(300),
            applicationName: "liaison-test-admin"))
        adminPool = pool
        return pool
    }

    func appPool(for suite: String) async throws -> Database {
        let url = try await url(for: suite, setup: nil)
        if let pool = appPools[suite] { return pool }
        let pool = Database(configuration: DatabaseConfiguration(
            connectionString: url, role: "liaison_app", maxConnections: 4, acquireTimeout: .seconds(60),
            applicationName: "liaison-test-\(suite)"))
        appPools[suite] = pool
        return pool
    }

    func url(for suite: String, setup: String?) async throws -> String {
        if let task = urls[suite] { return try await task.value }
        let task = Task {
            let url = try await TestDatabase.cloneTemplate(label: suite)
            if let setup {
                let database = TestDatabase.adminDatabase(url: url, maxConnections: 1)
                try await database.withConnection { try await $0.executeScript(unescaped: setup) }
                await database.shutdown()
            }
            return url
        }
        urls[suite] = task
        return try await task.value
    }
}
