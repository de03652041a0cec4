import APIContract
import Domain
import Foundation
import Services

// Offices and departments share one Service and one schema; the generated
// operations differ only in name, so each handler is one line over `units`.
extension APIHandler {
    func listOffices(_ input: Operations.ListOffices.Input) async throws -> Operations.ListOffices.Output {
        let query = input.query
        return .ok(.init(body: .json(try await listUnits(.office, query.limit, query.after, query.includeArchived))))
    }

    func createOffice(_ input: Operations.CreateOffice.Input) async throws -> Operations.CreateOffice.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let unit = try await services.organization.create(.office, Self.draft(body), try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(unit.version), location: "/v1/offices/\(unit.id)"), body: .json(Self.schema(unit))))
    }

    func getOffice(_ input: Operations.GetOffice.Input) async throws -> Operations.GetOffice.Output {
        let unit = try await services.organization.get(.office, id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func updateOffice(_ input: Operations.UpdateOffice.Input) async throws -> Operations.UpdateOffice.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let unit = try await services.organization.update(
            .office, id: input.path.id, Self.draft(body), expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func archiveOffice(_ input: Operations.ArchiveOffice.Input) async throws -> Operations.ArchiveOffice.Output {
        let unit = try await services.organization.setArchived(
            .office, id: input.path.id, archived: true, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func restoreOffice(_ input: Operations.RestoreOffice.Input) async throws -> Operations.RestoreOffice.Output {
        let unit = try await services.organization.setArchived(
            .office, id: input.path.id, archived: false, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func listDepartments(_ input: Operations.ListDepartments.Input) async throws -> Operations.ListDepartments.Output {
        let query = input.query
        return .ok(.init(body: .json(try await listUnits(.department, query.limit, query.after, query.includeArchived))))
    }

    func createDepartment(_ input: Operations.CreateDepartment.Input) async throws -> Operations.CreateDepartment.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let unit = try await services.organization.create(.department, Self.draft(body), try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(unit.version), location: "/v1/departments/\(unit.id)"), body: .json(Self.schema(unit))))
    }

    func getDepartment(_ input: Operations.GetDepartment.Input) async throws -> Operations.GetDepartment.Output {
        let unit = try await services.organization.get(.department, id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func updateDepartment(_ input: Operations.UpdateDepartment.Input) async throws -> Operations.UpdateDepartment.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let unit = try await services.organization.update(
            .department, id: input.path.id, Self.draft(body), expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func archiveDepartment(_ input: Operations.ArchiveDepartment.Input) async throws -> Operations.ArchiveDepartment.Output {
        let unit = try await services.organization.setArchived(
            .department, id: input.path.id, archived: true, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    func restoreDepartment(_ input: Operations.RestoreDepartment.Input) async throws -> Operations.RestoreDepartment.Output {
        let unit = try await services.organization.setArchived(
            .department, id: input.path.id, archived: false, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(unit.version)), body: .json(Self.schema(unit))))
    }

    private func listUnits(
        _ kind: OrganizationUnit.Kind, _ limit: Int?, _ after: String?, _ includeArchived: Bool?
    ) async throws -> Components.Schemas.OrganizationUnitPage {
        let page = try await services.organization.list(
            kind, try await caller(), page: try Self.pageRequest(limit, after), includeArchived: includeArchived ?? false)
        return .init(items: page.items.map(Self.schema), nextCursor: page.nextCursor)
    }

    static func draft(_ body: Components.Schemas.OrganizationUnitInput) -> OrganizationService.Draft {
        .init(code: body.code, name: body.name, nameEn: body.nameEn ?? "")
    }

    static func schema(_ unit: OrganizationUnit) -> Components.Schemas.OrganizationUnit {
        .init(
            id: unit.id, code: unit.code, name: unit.name, nameEn: unit.nameEn,
            archived: unit.archivedAt != nil, archivedAt: unit.archivedAt, version: unit.version)
    }
}
