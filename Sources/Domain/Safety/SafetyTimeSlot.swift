/// A working time slot 作业时间段 a unit's plan must cover (SAF-2, seed 5.1), e.g. 08:00-12:00;
/// one ending before it starts crosses midnight.
public struct SafetyTimeSlot: Sendable, Hashable {
    public let id: Int64
    public let unit: SafetyUnit
    public let name: String
    /// "08:00"
    public let startsAt: String
    public let endsAt: String

    public init(id: Int64, unit: SafetyUnit, name: String, startsAt: String, endsAt: String) {
        self.id = id
        self.unit = unit
        self.name = name
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// "HH:MM" from 00:00 to 23:59.
    public static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return (0..<24).contains(hour) && (0..<60).contains(minute)
    }
}

extension SafetyTimeSlot: AuditedRecord {
    public var auditEntityType: String { "safety_time_slot" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit.officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": unit.officeID.map(String.init), "department_id": unit.departmentID.map(String.init), "name": name,
            "starts_at": startsAt, "ends_at": endsAt,
        ]
    }
}
