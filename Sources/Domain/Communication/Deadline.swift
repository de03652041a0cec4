import Foundation

/// A due day of the communication procedures (EXT-2, EXT-6, MTG-1/2). What is due is met by
/// anything done before the end of the due day in the company's time zone: "within 3 days"
/// of a letter received on Monday allows all of Thursday.
public struct Deadline: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let dueOn: LocalDate

    public init(dueOn: LocalDate) {
        self.dueOn = dueOn
    }

    /// The first instant that is late: the start of the day after the due day.
    public func end(in zone: TimeZone) -> Date {
        dueOn.shifted(by: 1).start(in: zone)
    }

    /// Whether something done at `instant` is in time.
    public func isMet(by instant: Date, in zone: TimeZone) -> Bool {
        instant < end(in: zone)
    }

    /// Not done (`doneAt` nil) and the due day is over, or done late.
    public func isLate(doneAt: Date?, now: Date, in zone: TimeZone) -> Bool {
        !isMet(by: doneAt ?? now, in: zone)
    }

    public static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.dueOn < rhs.dueOn }

    public var description: String { "by \(dueOn)" }
}

/// "Within N days" of an event on some day (the event's own day not counted): counted in working
/// days of the company calendar (weekends and holidays skipped, make-up workdays counted) or in
/// calendar days.
public enum DaysAfter: Hashable, Sendable {
    case workingDays(Int)
    case calendarDays(Int)

    public var days: Int {
        switch self {
        case .workingDays(let n), .calendarDays(let n): n
        }
    }

    public func deadline(after day: LocalDate, calendar: WorkingCalendar) -> Deadline {
        switch self {
        case .workingDays(let n): Deadline(dueOn: calendar.day(n, workingDaysAfter: day))
        case .calendarDays(let n): Deadline(dueOn: day.shifted(by: n))
        }
    }
}

/// "By the Nth working day" or "by the Nth" of a month (EXT-6).
public enum DayOfMonth: Hashable, Sendable {
    /// The Nth working day of the month (its last working day when it has fewer).
    case workingDay(Int)
    /// Day N of the month (its last day when it is shorter).
    case calendarDay(Int)

    public var number: Int {
        switch self {
        case .workingDay(let n), .calendarDay(let n): n
        }
    }

    public func deadline(inMonth year: Int, _ month: Int, calendar: WorkingCalendar) -> Deadline {
        switch self {
        case .workingDay(let n):
            return Deadline(dueOn: calendar.workingDay(n, ofMonth: year, month))
        case .calendarDay(let n):
            let day = min(max(1, n), LocalDate.daysIn(month: month, year: year))
            return Deadline(dueOn: LocalDate(year: year, month: month, day: day)!)
        }
    }
}

extension DaysAfter {
    /// `working_days` or `calendar_days`, as stored and written by the API.
    public var unit: String {
        switch self {
        case .workingDays: "working_days"
        case .calendarDays: "calendar_days"
        }
    }

    /// From a count and its unit; nil for an unknown unit.
    public init?(_ days: Int, unit: String) {
        switch unit {
        case "working_days": self = .workingDays(days)
        case "calendar_days": self = .calendarDays(days)
        default: return nil
        }
    }

    public var description: String { "\(days) \(unit)" }
}

extension DayOfMonth {
    /// `working_day` or `calendar_day`, as stored and written by the API.
    public var unit: String {
        switch self {
        case .workingDay: "working_day"
        case .calendarDay: "calendar_day"
        }
    }

    /// From a number and its unit; nil for an unknown unit.
    public init?(_ number: Int, unit: String) {
        switch unit {
        case "working_day": self = .workingDay(number)
        case "calendar_day": self = .calendarDay(number)
        default: return nil
        }
    }

    public var description: String { "\(unit) \(number)" }
}
