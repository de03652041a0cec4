import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listResponsibilities(_ input: Operations.ListResponsibilities.Input) async throws -> Operations.ListResponsibilities.Output {
        let rows = try await services.responsibilities.list(officeID: input.path.id, try await caller())
        return .ok(.init(body: .json(.init(items: rows.map(Self.schema)))))
    }

    func setResponsibility(_ input: Operations.SetResponsibility.Input) async throws -> Operations.SetResponsibility.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        guard let category = TicketCategory(rawValue: input.path.category.rawValue),
              let team = OfficeTeam(rawValue: body.team.rawValue)
        else { throw ServiceError.validation([FieldIssue("category", "unknown category or team")]) }
        let row = try await services.responsibilities.set(
            officeID: input.path.id, category: category, team: team, defaultUserID: body.defaultUserId,
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(row.version)), body: .json(Self.schema(row))))
    }

    static func schema(_ row: Responsibility) -> Components.Schemas.Responsibility {
        .init(
            officeId: row.officeID, category: .init(rawValue: row.category.rawValue) ?? .inquiry,
            team: .init(rawValue: row.team.rawValue) ?? .customerService, defaultUserId: row.defaultUserID, version: row.version)
    }
}
