/// The company's working days (BI-3, TKT-15): Monday to Friday, except public
/// holidays, plus make-up workdays (调休) on weekends. HQ edits the exceptions.
public struct WorkingCalendar: Sendable, Equatable {
    /// A day that differs from the Monday-Friday rule.
    public struct Exception: Sendable, Hashable {
        public enum Kind: String, Sendable, CaseIterable {
            /// No work on a weekday (public holiday).
            case holiday
            /// Work on a weekend day (make-up workday, 调休).
            case workday
        }

        public let day: LocalDate
        public let kind: Kind
        public let name: String

        public init(day: LocalDate, kind: Kind, name: String) {
            self.day = day
            self.kind = kind
            self.name = name
        }

        /// Why the exception is pointless, if it is: a holiday on a weekend or a workday on a weekday
        /// changes nothing, which is almost always a typo in the date.
        public var redundancy: String? {
            let weekend = day.isoWeekday >= 6
            switch kind {
            case .holiday where weekend: return "\(day) is a weekend day; a holiday there changes nothing"
            case .workday where !weekend: return "\(day) is a weekday; a make-up workday there changes nothing"
            default: return nil
            }
        }
    }

    private let exceptions: [LocalDate: Exception.Kind]

    public init(exceptions: [Exception]) {
        var byDay: [LocalDate: Exception.Kind] = [:]
        for exception in exceptions { byDay[exception.day] = exception.kind }
        self.exceptions = byDay
    }

    public func isWorkingDay(_ day: LocalDate) -> Bool {
        switch exceptions[day] {
        case .holiday: false
        case .workday: true
        case nil: day.isoWeekday <= 5
        }
    }
}

/// The company (物业公司) and the zone its days and periods follow (BI-3).
public struct Company: Sendable, Equatable {
    public let name: String
    /// An IANA zone name, `Asia/Shanghai` by default.
    public let timeZone: String
    public let version: Int

    public init(name: String, timeZone: String, version: Int) {
        self.name = name
        self.timeZone = timeZone
        self.version = version
    }
}

extension Company: AuditedRecord {
    public var auditEntityType: String { "company" }
    public var auditEntityID: String { "1" }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] { ["name": name, "time_zone": timeZone] }
}
