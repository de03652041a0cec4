import Foundation

/// A unit's approved deviation from the safety observation procedure (SAF-6): written with the
/// reasons and the facts that support them, approved by the unit's head, for at most a year; it
/// expires by itself after its last day.
public struct SafetyDeviation: Sendable, Hashable {
    public let id: Int64
    /// Whose procedure deviates.
    public let unit: SafetyUnit
    /// The clause of the procedure deviated from.
    public let clause: String
    /// What the unit does instead.
    public let deviation: String
    /// The reasons, with the facts that support them.
    public let reasons: String
    public let startsOn: LocalDate
    /// The last day it applies.
    public let endsOn: LocalDate
    public let approvedBy: Int64
    public let approvedAt: Date

    public init(
        id: Int64, unit: SafetyUnit, clause: String, deviation: String, reasons: String, startsOn: LocalDate, endsOn: LocalDate,
        approvedBy: Int64, approvedAt: Date
    ) {
        self.id = id
        self.unit = unit
        self.clause = clause
        self.deviation = deviation
        self.reasons = reasons
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
    }

    /// Days it applies, both ends counted.
    public var days: Int { endsOn.daysSinceEpoch - startsOn.daysSinceEpoch + 1 }

    /// Whether it applies on `day`: from its first through its last day; expired after.
    public func applies(on day: LocalDate) -> Bool { day >= startsOn && day <= endsOn }

    public func isExpired(on day: LocalDate) -> Bool { day > endsOn }
}

extension SafetyDeviation: AuditedRecord {
    public var auditEntityType: String { "safety_deviation" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit.officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": unit.officeID.map(String.init), "department_id": unit.departmentID.map(String.init), "clause": clause,
            "deviation": deviation, "reasons": reasons, "starts_on": startsOn.description, "ends_on": endsOn.description,
            "approved_by": String(approvedBy),
        ]
    }
}
