import Foundation

/// A work area a unit observes (SAF-2).
public struct SafetyArea: Sendable, Hashable {
    public let id: Int64
    public let unit: SafetyUnit
    public let name: String

    public init(id: Int64, unit: SafetyUnit, name: String) {
        self.id = id
        self.unit = unit
        self.name = name
    }
}

extension SafetyArea: AuditedRecord {
    public var auditEntityType: String { "safety_area" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit.officeID }
    public var auditFields: [String: String?] {
        ["office_id": unit.officeID.map(String.init), "department_id": unit.departmentID.map(String.init), "name": name]
    }
}

/// An observation team (SAF-2): 2-3 members of the unit, one of them the leader; planned
/// observations are made by a team, not by one person (seed 4.2).
public struct SafetyTeam: Sendable, Hashable {
    public static let sizes = 2...3

    public let id: Int64
    public let unit: SafetyUnit
    public let name: String
    public let leaderID: Int64
    /// In id order, the leader included.
    public let memberIDs: [Int64]

    public init(id: Int64, unit: SafetyUnit, name: String, leaderID: Int64, memberIDs: [Int64]) {
        self.id = id
        self.unit = unit
        self.name = name
        self.leaderID = leaderID
        self.memberIDs = memberIDs.sorted()
    }
}

extension SafetyTeam: AuditedRecord {
    public var auditEntityType: String { "safety_team" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit.officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": unit.officeID.map(String.init), "department_id": unit.departmentID.map(String.init), "name": name,
            "leader_id": String(leaderID), "member_ids": memberIDs.map(String.init).joined(separator: ","),
        ]
    }
}
