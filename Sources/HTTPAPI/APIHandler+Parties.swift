import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listDevelopers(_ input: Operations.ListDevelopers.Input) async throws -> Operations.ListDevelopers.Output {
        let query = input.query
        let page = try await services.developers.list(
            try await caller(), text: query.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty,
            includeArchived: query.includeArchived ?? false, page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createDeveloper(_ input: Operations.CreateDeveloper.Input) async throws -> Operations.CreateDeveloper.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let developer = try await services.developers.create(
            .init(name: body.name, note: body.note ?? "", contacts: Self.contacts(body.contacts)), try await caller())
        return .created(.init(
            headers: .init(eTag: Self.eTag(developer.version), location: "/v1/developers/\(developer.id)"), body: .json(Self.schema(developer))))
    }

    func getDeveloper(_ input: Operations.GetDeveloper.Input) async throws -> Operations.GetDeveloper.Output {
        let developer = try await services.developers.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(developer.version)), body: .json(Self.schema(developer))))
    }

    func updateDeveloper(_ input: Operations.UpdateDeveloper.Input) async throws -> Operations.UpdateDeveloper.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let developer = try await services.developers.update(
            id: input.path.id, .init(name: body.name, note: body.note ?? "", contacts: Self.contacts(body.contacts)),
            archived: body.archived, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(developer.version)), body: .json(Self.schema(developer))))
    }

    func getCommittee(_ input: Operations.GetCommittee.Input) async throws -> Operations.GetCommittee.Output {
        let committee = try await services.committees.get(estateID: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(committee.version)), body: .json(Self.schema(committee))))
    }

    func saveCommittee(_ input: Operations.SaveCommittee.Input) async throws -> Operations.SaveCommittee.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let formedOn = try body.formedOn.map { try Self.day($0, field: "formedOn") }
        let members = body.members.map {
            OwnersCommittee.Member(
                name: $0.name, role: OwnersCommittee.Role(rawValue: $0.role.rawValue) ?? .member, phone: $0.phone ?? "", ownerID: $0.ownerId)
        }
        let committee = try await services.committees.save(
            estateID: input.path.id, name: body.name, formedOn: formedOn, members: members,
            contactCadence: try body.contactCadence.map { try Self.wire($0) }, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(committee.version)), body: .json(Self.schema(committee))))
    }

    static func contacts(_ contacts: [Components.Schemas.DeveloperContact]?) -> [Developer.Contact] {
        (contacts ?? []).map { .init(name: $0.name, title: $0.title ?? "", phone: $0.phone ?? "", email: $0.email ?? "") }
    }

    static func schema(_ developer: Developer) -> Components.Schemas.Developer {
        .init(
            id: developer.id, name: developer.name, note: developer.note,
            contacts: developer.contacts.map { .init(name: $0.name, title: $0.title, phone: $0.phone, email: $0.email) },
            archived: developer.archivedAt != nil, version: developer.version)
    }

    static func schema(_ committee: OwnersCommittee) -> Components.Schemas.OwnersCommittee {
        .init(
            officeId: committee.officeID, estateId: committee.estateID, name: committee.name,
            formedOn: committee.formedOn?.description,
            members: committee.members.map {
                .init(name: $0.name, role: .init(rawValue: $0.role.rawValue) ?? .member, phone: $0.phone, ownerId: $0.ownerID)
            },
            contactCadence: .init(rawValue: committee.contactCadence.rawValue) ?? .month, version: committee.version)
    }
}
