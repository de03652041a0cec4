import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func markMajorDefect(_ input: Operations.MarkMajorDefect.Input) async throws -> Operations.MarkMajorDefect.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let checks = try await services.defectChecks.markMajorDefect(ticketID: input.path.id, defect: try Self.wire(body.defect), try await caller())
        return .ok(.init(body: .json(.init(items: try checks.map(Self.schema)))))
    }

    func listDefectChecks(_ input: Operations.ListDefectChecks.Input) async throws -> Operations.ListDefectChecks.Output {
        let page = try await services.defectChecks.list(
            officeID: input.query.officeId, pending: input.query.pending ?? false, try await caller(),
            page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func recordDefectCheck(_ input: Operations.RecordDefectCheck.Input) async throws -> Operations.RecordDefectCheck.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.defectChecks.record(
            id: input.path.id, result: body.result, defectPersists: body.defectPersists, followUpTicketID: body.followUpTicketId,
            try await caller())
        return .ok(.init(body: .json(try Self.schema(view))))
    }

    static func schema(_ view: DefectCheckService.View) throws -> Components.Schemas.DefectCheck {
        let check = view.check
        return .init(
            id: check.id, officeId: check.officeID, ticketId: check.ticketID, defect: try wire(check.defect), sequence: check.sequence,
            dueOn: check.dueOn.description, checkedAt: check.checkedAt, checkerId: check.checkerID, result: check.result,
            defectPersists: check.defectPersists, followUpTicketId: check.followUpTicketID, overdue: view.overdue)
    }
}
