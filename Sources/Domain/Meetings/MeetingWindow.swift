/// One period of a meeting type's cadence (MTG-1) and the day by which its meeting is to be held:
/// a daily type's working day, a twice-weekly type's Monday-Wednesday or Thursday-Sunday, a week,
/// a month, two months, a quarter, a half-year.
public struct MeetingWindow: Sendable, Hashable {
    public let start: LocalDate
    /// The day after the last one.
    public let end: LocalDate
    /// The last day to hold the meeting; nil when the window has no working day (nothing is due).
    public let dueOn: LocalDate?

    public var lastDay: LocalDate { end.shifted(by: -1) }

    public func contains(_ day: LocalDate) -> Bool { day >= start && day < end }
}

extension MeetingType {
    /// The window of this type's cadence containing `day`; nil for types held as needed.
    ///
    /// Daily and twice-weekly meetings are due on the window's first working day (a Monday holiday
    /// moves the briefing to the next working day); the others by the `heldByWorkingDay`-th working
    /// day of the window if set, else by its last working day (the office staff meeting at month end).
    public func window(containing day: LocalDate, calendar: WorkingCalendar) -> MeetingWindow? {
        let monday = day.shifted(toWeekday: 1)
        let bounds: (start: LocalDate, end: LocalDate)
        switch cadence {
        case .asNeeded:
            return nil
        case .daily:
            bounds = (day, day.shifted(by: 1))
        case .twiceWeekly:
            let thursday = monday.shifted(by: 3)
            bounds = day < thursday ? (monday, thursday) : (thursday, monday.shifted(by: 7))
        case .weekly:
            bounds = (monday, monday.shifted(by: 7))
        case .monthly, .bimonthly, .quarterly, .semiannual:
            let months = cadence == .monthly ? 1 : cadence == .bimonthly ? 2 : cadence == .quarterly ? 3 : 6
            let start = LocalDate(year: day.year, month: (day.month - 1) / months * months + 1, day: 1)!
            bounds = (start, start.addingMonths(months))
        }
        var workingDays: [LocalDate] = []
        var current = bounds.start
        while current < bounds.end {
            if calendar.isWorkingDay(current) { workingDays.append(current) }
            current = current.shifted(by: 1)
        }
        let due: LocalDate?
        switch (cadence, heldByWorkingDay) {
        case (.daily, _), (.twiceWeekly, _):
            due = workingDays.first
        case (_, let n?) where n >= 1:
            due = workingDays.isEmpty ? nil : workingDays[min(n, workingDays.count) - 1]
        default:
            due = workingDays.last
        }
        return MeetingWindow(start: bounds.start, end: bounds.end, dueOn: due)
    }
}
