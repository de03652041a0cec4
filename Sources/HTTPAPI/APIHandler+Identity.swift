import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func createSession(_ input: Operations.CreateSession.Input) async throws -> Operations.CreateSession.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let metadata = RequestMetadata.current
        let login = try await services.auth.login(
            username: body.username, password: body.password,
            clientAddress: metadata?.clientAddress ?? "unknown", requestID: metadata?.id)
        return .created(.init(body: .json(.init(
            token: login.token, tokenType: .bearer, expiresAt: login.expiresAt, user: Self.currentUser(login.user)))))
    }

    func deleteCurrentSession(_ input: Operations.DeleteCurrentSession.Input) async throws -> Operations.DeleteCurrentSession.Output {
        try await services.auth.logout(try await authenticate(), requestID: RequestMetadata.current?.id)
        return .noContent(.init())
    }

    func getCurrentUser(_ input: Operations.GetCurrentUser.Input) async throws -> Operations.GetCurrentUser.Output {
        let authentication = try await authenticate()
        return .ok(.init(body: .json(Self.currentUser(authentication.user))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        try await services.auth.changePassword(
            try await authenticate(), current: body.currentPassword, new: body.newPassword, requestID: RequestMetadata.current?.id)
        return .noContent(.init())
    }

    /// The authenticated caller of this request (as `AuthenticationMiddleware` found it), or `unauthenticated`.
    func authenticate() async throws -> AuthService.Authentication {
        if let authentication = Authenticated.current { return authentication }
        return try await services.auth.authenticate(bearer: RequestMetadata.current?.bearerToken)
    }

    /// The caller for a Service call that checks permissions and writes audit rows.
    func caller() async throws -> Caller {
        Caller(actor: try await authenticate().actor, requestID: RequestMetadata.current?.id)
    }

    static func currentUser(_ user: StaffUser) -> Components.Schemas.CurrentUser {
        let actor = user.actor
        let permissions = Action.allCases.compactMap { action -> Components.Schemas.Permission? in
            guard let scope = PermissionMatrix.scope(of: actor.roles, for: action) else { return nil }
            return .init(action: action.rawValue, scope: scope == .allOffices ? .allOffices : .ownOffices)
        }
        return .init(
            id: actor.userID, username: actor.username, displayName: user.displayName,
            departmentId: actor.departmentID,
            roles: actor.roles.map(\.rawValue).sorted().compactMap(Components.Schemas.Role.init(rawValue:)),
            officeIds: actor.officeIDs.sorted(), permissions: permissions)
    }
}
