import Foundation

/// A unit's yearly plan of planned observations (SAF-2, seed 4.1.2 年度计划): each item a month, an
/// area, a time slot, a shift and optionally the team that makes it.
public struct SafetyPlan: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public let month: Int
        public let areaID: Int64
        public let timeSlotID: Int64
        public let shiftID: Int64
        public let teamID: Int64?

        public init(month: Int, areaID: Int64, timeSlotID: Int64, shiftID: Int64, teamID: Int64?) {
            self.month = month
            self.areaID = areaID
            self.timeSlotID = timeSlotID
            self.shiftID = shiftID
            self.teamID = teamID
        }
    }

    public let id: Int64
    public let unit: SafetyUnit
    public let year: Int
    public var items: [Item]
    public let createdBy: Int64
    public let createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: Int64, unit: SafetyUnit, year: Int, items: [Item], createdBy: Int64, createdAt: Date, updatedAt: Date, version: Int) {
        self.id = id
        self.unit = unit
        self.year = year
        self.items = items
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// What the plan leaves uncovered of what the unit declares (seed 5.1: every area, time slot and shift).
    public func coverage(areas: [Int64], timeSlots: [Int64], shifts: [Int64]) -> Coverage {
        Coverage(
            uncoveredAreaIDs: areas.filter { id in !items.contains { $0.areaID == id } }.sorted(),
            uncoveredTimeSlotIDs: timeSlots.filter { id in !items.contains { $0.timeSlotID == id } }.sorted(),
            uncoveredShiftIDs: shifts.filter { id in !items.contains { $0.shiftID == id } }.sorted(),
            uncoveredMonths: (1...12).filter { month in !items.contains { $0.month == month } })
    }

    public struct Coverage: Sendable, Hashable {
        public let uncoveredAreaIDs: [Int64]
        public let uncoveredTimeSlotIDs: [Int64]
        public let uncoveredShiftIDs: [Int64]
        /// Months without a planned observation (a yearly plan observes all year).
        public let uncoveredMonths: [Int]

        public var complete: Bool {
            uncoveredAreaIDs.isEmpty && uncoveredTimeSlotIDs.isEmpty && uncoveredShiftIDs.isEmpty && uncoveredMonths.isEmpty
        }
    }
}

extension SafetyPlan: AuditedRecord {
    public var auditEntityType: String { "safety_plan" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit.officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": unit.officeID.map(String.init), "department_id": unit.departmentID.map(String.init), "year": String(year),
            // "3/12/7/5/9; …": month/area/time slot/shift/team of each planned observation.
            "items": items.map { "\($0.month)/\($0.areaID)/\($0.timeSlotID)/\($0.shiftID)/\($0.teamID.map(String.init) ?? "-")" }
                .joined(separator: "; "),
        ]
    }
}
