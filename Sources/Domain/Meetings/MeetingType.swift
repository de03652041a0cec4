/// A kind of meeting the procedures prescribe (MTG-1, SAL-2), with its cadence, how many days
/// before the meeting its agenda goes out, and within how many working days after it the minutes
/// reach the attendees (MTG-2). Policy data: HQ edits the numbers.
public struct MeetingType: Sendable, Hashable {
    public enum Level: String, Sendable, CaseIterable {
        /// Held by HQ (board, president office, director forum …): no office.
        case company
        /// Held by an office (office morning meeting, owner communication meeting …).
        case office
    }

    public enum Cadence: String, Sendable, CaseIterable {
        case daily
        case twiceWeekly = "twice_weekly"
        case weekly, monthly, bimonthly, quarterly, semiannual
        case asNeeded = "as_needed"
    }

    public let code: String
    public let name: String
    public let level: Level
    public var cadence: Cadence
    /// The agenda goes out at least this many days before the meeting (board: 14, president office: 7).
    public var agendaLeadDays: Int
    /// The minutes reach the attendees within this many working days of the meeting (MTG-2: 3).
    public var minutesDueWorkingDays: Int
    /// Held by this working day of its period (president office: 3, "within the first 3 working days
    /// of the month"); nil: by the period's last working day (daily and twice-weekly types: on their day).
    public var heldByWorkingDay: Int?
    public let organizer: String
    public let source: String
    public var version: Int

    public init(
        code: String, name: String, level: Level, cadence: Cadence, agendaLeadDays: Int, minutesDueWorkingDays: Int,
        heldByWorkingDay: Int? = nil, organizer: String, source: String, version: Int
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.cadence = cadence
        self.agendaLeadDays = agendaLeadDays
        self.minutesDueWorkingDays = minutesDueWorkingDays
        self.heldByWorkingDay = heldByWorkingDay
        self.organizer = organizer
        self.source = source
        self.version = version
    }

    /// The agenda's and the minutes' due days of a meeting of this type held on `day`.
    public func deadlines(heldOn day: LocalDate, calendar: WorkingCalendar) -> (agenda: Deadline, minutes: Deadline) {
        (Deadline(dueOn: day.shifted(by: -agendaLeadDays)),
         DaysAfter.workingDays(minutesDueWorkingDays).deadline(after: day, calendar: calendar))
    }
}

extension MeetingType: AuditedRecord {
    public var auditEntityType: String { "meeting_type" }
    public var auditEntityID: String { code }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        [
            "cadence": cadence.rawValue, "agenda_lead_days": String(agendaLeadDays), "minutes_due_days": String(minutesDueWorkingDays),
            "held_by_working_day": heldByWorkingDay.map(String.init),
        ]
    }
}
