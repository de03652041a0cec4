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

extension StaffUser: AuditedRecord {
    public var auditEntityType: String { "staff_user" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeIDs.count == 1 ? officeIDs.first : nil }
    public var auditFields: [String: String?] {
        ["username": username, "display_name": displayName, "department_id": departmentID.map(String.init),
         "active": String(active), "roles": roles.map(\.rawValue).sorted().joined(separator: ","),
         "office_ids": officeIDs.sorted().map(String.init).joined(separator: ",")]
    }
}

/// Filters of the staff list; nil means "any".
public struct StaffUserFilter: Sendable {
    public var officeID: Int64?
    public var role: Role?
    public var active: Bool?
    /// Contained in the username or display name, case-insensitively.
    public var text: String?

    public init(officeID: Int64? = nil, role: Role? = nil, active: Bool? = nil, text: String? = nil) {
        self.officeID = officeID
        self.role = role
        self.active = active
        self.text = text
    }
}
