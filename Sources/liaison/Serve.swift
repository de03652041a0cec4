import ArgumentParser
import HTTPAPI
import Hummingbird
import Logging
import Metrics
import Persistence
import Prometheus
import ServiceLifecycle
import Services

/// `liaison serve`: refuses to start on a database whose migrations are not
/// current, then serves until SIGINT or SIGTERM and shuts down gracefully.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the HTTP API.")

    @Option(help: "Address to listen on (env LIAISON_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env LIAISON_PORT).")
    var port: Int?

    @Option(help: "Folder of the NNNN_*.sql migrations (env LIAISON_MIGRATIONS_DIR).")
    var migrations: String?

    func run() async throws {
        let environment = Environment()
        try environment.bootstrapLogging()
        let logger = Logger(label: "liaison")

        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

        let migrationFiles = try Migration.load(from: environment.migrationsDirectory(flag: migrations))
        let database = Database(configuration: try environment.database(assumeAppRole: true), logger: logger)
        let readiness = ReadinessService(database: database, migrations: migrationFiles)

        // House rule: never serve a schema this build was not made for.
        switch await readiness.check() {
        case .ready:
            break
        case .databaseUnreachable:
            logger.warning("the database is unreachable; serving, /ready answers 503 until it is back")
        case .migrationsNotCurrent(let pending, let edited, let unknown):
            await database.shutdown()
            throw ValidationError(
                "migrations are not current (pending \(pending), edited \(edited), unknown \(unknown)); run `liaison migrate`")
        }

        let http = HTTPConfiguration(
            host: host ?? environment.string("LIAISON_HOST") ?? "127.0.0.1",
            port: try port ?? environment.integer("LIAISON_PORT", default: 8080, range: 0...65535)
        )
        // Ticket clocks: breaches and warnings (0 turns the sweeper off, e.g. for a read-only replica).
        let sweepSeconds = try environment.integer("LIAISON_SWEEP_INTERVAL_SECONDS", default: 5, range: 0...3600)
        let sweeper: [any Service] = sweepSeconds == 0 ? [] : [
            DeadlineSweeper(database: database, interval: .seconds(sweepSeconds), logger: Logger(label: "liaison.sweeper")),
        ]
        // KPI rollups behind the bi views and rankings (0 turns the refresher off; the marks wait).
        let kpiSeconds = try environment.integer("LIAISON_KPI_REFRESH_SECONDS", default: 15, range: 0...3600)
        let refresher: [any Service] = kpiSeconds == 0 ? [] : [
            KPIRefresher(database: database, interval: .seconds(kpiSeconds), logger: Logger(label: "liaison.kpi")),
        ]
        let app = try buildApplication(
            configuration: http,
            services: HTTPServices(database: database, readiness: readiness, hasher: PasswordHasher(), metrics: registry),
            lifecycle: [database] + sweeper + refresher,
            logger: logger
        )
        try await app.runService()
    }
}
