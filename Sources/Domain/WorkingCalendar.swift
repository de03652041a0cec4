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

extension WorkingCalendar {
    /// How far the searches below look before giving up: a calendar of nothing but holidays
    /// must not hang the caller (ten years of days).
    static let searchLimit = 3660

    /// The `count`th working day after `day` (`day` itself not counted): "within 3 working days"
    /// of a letter received on `day` (EXT-2, MTG-2, TKT-15). Zero gives `day` back.
    public func day(_ count: Int, workingDaysAfter day: LocalDate) -> LocalDate {
        var current = day
        var counted = 0
        for _ in 0..<(max(0, count) * 7 + Self.searchLimit) where counted < count {
            current = current.shifted(by: 1)
            if isWorkingDay(current) { counted += 1 }
        }
        return current
    }

    /// The working days of a month in order, at most `limit` of them: "within the first 3
    /// working days of the month" (MTG-1), "by the 8th working day of the quarter's first month" (EXT-6).
    public func workingDays(ofMonth year: Int, _ month: Int, limit: Int = 31) -> [LocalDate] {
        guard let first = LocalDate(year: year, month: month, day: 1) else { return [] }
        return (0..<LocalDate.daysIn(month: month, year: year))
            .map { first.shifted(by: $0) }
            .filter(isWorkingDay)
            .prefix(max(0, limit))
            .map { $0 }
    }

    /// The `n`th working day of a month (1-based), or the month's last working day when it has
    /// fewer (a month of holidays still has a deadline), or its last day when it has none.
    public func workingDay(_ n: Int, ofMonth year: Int, _ month: Int) -> LocalDate {
        let days = workingDays(ofMonth: year, month, limit: max(1, n))
        if let day = days.last { return day }
        return LocalDate(year: year, month: month, day: LocalDate.daysIn(month: month, year: year))!
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
