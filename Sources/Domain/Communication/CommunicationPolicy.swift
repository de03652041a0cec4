/// The communication procedures' deadlines (EXT-2, EXT-6), each a policy value with the seed's
/// default. The seed says "三日内" (within three days); Liaison counts working days of the company
/// calendar by default, so a letter received on Friday is due on Wednesday, not on Monday. A
/// company that counts calendar days sets `.calendarDays(3)`.
public struct CommunicationPolicy: Sendable, Hashable {
    /// EXT-2: a developer question or letter is answered within this many days of its receipt.
    public var developerAnswer: DaysAfter
    /// EXT-6: a quarterly report reaches QUALITY by this day of the month after its quarter (季度首月的第八个工作日).
    public var reportSubmission: DayOfMonth
    /// EXT-6: and is published to the owners by this day of that month (18日前; another policy says the 20th).
    public var reportPublication: DayOfMonth
    /// EXT-6: owners may question a published report for this long.
    public var reportQuestionWindow: DaysAfter
    /// EXT-6: a single-owner project's monthly briefing on the last month is delivered by this day (每月3日前).
    public var briefingDelivery: DayOfMonth
    /// EXT-7: the consulting department answers a monthly report within this many days of its submission
    /// (the seed says "按时" without a number; the company's three-working-day answer rule is the default).
    public var consultingReportAnswer: DaysAfter

    public init(
        developerAnswer: DaysAfter = .workingDays(3), reportSubmission: DayOfMonth = .workingDay(8),
        reportPublication: DayOfMonth = .calendarDay(18), reportQuestionWindow: DaysAfter = .calendarDays(7),
        briefingDelivery: DayOfMonth = .calendarDay(3), consultingReportAnswer: DaysAfter = .workingDays(3)
    ) {
        self.developerAnswer = developerAnswer
        self.reportSubmission = reportSubmission
        self.reportPublication = reportPublication
        self.reportQuestionWindow = reportQuestionWindow
        self.briefingDelivery = briefingDelivery
        self.consultingReportAnswer = consultingReportAnswer
    }

    public static let seedDefaults = CommunicationPolicy()

    /// The submission and publication days of a document of `kind` covering `period` (reports,
    /// briefings: in the month after the period); nil for what has none.
    public func deadlines(
        of kind: WrittenDocument.Kind, period: KPIPeriod?, calendar: WorkingCalendar
    ) -> (submit: Deadline?, publish: Deadline?) {
        guard let period else { return (nil, nil) }
        let month = period.end
        switch kind {
        case .quarterlyReport:
            return (reportSubmission.deadline(inMonth: month.year, month.month, calendar: calendar),
                    reportPublication.deadline(inMonth: month.year, month.month, calendar: calendar))
        case .monthlyBriefing:
            return (nil, briefingDelivery.deadline(inMonth: month.year, month.month, calendar: calendar))
        case .committeeMinutes:
            return (nil, nil)
        }
    }
}

extension CommunicationPolicy: AuditedRecord {
    public var auditEntityType: String { "communication_policy" }
    public var auditEntityID: String { "1" }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        [
            "developer_answer": developerAnswer.description, "report_submission": reportSubmission.description,
            "report_publication": reportPublication.description, "report_question_window": reportQuestionWindow.description,
            "briefing_delivery": briefingDelivery.description, "consulting_report_answer": consultingReportAnswer.description,
        ]
    }
}
