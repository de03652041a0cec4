import Foundation

/// An office's complaint summary for a week or a month (CMP-5): the complaints received in the
/// period and how they stand, the office's account of their handling, and the office manager's
/// approval, which publishes it. A snapshot: what was approved stays what was published.
public struct ComplaintSummary: Sendable, Hashable {
    public enum Period: String, Sendable, CaseIterable {
        case week, month
    }

    /// One complaint of the period as the summary lists it.
    public struct Line: Sendable, Hashable, Codable {
        public let ticketID: Int64
        public let number: String
        public let recordedAt: Date
        public let content: String
        public let state: TicketState
        public let forLeadership: Bool

        enum CodingKeys: String, CodingKey {
            case ticketID = "ticket_id", number, recordedAt = "recorded_at", content, state, forLeadership = "for_leadership"
        }

        public init(ticketID: Int64, number: String, recordedAt: Date, content: String, state: TicketState, forLeadership: Bool) {
            self.ticketID = ticketID
            self.number = number
            self.recordedAt = recordedAt
            self.content = content
            self.state = state
            self.forLeadership = forLeadership
        }
    }

    public let id: Int64
    public let officeID: Int64
    public let period: Period
    public let periodStart: LocalDate
    /// The day after the period (exclusive end).
    public let periodEnd: LocalDate
    /// The last day to approve it on time.
    public let dueOn: LocalDate
    public var complaints: [Line]
    public var handling: String
    public var preparedAt: Date
    public var preparedBy: Int64
    public var approvedAt: Date?
    public var approvedBy: Int64?
    public var version: Int

    public init(
        id: Int64, officeID: Int64, period: Period, periodStart: LocalDate, periodEnd: LocalDate, dueOn: LocalDate, complaints: [Line],
        handling: String, preparedAt: Date, preparedBy: Int64, approvedAt: Date? = nil, approvedBy: Int64? = nil, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.period = period
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.dueOn = dueOn
        self.complaints = complaints
        self.handling = handling
        self.preparedAt = preparedAt
        self.preparedBy = preparedBy
        self.approvedAt = approvedAt
        self.approvedBy = approvedBy
        self.version = version
    }

    public var received: Int { complaints.count }
    public var closed: Int { complaints.filter { $0.state == .closed }.count }
    public var cancelled: Int { complaints.filter { $0.state == .cancelled }.count }
    /// Still being handled when the summary was prepared.
    public var open: Int { received - closed - cancelled }
    public var forLeadership: Int { complaints.filter(\.forLeadership).count }

    /// Approved after its due day, or not approved and the due day has passed (company zone).
    public func isLate(at now: Date, in zone: TimeZone) -> Bool {
        LocalDate(approvedAt ?? now, in: zone) > dueOn
    }
}

/// When complaint summaries are due (CMP-5; seed 002 §4.2.1.5-6): the weekly one to QUALITY on
/// the Monday after the week, the monthly one by the 5th of the next month.
public struct ComplaintSummaryPolicy: Sendable, Hashable {
    /// Days after the week's last day (Sunday) that the weekly summary is due; 1 = the Monday.
    public var weeklyDueAfterDays: Int
    /// The day of the next month by which the monthly summary is approved.
    public var monthlyDueDay: Int

    public init(weeklyDueAfterDays: Int = 1, monthlyDueDay: Int = 5) {
        self.weeklyDueAfterDays = weeklyDueAfterDays
        self.monthlyDueDay = monthlyDueDay
    }

    public static let seedDefaults = ComplaintSummaryPolicy()

    /// The period of this kind containing `day`: its first day, the day after its last, and its due day.
    public func period(_ period: ComplaintSummary.Period, containing day: LocalDate) -> (start: LocalDate, end: LocalDate, due: LocalDate) {
        switch period {
        case .week:
            let start = day.shifted(toWeekday: 1)
            let end = start.shifted(by: 7)
            return (start, end, end.shifted(by: weeklyDueAfterDays - 1))
        case .month:
            let start = LocalDate(year: day.year, month: day.month, day: 1)!
            let end = day.month == 12 ? LocalDate(year: day.year + 1, month: 1, day: 1)! : LocalDate(year: day.year, month: day.month + 1, day: 1)!
            let due = LocalDate(year: end.year, month: end.month, day: min(monthlyDueDay, LocalDate.daysIn(month: end.month, year: end.year)))!
            return (start, end, due)
        }
    }
}

extension ComplaintSummary: AuditedRecord {
    public var auditEntityType: String { "complaint_summary" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "period": period.rawValue, "period_start": periodStart.description, "due_on": dueOn.description,
            "received": String(received), "closed": String(closed), "cancelled": String(cancelled), "for_leadership": String(forLeadership),
            "handling": handling, "approved_by": approvedBy.map(String.init),
        ]
    }
}
