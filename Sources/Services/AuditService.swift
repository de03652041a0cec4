import Domain
import Foundation
import Persistence

/// Reading the audit trail (HQ oversight: `audit.read`).
public struct AuditService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// Newest first; the page's cursor continues with older rows.
    public func list(_ caller: Caller, filter: AuditFilter, page: PageRequest) async throws -> Page<AuditEvent> {
        if let from = filter.from, let to = filter.to, from >= to {
            throw ServiceError.validation([FieldIssue("to", "must be after from")])
        }
        return try await runner.perform(caller, .readAudit, readOnly: true) { work in
            page.page(from: try await AuditRepository.list(filter, beforeID: page.afterID, limit: page.limit, in: work.tx), id: \.id)
        }
    }
}
