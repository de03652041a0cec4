import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listComplaintSummaries(_ input: Operations.ListComplaintSummaries.Input) async throws -> Operations.ListComplaintSummaries.Output {
        let page = try await services.complaintSummaries.list(
            officeID: input.query.officeId, period: try input.query.period.map { try Self.wire($0) }, try await caller(),
            page: try Self.pageRequest(input.query.limit, input.query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func prepareComplaintSummary(_ input: Operations.PrepareComplaintSummary.Input) async throws -> Operations.PrepareComplaintSummary.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.complaintSummaries.prepare(
            officeID: body.officeId, period: try Self.wire(body.period), containing: try Self.day(body.day, field: "day"),
            handling: body.handling ?? "", try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.summary.version)), body: .json(try Self.schema(view))))
    }

    func getComplaintSummary(_ input: Operations.GetComplaintSummary.Input) async throws -> Operations.GetComplaintSummary.Output {
        let view = try await services.complaintSummaries.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.summary.version)), body: .json(try Self.schema(view))))
    }

    func reviseComplaintSummary(_ input: Operations.ReviseComplaintSummary.Input) async throws -> Operations.ReviseComplaintSummary.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.complaintSummaries.revise(
            id: input.path.id, handling: body.handling, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.summary.version)), body: .json(try Self.schema(view))))
    }

    func approveComplaintSummary(_ input: Operations.ApproveComplaintSummary.Input) async throws -> Operations.ApproveComplaintSummary.Output {
        let view = try await services.complaintSummaries.approve(
            id: input.path.id, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.summary.version)), body: .json(try Self.schema(view))))
    }

    static func schema(_ view: ComplaintSummaryService.View) throws -> Components.Schemas.ComplaintSummary {
        let summary = view.summary
        return .init(
            id: summary.id, officeId: summary.officeID, period: try wire(summary.period), periodStart: summary.periodStart.description,
            lastDay: summary.periodEnd.shifted(by: -1).description, dueOn: summary.dueOn.description, received: summary.received,
            closed: summary.closed, cancelled: summary.cancelled, open: summary.open, forLeadership: summary.forLeadership,
            complaints: try summary.complaints.map { line in
                .init(
                    ticketId: line.ticketID, number: line.number, recordedAt: line.recordedAt, content: line.content,
                    state: try wire(line.state), forLeadership: line.forLeadership)
            },
            handling: summary.handling, preparedAt: summary.preparedAt, preparedBy: summary.preparedBy, approvedAt: summary.approvedAt,
            approvedBy: summary.approvedBy, published: summary.approvedAt != nil, late: view.late, version: summary.version)
    }
}
