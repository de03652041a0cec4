import Domain
import Foundation
import Persistence

/// A complaint's corrective action (CMP-3/4): QUALITY issues the corrective plan, the office
/// carries it out fully, QUALITY verifies it by a return visit, and a major complaint's corrective
/// action report is published company-wide. Each step is one history event of the complaint in
/// its transaction; the complaint cannot close until the steps are done (`CorrectiveAction.closeBlockers`).
public struct CorrectiveActionService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct ReportDraft: Sendable {
        public var nonconformity: String
        public var cause: String
        public var action: String
        public var effect: String

        public init(nonconformity: String, cause: String, action: String, effect: String = "") {
            self.nonconformity = nonconformity
            self.cause = cause
            self.action = action
            self.effect = effect
        }
    }

    public func get(ticketID: Int64, _ caller: Caller) async throws -> CorrectiveAction {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let ticket = try await TicketService.ticket(ticketID, work: work)
            guard let action = try await CorrectiveActionRepository.find(of: ticket, in: work.tx) else {
                throw ServiceError.notFound("ticket \(ticketID) has no corrective action")
            }
            return action
        }
    }

    /// Published corrective action reports of every office, newest complaint first (CMP-4: announced to all staff).
    public func reports(_ caller: Caller, page: PageRequest) async throws -> Page<CorrectiveAction> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            let rows = try await CorrectiveActionRepository.published(beforeTicketID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.ticketID)
        }
    }

    /// QUALITY issues (or, until the office has carried it out, revises) the corrective plan of an open complaint.
    public func issuePlan(ticketID: Int64, plan: String, major: Bool, _ caller: Caller) async throws -> CorrectiveAction {
        try await runner.perform(caller, .correctComplaints) { work in
            let ticket = try await Self.openComplaint(ticketID, work: work)
            let text = try Self.text(plan, field: "plan")
            var action: CorrectiveAction
            if var existing = try await CorrectiveActionRepository.find(of: ticket, forUpdate: true, in: work.tx) {
                guard existing.implementedAt == nil else {
                    throw ServiceError.invalidState("the office has carried out the plan; it can no longer be revised")
                }
                existing.plan = text
                existing.major = major
                existing.plannedAt = work.now
                existing.plannedBy = caller.actor.userID
                try await CorrectiveActionRepository.update(existing, in: work.tx)
                action = existing
            } else {
                action = CorrectiveAction(
                    officeID: ticket.officeID, ticketID: ticket.id, ticketNumber: ticket.number, major: major, plan: text,
                    plannedAt: work.now, plannedBy: caller.actor.userID)
                try await CorrectiveActionRepository.insert(action, in: work.tx)
            }
            return try await Self.record(ticket, kind: "corrective_plan", payload: ["plan": text, "major": String(major)], work: work)
        }
    }

    /// The office records that it carried out the plan fully (CMP-3).
    public func recordImplementation(ticketID: Int64, text: String, _ caller: Caller) async throws -> CorrectiveAction {
        try await runner.perform(caller, .processTickets) { work in
            let ticket = try await Self.openComplaint(ticketID, work: work)
            var action = try await Self.action(of: ticket, work: work)
            guard action.implementedAt == nil else { throw ServiceError.invalidState("the implementation is already recorded") }
            let text = try Self.text(text, field: "implementation")
            action.implementation = text
            action.implementedAt = work.now
            action.implementedBy = caller.actor.userID
            try await CorrectiveActionRepository.update(action, in: work.tx)
            return try await Self.record(ticket, kind: "corrective_implemented", payload: ["implementation": text], work: work)
        }
    }

    /// QUALITY's return visit (CMP-3): effective closes the loop; not effective sends the office back to carry it out again.
    public func verify(ticketID: Int64, text: String, effective: Bool, _ caller: Caller) async throws -> CorrectiveAction {
        try await runner.perform(caller, .correctComplaints) { work in
            let ticket = try await Self.openComplaint(ticketID, work: work)
            var action = try await Self.action(of: ticket, work: work)
            guard action.implementedAt != nil else {
                throw ServiceError.invalidState("the office has not recorded carrying out the plan yet")
            }
            guard action.verifiedEffective != true else { throw ServiceError.invalidState("the corrective action is already verified") }
            let text = try Self.text(text, field: "result")
            if effective {
                action.verification = text
                action.verifiedEffective = true
                action.verifiedAt = work.now
                action.verifiedBy = caller.actor.userID
            } else {
                // The office carries it out again; the history keeps this visit and the earlier implementation.
                action.implementation = nil
                action.implementedAt = nil
                action.implementedBy = nil
            }
            try await CorrectiveActionRepository.update(action, in: work.tx)
            return try await Self.record(
                ticket, kind: "corrective_verified", payload: ["result": text, "effective": String(effective)], work: work)
        }
    }

    /// QUALITY publishes the corrective action report 纠正措施报告 company-wide (CMP-4); once.
    public func publishReport(ticketID: Int64, _ draft: ReportDraft, _ caller: Caller) async throws -> CorrectiveAction {
        try await runner.perform(caller, .correctComplaints) { work in
            let ticket = try await Self.openComplaint(ticketID, work: work)
            var action = try await Self.action(of: ticket, work: work)
            guard action.report == nil else { throw ServiceError.invalidState("the report is already published") }
            action.report = CorrectiveAction.Report(
                nonconformity: try Self.text(draft.nonconformity, field: "nonconformity"), cause: try Self.text(draft.cause, field: "cause"),
                action: try Self.text(draft.action, field: "action"), effect: try Self.text(draft.effect, field: "effect", required: false),
                publishedAt: work.now, publishedBy: caller.actor.userID)
            try await CorrectiveActionRepository.update(action, in: work.tx)
            return try await Self.record(ticket, kind: "corrective_report_published", payload: ["action": draft.action], work: work)
        }
    }

    // MARK: Rules

    private static func openComplaint(_ id: Int64, work: ServiceWork) async throws -> Ticket {
        let ticket = try await TicketService.ticket(id, work: work, forUpdate: true)
        guard ticket.category == .complaint else {
            throw ServiceError.invalidState("the ticket is a \(ticket.category.rawValue); corrective action is for complaints (CMP-3)")
        }
        guard !ticket.state.isTerminal else { throw ServiceError.invalidState("the complaint is \(ticket.state.rawValue)") }
        return ticket
    }

    private static func action(of ticket: Ticket, work: ServiceWork) async throws -> CorrectiveAction {
        guard let action = try await CorrectiveActionRepository.find(of: ticket, forUpdate: true, in: work.tx) else {
            throw ServiceError.invalidState("QUALITY has not issued a corrective plan for this complaint (CMP-3)")
        }
        return action
    }

    private static func text(_ value: String, field: String, required: Bool = true) throws -> String {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (!required || !text.isEmpty), text.count <= 4000 else {
            throw ServiceError.validation([FieldIssue(field, required ? "must have 1-4000 characters" : "must have at most 4000 characters")])
        }
        return text
    }

    /// Appends the step to the complaint's history and answers the record as stored.
    private static func record(_ ticket: Ticket, kind: String, payload: [String: String], work: ServiceWork) async throws -> CorrectiveAction {
        try await work.appendTicketEvent(to: ticket, kind: kind, payload: payload.filter { !$0.value.isEmpty })
        guard let action = try await CorrectiveActionRepository.find(of: ticket, in: work.tx) else {
            throw ServiceError.notFound("ticket \(ticket.id) has no corrective action")
        }
        return action
    }
}
