/// A shift 班次 a unit works (SAF-2/4): its code (the one cards name), its shift leader 班组长, who owes
/// one observation a shift, and the rest of its crew, who owe at least one together.
public struct SafetyShift: Sendable, Hashable {
    public let id: Int64
    public let unit: SafetyUnit
    /// `day`, `night`, `shift_2`: what STOP cards name in `shift`.
    public let code: String
    public let name: String
    public let leaderID: Int64
    /// The rest of the shift, in id order, without the leader (may be empty).
    public let crewIDs: [Int64]

    public init(id: Int64, unit: SafetyUnit, code: String, name: String, leaderID: Int64, crewIDs: [Int64]) {
        self.id = id
        self.unit = unit
        self.code = code
        self.name = name
        self.leaderID = leaderID
        self.crewIDs = crewIDs.sorted()
    }
}

extension SafetyShift: AuditedRecord {
    public var auditEntityType: String { "safety_shift" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit.officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": unit.officeID.map(String.init), "department_id": unit.departmentID.map(String.init), "code": code, "name": name,
            "leader_id": String(leaderID), "crew_ids": crewIDs.map(String.init).joined(separator: ","),
        ]
    }
}
