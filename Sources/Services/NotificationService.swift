import Domain
import Foundation
import Persistence

/// The current user's notifications (issue 4 item 10), newest first.
public struct NotificationService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public func mine(_ caller: Caller, page: PageRequest) async throws -> Page<StaffNotification> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            page.page(
                from: try await NotificationRepository.list(
                    recipientID: caller.actor.userID, beforeID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }
}
