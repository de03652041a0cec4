import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let query = input.query
        let page = try await services.staff.list(
            try await caller(),
            filter: StaffUserFilter(
                officeID: query.officeId, role: query.role.flatMap { Role(rawValue: $0.rawValue) }, active: query.active,
                text: query.q?.trimmingCharacters(in: .whitespaces).nilIfEmpty),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let user = try await services.staff.create(
            .init(
                username: body.username, displayName: body.displayName, password: body.password, roles: Self.roles(body.roles),
                officeIDs: Set(body.officeIds ?? []), departmentID: body.departmentId),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(user.version), location: "/v1/users/\(user.id)"), body: .json(Self.schema(user))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        let user = try await services.staff.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(user.version)), body: .json(Self.schema(user))))
    }

    func updateUser(_ input: Operations.UpdateUser.Input) async throws -> Operations.UpdateUser.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let user = try await services.staff.update(
            id: input.path.id,
            .init(displayName: body.displayName, roles: Self.roles(body.roles), officeIDs: Set(body.officeIds),
                  departmentID: body.departmentId, active: body.active),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(user.version)), body: .json(Self.schema(user))))
    }

    func resetUserPassword(_ input: Operations.ResetUserPassword.Input) async throws -> Operations.ResetUserPassword.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        try await services.staff.resetPassword(id: input.path.id, newPassword: body.newPassword, try await caller())
        return .noContent(.init())
    }

    static func roles(_ roles: [Components.Schemas.Role]) -> Set<Role> {
        Set(roles.compactMap { Role(rawValue: $0.rawValue) })
    }

    static func schema(_ user: StaffUser) -> Components.Schemas.StaffUser {
        .init(
            id: user.id, username: user.username, displayName: user.displayName, departmentId: user.departmentID,
            roles: user.roles.map(\.rawValue).sorted().compactMap(Components.Schemas.Role.init(rawValue:)),
            officeIds: user.officeIDs.sorted(), active: user.active, version: user.version)
    }
}
