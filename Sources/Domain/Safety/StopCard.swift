import Foundation

/// A safety observation and communication report, the STOP card (SAF-1, SAF-3). It names the area
/// and the observer and never the observed person: the type has no place for one, by design
/// (seed 4.5.3), and observations are non-punitive (4.7.5).
public struct StopCard: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// By a team on the plan: counts in the statistics (SAF-1).
        case planned
        /// By anyone at any time: recorded, never counted (SAF-1).
        case random
    }

    /// The seed's observation categories (4.4).
    public enum Category: String, Sendable, CaseIterable {
        /// 人员的反应.
        case reactions
        /// 人员的位置.
        case positions
        /// 个人防护装备.
        case protectiveEquipment = "protective_equipment"
        /// 工具和设备.
        case toolsEquipment = "tools_equipment"
        /// 程序和秩序.
        case proceduresOrder = "procedures_order"
        /// 人机工程学.
        case ergonomics
    }

    /// What the observer did (4.3.4): 阻止, 表扬, 讨论, 沟通, 启发, 感谢.
    public enum Action: String, Sendable, CaseIterable {
        case stop, praise, discuss, agree, inspire, thank
    }

    public struct Observation: Sendable, Hashable {
        public let category: Category
        /// A safe act (praised) or an unsafe one (stopped).
        public let safe: Bool
        public let actions: [Action]
        /// What was seen: the act, not the person.
        public let note: String

        public init(category: Category, safe: Bool, actions: [Action], note: String) {
            self.category = category
            self.safe = safe
            self.actions = actions
            self.note = note
        }
    }

    public let id: Int64
    public let unit: SafetyUnit
    public let kind: Kind
    /// The team of a planned card.
    public let teamID: Int64?
    public let observerID: Int64
    public let areaID: Int64
    public let shift: String?
    public let observedAt: Date
    public let recordedAt: Date
    public let observations: [Observation]

    public init(
        id: Int64, unit: SafetyUnit, kind: Kind, teamID: Int64?, observerID: Int64, areaID: Int64, shift: String?, observedAt: Date,
        recordedAt: Date, observations: [Observation]
    ) {
        self.id = id
        self.unit = unit
        self.kind = kind
        self.teamID = teamID
        self.observerID = observerID
        self.areaID = areaID
        self.shift = shift
        self.observedAt = observedAt
        self.recordedAt = recordedAt
        self.observations = observations
    }

    /// SAF-1: only planned cards are a source of statistics.
    public var counts: Bool { kind == .planned }
}

extension StopCard: AuditedRecord {
    public var auditEntityType: String { "stop_card" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { unit.officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": unit.officeID.map(String.init), "department_id": unit.departmentID.map(String.init), "kind": kind.rawValue,
            "team_id": teamID.map(String.init), "observer_id": String(observerID), "area_id": String(areaID), "shift": shift,
            "observed_at": observedAt.auditText,
            "observations": observations.map { "\($0.category.rawValue):\($0.safe ? "safe" : "unsafe"):\($0.actions.map(\.rawValue).joined(separator: "+"))" }
                .joined(separator: ","),
        ]
    }
}

/// Counts of planned observations per category (SAF-4): what the statistics are made of. Random
/// cards are only counted as such (SAF-1: never a source of statistics).
public struct SafetyStatistics: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public let category: StopCard.Category
        public let safe: Int
        public let unsafe: Int

        public init(category: StopCard.Category, safe: Int, unsafe: Int) {
            self.category = category
            self.safe = safe
            self.unsafe = unsafe
        }
    }

    /// Planned cards (counted).
    public let plannedCards: Int
    /// Random cards in the same range, recorded and not counted.
    public let randomCards: Int
    /// Every category, in the seed's order (zeros included).
    public let lines: [Line]

    public init(plannedCards: Int, randomCards: Int, counted: [Line]) {
        self.plannedCards = plannedCards
        self.randomCards = randomCards
        self.lines = StopCard.Category.allCases.map { category in
            counted.first { $0.category == category } ?? Line(category: category, safe: 0, unsafe: 0)
        }
    }
}
