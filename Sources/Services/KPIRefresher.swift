import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// The background job of `liaison serve` that keeps the KPI rollups fresh (issue 5): every
/// `interval` it recomputes the office-days whose tickets or clocks changed (marked in
/// `liaison.kpi_dirty` by the writing transactions), the longer periods containing them and the
/// ranks of those periods (`liaison.refresh_office_kpi`, sql/0017). A change is in the bi views
/// within one interval plus one refresh; several server instances take turns (an advisory lock).
public struct KPIRefresher: Service {
    private let database: Database
    private let interval: Duration
    private let batchSize: Int
    private let logger: Logger

    public init(database: Database, interval: Duration = .seconds(15), batchSize: Int = 100_000, logger: Logger = Logger(label: "liaison.kpi")) {
        self.database = database
        self.interval = interval
        self.batchSize = batchSize
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let days = try await refresh()
                    if days > 0 { logger.debug("refreshed KPIs", metadata: ["officeDays": "\(days)"]) }
                } catch {
                    // The database may be down for a while; the marks stay, the next round tries again.
                    logger.warning("KPI refresh failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One refresh of up to `batchSize` marks, in one transaction; returns the office-days recomputed.
    @discardableResult
    public func refresh() async throws -> Int {
        let options = TransactionOptions(settings: [TransactionSetting("liaison.actor_scope", "all")])
        return try await database.withTransaction(options) { tx in try await KPIRepository.refresh(maxRows: batchSize, in: tx) }
    }

    /// Refreshes until no mark is left (after a bulk load, or in tests); returns the office-days recomputed.
    @discardableResult
    public func refreshAll() async throws -> Int {
        var total = 0
        while true {
            let days = try await refresh()
            total += days
            let pending = try await database.withTransaction(TransactionOptions(settings: [TransactionSetting("liaison.actor_scope", "all")])) { tx in
                try await KPIRepository.pendingMarks(in: tx)
            }
            if pending == 0 { return total }
            // Another instance holds the refresh: let it finish its round.
            if days == 0 { try await Task.sleep(for: .milliseconds(200)) }
        }
    }
}
