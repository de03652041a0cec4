/// A staff account as the rest of the system sees it (never with its password hash).
public struct StaffUser: Sendable, Hashable {
    public let id: Int64
    public let username: String
    public let displayName: String
    public let departmentID: Int64?
    public let officeIDs: Set<Int64>
    public let roles: Set<Role>
    public let active: Bool
    public let version: Int

    public init(
        id: Int64, username: String, displayName: String, departmentID: Int64?, officeIDs: Set<Int64>,
        roles: Set<Role>, active: Bool, version: Int
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.departmentID = departmentID
        self.officeIDs = officeIDs
        self.roles = roles
        self.active = active
        self.version = version
    }

    /// The actor this user acts as once authenticated.
    public var actor: Actor {
        Actor(userID: id, username: username, roles: roles, officeIDs: officeIDs, departmentID: departmentID)
    }
}
