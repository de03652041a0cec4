import APIContract
import Domain
import Foundation
import Services

// Safety observation and communication (SAF).
extension APIHandler {
    func listSafetyDeviations(_ input: Operations.ListSafetyDeviations.Input) async throws -> Operations.ListSafetyDeviations.Output {
        let query = input.query
        let page = try await services.safetyDeviations.list(
            officeID: query.officeId, departmentID: query.departmentId, applying: query.applying, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func approveSafetyDeviation(_ input: Operations.ApproveSafetyDeviation.Input) async throws -> Operations.ApproveSafetyDeviation.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let unit: SafetyDeviation.Unit
        switch (body.officeId, body.departmentId) {
        case (let office?, nil): unit = .office(office)
        case (nil, let department?): unit = .department(department)
        default: throw ServiceError.validation([FieldIssue("officeId", "name exactly one unit: officeId or departmentId")])
        }
        let view = try await services.safetyDeviations.approve(
            .init(
                unit: unit, clause: body.clause, deviation: body.deviation, reasons: body.reasons,
                startsOn: try Self.day(body.startsOn, field: "startsOn"), endsOn: try Self.day(body.endsOn, field: "endsOn")),
            try await caller())
        return .created(.init(body: .json(Self.schema(view))))
    }

    func getSafetyDeviation(_ input: Operations.GetSafetyDeviation.Input) async throws -> Operations.GetSafetyDeviation.Output {
        .ok(.init(body: .json(Self.schema(try await services.safetyDeviations.get(id: input.path.id, try await caller())))))
    }

    static func schema(_ view: SafetyDeviationService.View) -> Components.Schemas.SafetyDeviation {
        let deviation = view.deviation
        return .init(
            id: deviation.id, officeId: deviation.unit.officeID, departmentId: deviation.unit.departmentID, clause: deviation.clause,
            deviation: deviation.deviation, reasons: deviation.reasons, startsOn: deviation.startsOn.description,
            endsOn: deviation.endsOn.description, days: deviation.days, approvedBy: deviation.approvedBy, approvedAt: deviation.approvedAt,
            applies: view.applies, expired: view.expired)
    }
}
