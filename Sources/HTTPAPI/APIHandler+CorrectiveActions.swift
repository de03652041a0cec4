import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func getCorrectiveAction(_ input: Operations.GetCorrectiveAction.Input) async throws -> Operations.GetCorrectiveAction.Output {
        .ok(.init(body: .json(Self.schema(try await services.correctiveActions.get(ticketID: input.path.id, try await caller())))))
    }

    func issueCorrectivePlan(_ input: Operations.IssueCorrectivePlan.Input) async throws -> Operations.IssueCorrectivePlan.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let action = try await services.correctiveActions.issuePlan(
            ticketID: input.path.id, plan: body.plan, major: body.major ?? false, try await caller())
        return .ok(.init(body: .json(Self.schema(action))))
    }

    func recordCorrectiveImplementation(
        _ input: Operations.RecordCorrectiveImplementation.Input
    ) async throws -> Operations.RecordCorrectiveImplementation.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let action = try await services.correctiveActions.recordImplementation(
            ticketID: input.path.id, text: body.implementation, try await caller())
        return .ok(.init(body: .json(Self.schema(action))))
    }

    func verifyCorrectiveAction(_ input: Operations.VerifyCorrectiveAction.Input) async throws -> Operations.VerifyCorrectiveAction.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let action = try await services.correctiveActions.verify(
            ticketID: input.path.id, text: body.result, effective: body.effective, try await caller())
        return .ok(.init(body: .json(Self.schema(action))))
    }

    func publishCorrectiveReport(_ input: Operations.PublishCorrectiveReport.Input) async throws -> Operations.PublishCorrectiveReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let action = try await services.correctiveActions.publishReport(
            ticketID: input.path.id,
            .init(nonconformity: body.nonconformity, cause: body.cause, action: body.action, effect: body.effect ?? ""), try await caller())
        return .ok(.init(body: .json(Self.schema(action))))
    }

    func listCorrectiveReports(_ input: Operations.ListCorrectiveReports.Input) async throws -> Operations.ListCorrectiveReports.Output {
        let page = try await services.correctiveActions.reports(
            try await caller(), page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    static func schema(_ action: CorrectiveAction) -> Components.Schemas.CorrectiveAction {
        .init(
            ticketId: action.ticketID, ticketNumber: action.ticketNumber, officeId: action.officeID, major: action.major, plan: action.plan,
            plannedAt: action.plannedAt, plannedBy: action.plannedBy, implementation: action.implementation,
            implementedAt: action.implementedAt, implementedBy: action.implementedBy, verification: action.verification,
            verifiedAt: action.verifiedAt, verifiedBy: action.verifiedBy,
            report: action.report.map {
                .init(
                    nonconformity: $0.nonconformity, cause: $0.cause, action: $0.action, effect: $0.effect, publishedAt: $0.publishedAt,
                    publishedBy: $0.publishedBy)
            },
            closeBlockers: action.closeBlockers, version: action.version)
    }
}
