import APIContract
import Domain
import Foundation
import Services

// The information register 信息交流表 (INF-1/2).
extension APIHandler {
    func listInformationEntries(_ input: Operations.ListInformationEntries.Input) async throws -> Operations.ListInformationEntries.Output {
        let query = input.query
        let page = try await services.informationRegister.list(
            officeID: query.officeId, urgent: query.urgent, open: query.open, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func recordInformationEntry(_ input: Operations.RecordInformationEntry.Input) async throws -> Operations.RecordInformationEntry.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let entry = try await services.informationRegister.record(
            .init(
                officeID: body.officeId, direction: try Self.wire(body.direction), sourceKind: try Self.wire(body.sourceKind), source: body.source,
                content: body.content, told: body.told, urgent: body.urgent ?? false, majorNonconformity: body.majorNonconformity ?? false,
                receivedAt: body.receivedAt),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(entry.version)), body: .json(try Self.schema(entry))))
    }

    func getInformationEntry(_ input: Operations.GetInformationEntry.Input) async throws -> Operations.GetInformationEntry.Output {
        let entry = try await services.informationRegister.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(entry.version)), body: .json(try Self.schema(entry))))
    }

    func reviseInformationEntry(_ input: Operations.ReviseInformationEntry.Input) async throws -> Operations.ReviseInformationEntry.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let entry = try await services.informationRegister.revise(
            id: input.path.id, told: body.told, handling: body.handling, reviewedMeetingID: body.reviewedMeetingId,
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(entry.version)), body: .json(try Self.schema(entry))))
    }

    func writeInformationActionReport(
        _ input: Operations.WriteInformationActionReport.Input
    ) async throws -> Operations.WriteInformationActionReport.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let entry = try await services.informationRegister.writeActionReport(
            id: input.path.id, report: body.report, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(entry.version)), body: .json(try Self.schema(entry))))
    }

    func approveInformationActionReport(
        _ input: Operations.ApproveInformationActionReport.Input
    ) async throws -> Operations.ApproveInformationActionReport.Output {
        let entry = try await services.informationRegister.approveActionReport(
            id: input.path.id, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(entry.version)), body: .json(try Self.schema(entry))))
    }

    func closeInformationEntry(_ input: Operations.CloseInformationEntry.Input) async throws -> Operations.CloseInformationEntry.Output {
        let entry = try await services.informationRegister.close(
            id: input.path.id, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(entry.version)), body: .json(try Self.schema(entry))))
    }

    static func schema(_ entry: InformationEntry) throws -> Components.Schemas.InformationEntry {
        .init(
            id: entry.id, officeId: entry.officeID, direction: try wire(entry.direction), marker: entry.marker,
            sourceKind: try wire(entry.sourceKind), source: entry.source, content: entry.content, told: entry.told, handling: entry.handling,
            urgent: entry.urgent, majorNonconformity: entry.majorNonconformity, receivedAt: entry.receivedAt, recordedBy: entry.recordedBy,
            recordedAt: entry.recordedAt, reviewedMeetingId: entry.reviewedMeetingID, actionReportRequired: entry.urgent,
            actionReport: entry.actionReport, actionReportBy: entry.actionReportBy, actionReportAt: entry.actionReportAt,
            actionApprovedBy: entry.actionApprovedBy, actionApprovedAt: entry.actionApprovedAt, closed: entry.closedAt != nil,
            closedAt: entry.closedAt, version: entry.version)
    }
}
