import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listOwners(_ input: Operations.ListOwners.Input) async throws -> Operations.ListOwners.Output {
        let query = input.query
        let page = try await services.owners.list(
            try await caller(),
            filter: OwnerFilter(
                officeID: query.officeId, estateID: query.estateId, unitID: query.unitId, keyCustomer: query.keyCustomer,
                text: query.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty, includeArchived: query.includeArchived ?? false),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createOwner(_ input: Operations.CreateOwner.Input) async throws -> Operations.CreateOwner.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let owner = try await services.owners.create(
            officeID: body.officeId,
            .init(name: body.name, phone: body.phone ?? "", email: body.email ?? "", keyCustomer: body.keyCustomer ?? false,
                  note: body.note ?? "", units: Self.links(body.units)),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(owner.version), location: "/v1/owners/\(owner.id)"), body: .json(Self.schema(owner))))
    }

    func getOwner(_ input: Operations.GetOwner.Input) async throws -> Operations.GetOwner.Output {
        let owner = try await services.owners.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(owner.version)), body: .json(Self.schema(owner))))
    }

    func updateOwner(_ input: Operations.UpdateOwner.Input) async throws -> Operations.UpdateOwner.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let owner = try await services.owners.update(
            id: input.path.id,
            .init(name: body.name, phone: body.phone ?? "", email: body.email ?? "", keyCustomer: body.keyCustomer ?? false,
                  note: body.note ?? "", units: Self.links(body.units)),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(owner.version)), body: .json(Self.schema(owner))))
    }

    func archiveOwner(_ input: Operations.ArchiveOwner.Input) async throws -> Operations.ArchiveOwner.Output {
        let owner = try await services.owners.setArchived(
            id: input.path.id, archived: true, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(owner.version)), body: .json(Self.schema(owner))))
    }

    static func links(_ units: [Components.Schemas.UnitLink]?) -> [Owner.UnitLink] {
        (units ?? []).map { Owner.UnitLink(unitID: $0.unitId, relation: Owner.Relation(rawValue: $0.relation.rawValue) ?? .resident) }
    }

    static func schema(_ owner: Owner) -> Components.Schemas.Owner {
        .init(
            id: owner.id, officeId: owner.officeID, name: owner.name, phone: owner.phone, email: owner.email,
            keyCustomer: owner.keyCustomer, note: owner.note,
            units: owner.units.map { .init(unitId: $0.unitID, relation: .init(rawValue: $0.relation.rawValue) ?? .resident) },
            archived: owner.archivedAt != nil, version: owner.version)
    }
}
