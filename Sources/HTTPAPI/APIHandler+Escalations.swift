import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listEscalations(_ input: Operations.ListEscalations.Input) async throws -> Operations.ListEscalations.Output {
        let query = input.query
        let page = try await services.escalations.list(
            departmentID: query.departmentId, officeID: query.officeId, answered: query.answered, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        let now = services.now()
        return .ok(.init(body: .json(.init(items: page.items.map { Self.schema($0, now: now) }, nextCursor: page.nextCursor))))
    }

    func getEscalation(_ input: Operations.GetEscalation.Input) async throws -> Operations.GetEscalation.Output {
        let escalation = try await services.escalations.get(id: input.path.id, try await caller())
        return .ok(.init(body: .json(Self.schema(escalation, now: services.now()))))
    }

    func commitEscalation(_ input: Operations.CommitEscalation.Input) async throws -> Operations.CommitEscalation.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let escalation = try await services.escalations.commit(id: input.path.id, completeBy: body.completeBy, try await caller())
        return .ok(.init(body: .json(Self.schema(escalation, now: services.now()))))
    }

    func answerEscalation(_ input: Operations.AnswerEscalation.Input) async throws -> Operations.AnswerEscalation.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let escalation = try await services.escalations.answer(id: input.path.id, text: body.answer, try await caller())
        return .ok(.init(body: .json(Self.schema(escalation, now: services.now()))))
    }

    static func schema(_ escalation: TicketEscalation, now: Date) -> Components.Schemas.Escalation {
        .init(
            id: escalation.id, officeId: escalation.officeID, ticketId: escalation.ticketID, ticketNumber: escalation.ticketNumber,
            departmentId: escalation.departmentID, reason: escalation.reason, escalatedAt: escalation.escalatedAt,
            escalatedBy: escalation.escalatedBy, stage: .init(rawValue: escalation.stage.rawValue) ?? .sent,
            completeBy: escalation.completeBy, committedAt: escalation.committedAt, committedBy: escalation.committedBy,
            answer: escalation.answer, answeredAt: escalation.answeredAt, answeredBy: escalation.answeredBy,
            overdue: escalation.isOverdue(at: now))
    }
}
