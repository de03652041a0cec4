/// Who is acting: an authenticated staff user with roles and memberships.
/// Every Service call takes one and checks it against `PermissionMatrix`.
public struct Actor: Sendable, Hashable {
    public let userID: Int64
    public let username: String
    public let roles: Set<Role>
    /// The offices the user belongs to (office roles act only inside these).
    public let officeIDs: Set<Int64>
    /// The HQ department the user belongs to, if any.
    public let departmentID: Int64?

    public init(userID: Int64, username: String, roles: Set<Role>, officeIDs: Set<Int64>, departmentID: Int64?) {
        self.userID = userID
        self.username = username
        self.roles = roles
        self.officeIDs = officeIDs
        self.departmentID = departmentID
    }

    /// The scope in which the actor may perform the action, or `forbidden`.
    public func authorize(_ action: Action) throws(AuthorizationError) -> Scope {
        guard let scope = PermissionMatrix.scope(of: roles, for: action) else {
            throw AuthorizationError(action: action)
        }
        return scope
    }

    /// Whether the actor may perform the action on something of the given office, or with no office
    /// (company records and HQ departments': an all-offices scope only).
    public func may(_ action: Action, inOffice officeID: Int64?) -> Bool {
        guard let officeID else { return PermissionMatrix.scope(of: roles, for: action) == .allOffices }
        return may(action, inOffice: officeID)
    }

    /// Whether the actor may perform the action on something of the given office.
    public func may(_ action: Action, inOffice officeID: Int64) -> Bool {
        switch PermissionMatrix.scope(of: roles, for: action) {
        case .allOffices: true
        case .ownOffices: officeIDs.contains(officeID)
        case nil: false
        }
    }
}

/// The actor's roles do not allow the action.
public struct AuthorizationError: Error, Sendable, Equatable {
    public let action: Action

    public init(action: Action) {
        self.action = action
    }
}
