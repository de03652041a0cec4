import Domain
import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// The background job of `liaison serve` (issue 4 item 10): marks ticket clocks breached when
/// they pass their due time and writes warning and breach notifications to the outbox; notifies
/// the office managers of developer questions and letters left unanswered past their due day
/// (EXT-2) and of requests whose expected answer from the developer is late, to chase it (EXT-4),
/// and of reports not submitted or published by their days (EXT-6); the organizer of minutes not
/// sent in time and the person responsible for a resolution past its day (MTG-2); the office's
/// sales staff of sale payments coming due and past due (SAL-1); and deletes Idempotency-Keys past their retention (`TicketService.idempotencyRetention`).
///
/// Safe with several server instances: each ticket is locked with `FOR UPDATE SKIP LOCKED`
/// (a ticket another instance or a transition holds is left for the next sweep), and a
/// notification exists at most once per recipient, ticket, clock, round and kind.
public struct DeadlineSweeper: Service {
    private let database: Database
    private let now: @Sendable () -> Date
    private let interval: Duration
    private let batchSize: Int
    private let salesPolicy: SalesPolicy
    private let logger: Logger

    public init(
        database: Database, interval: Duration = .seconds(5), batchSize: Int = 200, salesPolicy: SalesPolicy = .defaults,
        logger: Logger = Logger(label: "liaison.sweeper"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.interval = interval
        self.batchSize = batchSize
        self.salesPolicy = salesPolicy
        self.logger = logger
        self.now = now
    }

    public struct Outcome: Sendable, Equatable {
        public var breached = 0
        public var warned = 0
        public var notifications = 0
        public var expiredKeys = 0
        /// Records found undone past their due day (developer matters, minutes, resolutions, documents, sale
        /// payments; each once), and sale payments coming due (once).
        public var overdueRecords = 0

        public init(breached: Int = 0, warned: Int = 0, notifications: Int = 0, expiredKeys: Int = 0, overdueRecords: Int = 0) {
            self.breached = breached
            self.warned = warned
            self.notifications = notifications
            self.expiredKeys = expiredKeys
            self.overdueRecords = overdueRecords
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let outcome = try await sweep()
                    if outcome.breached + outcome.warned > 0 {
                        logger.info("swept clocks", metadata: ["breached": "\(outcome.breached)", "warned": "\(outcome.warned)"])
                    }
                } catch {
                    // The database may be down for a while; the next sweep tries again.
                    logger.warning("sweep failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass over the clocks that need attention now, in one transaction.
    @discardableResult
    public func sweep() async throws -> Outcome {
        let at = now()
        let options = TransactionOptions(settings: [TransactionSetting("liaison.actor_scope", "all")])
        return try await database.withTransaction(options) { tx in
            var outcome = Outcome()
            for candidate in try await NotificationRepository.ticketsNeedingAttention(at: at, limit: batchSize, in: tx) {
                guard let ticket = try await NotificationRepository.lockTicket(officeID: candidate.officeID, ticketID: candidate.ticketID, in: tx)
                else { continue }
                let before = try await TicketClockRepository.clocks(of: ticket, in: tx)
                var clocks = before
                let responsible = ticket.assigneeID ?? ticket.receiverID
                for index in clocks.indices {
                    if clocks[index].isOverdue(at: at), clocks[index].outcome == nil {
                        clocks[index].markBreachedIfOverdue(at: at)
                        outcome.breached += 1
                        let managers = try await NotificationRepository.officeManagers(officeID: ticket.officeID, in: tx)
                        for recipient in Set([responsible] + managers).sorted() {
                            if try await NotificationRepository.insert(
                                officeID: ticket.officeID, recipientID: recipient, kind: .clockBreached, ticketID: ticket.id,
                                clock: clocks[index], at: at, in: tx) { outcome.notifications += 1 }
                        }
                        try await TicketRepository.appendEvent(
                            to: ticket, kind: "clock_breached", from: ticket.state,
                            payload: ["clock": clocks[index].kind.rawValue, "round": String(clocks[index].round)],
                            actorID: nil, requestID: nil, at: at, in: tx)
                    } else if clocks[index].needsWarning(at: at) {
                        clocks[index].markWarned(at: at)
                        outcome.warned += 1
                        if try await NotificationRepository.insert(
                            officeID: ticket.officeID, recipientID: responsible, kind: .clockWarning, ticketID: ticket.id,
                            clock: clocks[index], at: at, in: tx) { outcome.notifications += 1 }
                    }
                }
                try await TicketClockRepository.save(clocks, before: before, of: ticket, in: tx)
            }
            let sales: [OverdueNotificationRepository.Rule] = [
                .salePaymentDueSoon(daysBefore: salesPolicy.reminderDaysBefore), .salePaymentOverdue,
            ]
            for rule in OverdueNotificationRepository.Rule.all + sales {
                let overdue = try await OverdueNotificationRepository.notify(rule, at: at, limit: batchSize, in: tx)
                outcome.overdueRecords += overdue.records
                outcome.notifications += overdue.notifications
            }
            outcome.expiredKeys = try await IdempotencyRepository.purge(
                storedBefore: at.addingTimeInterval(-TicketService.idempotencyRetention), limit: batchSize, in: tx)
            return outcome
        }
    }
}
