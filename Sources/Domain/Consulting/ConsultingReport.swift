import Foundation

/// A consulting project's report (EXT-7): the monthly report to the consulting department (咨询部),
/// which answers it; the quarterly summary, which the department merges with the consultant team's
/// and sends to the developer; the monthly finance and operations reports to the developer.
public struct ConsultingReport: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 月报: project status, progress, the client's requests and opinions; the department answers.
        case monthlyReport = "monthly_report"
        /// 季度工作总结: merged with the consultant team's and sent to the developer.
        case quarterlySummary = "quarterly_summary"
        /// 财务报告 for the developer, monthly.
        case financeReport = "finance_report"
        /// 日常运作报告 for the developer, monthly.
        case operationsReport = "operations_report"

        /// The period one report covers.
        public var period: KPIPeriod.Kind { self == .quarterlySummary ? .quarter : .month }
        /// Whether the consulting department answers it (the monthly report) rather than it going to the developer.
        public var answeredByConsulting: Bool { self == .monthlyReport }
    }

    public let id: Int64
    public let projectID: Int64
    public let kind: Kind
    public let period: KPIPeriod
    public let body: String
    public let writtenBy: Int64
    public let submittedAt: Date
    /// For a monthly report: the last day for the department's answer.
    public let answerDeadline: Deadline?
    public var answer: String?
    public var answeredBy: Int64?
    public var answeredAt: Date?
    /// For a quarterly summary: the department's merge of the team's summary and the consultant's.
    public var mergedSummary: String?
    /// Whom at the developer it went to.
    public var deliveredTo: String?
    public var deliveredBy: Int64?
    public var deliveredAt: Date?
    public var version: Int

    public init(
        id: Int64, projectID: Int64, kind: Kind, period: KPIPeriod, body: String, writtenBy: Int64, submittedAt: Date,
        answerDeadline: Deadline?, answer: String? = nil, answeredBy: Int64? = nil, answeredAt: Date? = nil, mergedSummary: String? = nil,
        deliveredTo: String? = nil, deliveredBy: Int64? = nil, deliveredAt: Date? = nil, version: Int = 1
    ) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.period = period
        self.body = body
        self.writtenBy = writtenBy
        self.submittedAt = submittedAt
        self.answerDeadline = answerDeadline
        self.answer = answer
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
        self.mergedSummary = mergedSummary
        self.deliveredTo = deliveredTo
        self.deliveredBy = deliveredBy
        self.deliveredAt = deliveredAt
        self.version = version
    }

    /// What the report still waits for: the department's answer or the delivery to the developer; nil when done.
    public var awaiting: Awaiting? {
        if kind.answeredByConsulting { return answeredAt == nil ? .answer : nil }
        return deliveredAt == nil ? .delivery : nil
    }

    public enum Awaiting: String, Sendable {
        case answer, delivery
    }

    /// An unanswered monthly report past its answer day.
    public func isOverdue(at now: Date, in zone: TimeZone) -> Bool {
        guard let answerDeadline, answeredAt == nil else { return false }
        return !answerDeadline.isMet(by: now, in: zone)
    }

    public func answeredOnTime(in zone: TimeZone) -> Bool? {
        guard let answerDeadline, let answeredAt else { return nil }
        return answerDeadline.isMet(by: answeredAt, in: zone)
    }
}

extension ConsultingReport: AuditedRecord {
    public var auditEntityType: String { "consulting_report" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        [
            "project_id": String(projectID), "kind": kind.rawValue, "period": period.label, "body": body,
            "answer_due_on": answerDeadline?.dueOn.description, "answer": answer, "answered_by": answeredBy.map(String.init),
            "answered_at": answeredAt?.auditText, "merged_summary": mergedSummary, "delivered_to": deliveredTo,
            "delivered_by": deliveredBy.map(String.init), "delivered_at": deliveredAt?.auditText,
        ]
    }
}

/// What a list of consulting reports asks for.
public struct ConsultingReportFilter: Sendable {
    public var kind: ConsultingReport.Kind?
    /// Only those waiting for this (answer or delivery).
    public var awaiting: ConsultingReport.Awaiting?
    /// true: only unanswered monthly reports past their answer day; false: only the others.
    public var overdue: Bool?

    public init(kind: ConsultingReport.Kind? = nil, awaiting: ConsultingReport.Awaiting? = nil, overdue: Bool? = nil) {
        self.kind = kind
        self.awaiting = awaiting
        self.overdue = overdue
    }
}
