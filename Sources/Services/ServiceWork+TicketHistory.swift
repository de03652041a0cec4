import Domain
import Foundation
import Persistence

extension ServiceWork {
    /// Appends a step that leaves the ticket's state as it is (an escalation answer, a corrective
    /// action, a defect check) to its history, as this call's actor and request: the step's trail.
    func appendTicketEvent(to ticket: Ticket, kind: String, payload: [String: String]) async throws {
        try await TicketRepository.appendEvent(
            to: ticket, kind: kind, from: ticket.state, payload: payload, actorID: caller.actor.userID, requestID: caller.requestID,
            at: now, in: tx)
    }
}
