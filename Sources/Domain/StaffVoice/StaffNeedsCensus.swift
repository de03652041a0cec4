import Foundation

/// The yearly staff-needs census 员工需求普查 (INF-7): ADMIN & HR opens one a year with a window in which staff
/// write their needs; the leadership answers each.
public struct StaffNeedsCensus: Sendable, Hashable {
    public let id: Int64
    public let year: Int
    public let title: String
    public let opensOn: LocalDate
    public let closesOn: LocalDate
    public let openedBy: Int64
    public let openedAt: Date
    public var version: Int

    public init(id: Int64, year: Int, title: String, opensOn: LocalDate, closesOn: LocalDate, openedBy: Int64, openedAt: Date, version: Int = 1) {
        self.id = id
        self.year = year
        self.title = title
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.version = version
    }

    /// Whether staff may write needs on `day` (the company's day): inside the window, both ends included.
    public func acceptsNeeds(on day: LocalDate) -> Bool { opensOn <= day && day <= closesOn }

    /// How far the answering has got: the needs written and answered, in all and per category.
    public struct Progress: Sendable, Hashable {
        public struct Row: Sendable, Hashable {
            public let category: StaffNeed.Category
            public let needs: Int
            public let answered: Int

            public init(category: StaffNeed.Category, needs: Int, answered: Int) {
                self.category = category
                self.needs = needs
                self.answered = answered
            }
        }

        public let byCategory: [Row]
        public var needs: Int { byCategory.reduce(0) { $0 + $1.needs } }
        public var answered: Int { byCategory.reduce(0) { $0 + $1.answered } }

        public init(byCategory: [Row]) {
            self.byCategory = byCategory
        }
    }
}

extension StaffNeedsCensus: AuditedRecord {
    public var auditEntityType: String { "staff_needs_census" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        ["year": String(year), "title": title, "opens_on": opensOn.description, "closes_on": closesOn.description]
    }
}
