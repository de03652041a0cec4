import Domain
import Foundation
import Persistence

/// Fault escalation forms (INF-3, TKT-9): the `escalate` step with level `hq_department` sends a
/// ticket to an HQ department (TicketService); here the department commits to a completion time
/// and answers, each step one history event of the ticket in its transaction. Only members of the
/// department the form was sent to (or leadership) act on it.
public struct EscalationService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// How far ahead a department may commit (a longer promise is no promise).
    public static let longestCommitment: TimeInterval = 90 * 86_400

    public func list(
        departmentID: Int64?, officeID: Int64?, answered: Bool?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<TicketEscalation> {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            page.page(
                from: try await TicketEscalationRepository.list(
                    departmentID: departmentID, officeID: officeID, answered: answered, afterID: page.afterID, limit: page.limit,
                    in: work.tx),
                id: \.id)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> TicketEscalation {
        try await runner.perform(caller, .readTickets, readOnly: true) { work in
            try await Self.escalation(id, work: work)
        }
    }

    /// The department commits to a completion time (again, to change it, until it answers).
    public func commit(id: Int64, completeBy: Date, _ caller: Caller) async throws -> TicketEscalation {
        try await runner.perform(caller, .answerEscalations) { work in
            let escalation = try await Self.escalation(id, work: work, forUpdate: true, actingAsDepartment: true)
            guard escalation.stage != .answered else { throw ServiceError.invalidState("the form is already answered") }
            guard completeBy > work.now, completeBy <= work.now.addingTimeInterval(Self.longestCommitment) else {
                throw ServiceError.validation([FieldIssue("completeBy", "must be in the future and within 90 days")])
            }
            try await TicketEscalationRepository.commit(escalation, completeBy: completeBy, by: caller.actor.userID, at: work.now, in: work.tx)
            try await Self.record(
                escalation, kind: "escalation_committed",
                payload: ["escalation_id": String(id), "complete_by": completeBy.formatted(.iso8601)], work: work)
            return try await Self.escalation(id, work: work)
        }
    }

    /// The department's answer: the office is told and goes on with the ticket (resume or complete).
    public func answer(id: Int64, text: String, _ caller: Caller) async throws -> TicketEscalation {
        try await runner.perform(caller, .answerEscalations) { work in
            let escalation = try await Self.escalation(id, work: work, forUpdate: true, actingAsDepartment: true)
            switch escalation.stage {
            case .answered: throw ServiceError.invalidState("the form is already answered")
            case .sent: throw ServiceError.invalidState("commit to a completion time first (INF-3)")
            case .committed: break
            }
            let answer = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !answer.isEmpty, answer.count <= 2000 else {
                throw ServiceError.validation([FieldIssue("answer", "must have 1-2000 characters")])
            }
            try await TicketEscalationRepository.answer(escalation, answer: answer, by: caller.actor.userID, at: work.now, in: work.tx)
            let ticket = try await Self.record(
                escalation, kind: "escalation_answered", payload: ["escalation_id": String(id), "answer": answer], work: work)
            try await NotificationRepository.insert(
                officeID: ticket.officeID, recipientID: ticket.assigneeID ?? ticket.receiverID, kind: .escalationAnswered,
                ticketID: ticket.id, at: work.now, in: work.tx)
            return try await Self.escalation(id, work: work)
        }
    }

    /// Appends the step to the ticket's history (its state unchanged); the ticket.
    @discardableResult
    private static func record(
        _ escalation: TicketEscalation, kind: String, payload: [String: String], work: ServiceWork
    ) async throws -> Ticket {
        guard let ticket = try await TicketRepository.find(id: escalation.ticketID, in: work.tx) else {
            throw ServiceError.notFound("no ticket with id \(escalation.ticketID)")
        }
        try await work.appendTicketEvent(to: ticket, kind: kind, payload: payload)
        return ticket
    }

    /// The form, if the caller may see it; acting as the department also needs membership of it (or leadership).
    private static func escalation(
        _ id: Int64, work: ServiceWork, forUpdate: Bool = false, actingAsDepartment: Bool = false
    ) async throws -> TicketEscalation {
        guard let escalation = try await TicketEscalationRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              work.covers(office: escalation.officeID)
        else { throw ServiceError.notFound("no escalation form with id \(id)") }
        if actingAsDepartment, work.caller.actor.departmentID != escalation.departmentID,
           !work.caller.actor.roles.contains(.generalManager) {
            throw ServiceError.forbiddenHere("the form was sent to another HQ department; its members answer it (INF-3)")
        }
        return escalation
    }
}
