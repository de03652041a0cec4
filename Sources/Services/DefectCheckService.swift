import Domain
import Foundation
import Persistence

/// Checks after the repair of a major defect (SRV-2): marking a repaired ticket as a major defect
/// schedules on-site checks (`DefectCheckPolicy`); each check's special record says whether the
/// defect persists, and a persisting defect must name the rework ticket recorded for it. Each step
/// is one history event of the repaired ticket, in its transaction.
public struct DefectCheckService: Sendable {
    private let runner: ServiceRunner
    private let policy: DefectCheckPolicy

    public init(database: Database, policy: DefectCheckPolicy = .seedDefaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    /// A check and whether it is overdue (company zone).
    public struct View: Sendable {
        public let check: DefectCheck
        public let overdue: Bool
    }

    /// The states in which the repair is done (completed or later, not cancelled).
    static let repaired: Set<TicketState> = [.completed, .accepted, .returnVisited, .closed]

    /// Marks a repaired engineering ticket as a major defect and schedules its checks; once per ticket.
    public func markMajorDefect(ticketID: Int64, defect: MajorDefect, _ caller: Caller) async throws -> [View] {
        try await runner.perform(caller, .processTickets, fields: ["defect_check_sequence_key": "ticketId"]) { work in
            let ticket = try await TicketService.ticket(ticketID, work: work, forUpdate: true)
            guard ticket.category == .engineering else {
                throw ServiceError.invalidState("the ticket is a \(ticket.category.rawValue); major defect checks follow repairs (SRV-2)")
            }
            guard Self.repaired.contains(ticket.state) else {
                throw ServiceError.invalidState("the ticket is \(ticket.state.rawValue); checks follow a finished repair (SRV-2)")
            }
            guard try await DefectCheckRepository.checks(of: ticket, in: work.tx).isEmpty else {
                throw ServiceError.invalidState("the ticket is already marked as a major defect")
            }
            let zone = try await work.companyTimeZone()
            let today = LocalDate(work.now, in: zone)
            let days = policy.dueDays(after: today)
            try await DefectCheckRepository.schedule(ticket: ticket, defect: defect, dueDays: days, in: work.tx)
            try await work.appendTicketEvent(
                to: ticket, kind: "major_defect",
                payload: ["defect": defect.rawValue, "checks_due": days.map(\.description).joined(separator: ",")])
            return try await DefectCheckRepository.checks(of: ticket, in: work.tx).map { View(check: $0, overdue: $0.isOverdue(on: today)) }
        }
    }

    public func list(officeID: Int64?, pending: Bool, _ caller: Caller, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            let rows = try await DefectCheckRepository.list(
                officeID: officeID, pending: pending, afterID: page.afterID, limit: page.limit, in: work.tx)
            let checks = page.page(from: rows, id: \.id)
            return Page(items: checks.items.map { View(check: $0, overdue: $0.isOverdue(on: today)) }, nextCursor: checks.nextCursor)
        }
    }

    /// The special record of one check; a persisting defect names its rework ticket (recorded first, of the same office).
    public func record(
        id: Int64, result: String, defectPersists: Bool, followUpTicketID: Int64?, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, .processTickets) { work in
            guard var check = try await DefectCheckRepository.find(id: id, forUpdate: true, in: work.tx), work.covers(office: check.officeID)
            else { throw ServiceError.notFound("no defect check with id \(id)") }
            guard check.checkedAt == nil else { throw ServiceError.invalidState("the check is already recorded") }
            let text = result.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, text.count <= 2000 else {
                throw ServiceError.validation([FieldIssue("result", "must have 1-2000 characters")])
            }
            if defectPersists {
                guard let followUp = followUpTicketID, followUp != check.ticketID,
                      let rework = try await TicketRepository.find(id: followUp, in: work.tx), rework.officeID == check.officeID
                else {
                    throw ServiceError.validation([FieldIssue(
                        "followUpTicketId", "a persisting defect needs the rework ticket recorded for it, in the same office (SRV-2)")])
                }
                check.followUpTicketID = rework.id
            } else if followUpTicketID != nil {
                throw ServiceError.validation([FieldIssue("followUpTicketId", "is only for a defect that persists")])
            }
            check.checkedAt = work.now
            check.checkerID = caller.actor.userID
            check.result = text
            check.defectPersists = defectPersists
            try await DefectCheckRepository.record(check, in: work.tx)
            guard let ticket = try await TicketRepository.find(id: check.ticketID, in: work.tx) else {
                throw ServiceError.notFound("no ticket with id \(check.ticketID)")
            }
            var payload = ["check": String(check.sequence), "result": text, "defect_persists": String(defectPersists)]
            if let followUp = check.followUpTicketID { payload["follow_up_ticket_id"] = String(followUp) }
            try await work.appendTicketEvent(to: ticket, kind: "defect_check", payload: payload)
            return View(check: check, overdue: false)
        }
    }
}
