import Foundation

extension LocalDate {
    private static func gregorian(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// The day an instant falls on in a time zone (the company's, BI-3).
    public init(_ instant: Date, in zone: TimeZone) {
        let parts = Self.gregorian(zone).dateComponents([.year, .month, .day], from: instant)
        self = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The first instant of this day in a time zone.
    public func start(in zone: TimeZone) -> Date {
        Self.gregorian(zone).date(from: DateComponents(year: year, month: month, day: day))!
    }
}

extension LocalDate {
    /// The day of the same ISO week with the given weekday (1 = Monday … 7 = Sunday).
    public func shifted(toWeekday weekday: Int) -> LocalDate {
        shifted(by: weekday - isoWeekday)
    }

    /// This day moved by whole days (days past the supported range stay where they are).
    public func shifted(by days: Int) -> LocalDate {
        adding(days: days) ?? self
    }
}
