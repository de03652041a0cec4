import Foundation

/// A written document that goes through the approval workflow (EXT-5, EXT-6): the owners'
/// committee's meeting minutes, an estate's quarterly management service report, a single-owner
/// commercial project's monthly briefing. Each kind has its approval steps and its due days.
public struct WrittenDocument: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 业委会会议纪要 (EXT-5): drafted by the office, reviewed by the company department,
        /// approved by the committee chair, published in the estate.
        case committeeMinutes = "committee_minutes"
        /// 物业管理服务报告 (EXT-6): FINANCE writes the finance section; submitted to QUALITY by the
        /// 8th working day of the quarter's first month, reviewed by QUALITY, approved by the
        /// general manager, published to all owners by the 18th; owners may question it for a week.
        case quarterlyReport = "quarterly_report"
        /// 物业管理工作简报 (EXT-6): a single-owner commercial project's monthly briefing on the last
        /// month, delivered to the client by the 3rd.
        case monthlyBriefing = "monthly_briefing"

        /// The approval chain of this kind.
        public var flow: ApprovalFlow {
            switch self {
            case .committeeMinutes:
                ApprovalFlow(
                    steps: [.init(name: "department_review", action: .reviewCommitteeMinutes), .init(name: "chair_approval", action: .draftDocuments)],
                    authorAction: .draftDocuments)
            case .quarterlyReport:
                ApprovalFlow(
                    steps: [.init(name: "quality_review", action: .reviewReports), .init(name: "gm_approval", action: .approveReports)],
                    authorAction: .draftDocuments)
            case .monthlyBriefing:
                ApprovalFlow(steps: [], authorAction: .draftDocuments)
            }
        }

        /// The period a document of this kind covers, if any.
        public var periodKind: KPIPeriod.Kind? {
            switch self {
            case .committeeMinutes: nil
            case .quarterlyReport: .quarter
            case .monthlyBriefing: .month
            }
        }
    }

    public let id: Int64
    public let officeID: Int64
    public let estateID: Int64
    public let kind: Kind
    /// The quarter of a report, the month of a briefing.
    public let period: KPIPeriod?
    /// The committee meeting the minutes are of.
    public let heldOn: LocalDate?
    public var title: String
    public var body: String
    /// The finance section of a quarterly report, written by FINANCE (EXT-6).
    public var financeSection: String?
    public var financeWrittenBy: Int64?
    public var state: ApprovalFlow.State
    /// To be submitted for review by this day (reports).
    public let submitDeadline: Deadline?
    /// To be published (or delivered) by this day (reports, briefings).
    public let publishDeadline: Deadline?
    public var submittedAt: Date?
    public var publishedAt: Date?
    /// The last day owners may question a published report (EXT-6).
    public var questionsUntil: LocalDate?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(
        id: Int64, officeID: Int64, estateID: Int64, kind: Kind, period: KPIPeriod?, heldOn: LocalDate?, title: String, body: String,
        financeSection: String? = nil, financeWrittenBy: Int64? = nil, state: ApprovalFlow.State = .draft, submitDeadline: Deadline?,
        publishDeadline: Deadline?, submittedAt: Date? = nil, publishedAt: Date? = nil, questionsUntil: LocalDate? = nil,
        createdBy: Int64, createdAt: Date, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.estateID = estateID
        self.kind = kind
        self.period = period
        self.heldOn = heldOn
        self.title = title
        self.body = body
        self.financeSection = financeSection
        self.financeWrittenBy = financeWrittenBy
        self.state = state
        self.submitDeadline = submitDeadline
        self.publishDeadline = publishDeadline
        self.submittedAt = submittedAt
        self.publishedAt = publishedAt
        self.questionsUntil = questionsUntil
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }

    /// Past a due day with its step not done (company zone): not submitted by the submission day,
    /// or not published by the publication day.
    public func isOverdue(at now: Date, in zone: TimeZone) -> Bool {
        if let deadline = submitDeadline, submittedAt == nil, state.status == .draft, !deadline.isMet(by: now, in: zone) { return true }
        if let deadline = publishDeadline, publishedAt == nil, !deadline.isMet(by: now, in: zone) { return true }
        return false
    }

    /// Whether owners may still question it on `day` (EXT-6's week after publication).
    public func acceptsQuestions(on day: LocalDate) -> Bool {
        guard state.status == .published, let last = questionsUntil else { return false }
        return day <= last
    }
}

extension WrittenDocument: AuditedRecord {
    public var auditEntityType: String { "document" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "estate_id": String(estateID), "kind": kind.rawValue, "period": period?.label, "held_on": heldOn?.description, "title": title,
            "body": body, "finance_section": financeSection, "status": state.status.rawValue, "step": state.step.map(String.init),
            "submit_due_on": submitDeadline?.dueOn.description, "publish_due_on": publishDeadline?.dueOn.description,
            "submitted_at": submittedAt?.auditText, "published_at": publishedAt?.auditText, "questions_until": questionsUntil?.description,
        ]
    }
}

/// One decision in a document's history: who took it, when, at which step, and why.
public struct DocumentDecision: Sendable, Hashable {
    public let sequence: Int
    public let decision: ApprovalFlow.Decision
    /// The step decided (approve, reject).
    public let step: String?
    public let from: ApprovalFlow.Status
    public let to: ApprovalFlow.Status
    public let actorID: Int64
    /// Whom the actor recorded the decision for (the committee chair, who has no account).
    public let onBehalfOf: String?
    public let comment: String?
    public let at: Date

    public init(
        sequence: Int, decision: ApprovalFlow.Decision, step: String?, from: ApprovalFlow.Status, to: ApprovalFlow.Status, actorID: Int64,
        onBehalfOf: String?, comment: String?, at: Date
    ) {
        self.sequence = sequence
        self.decision = decision
        self.step = step
        self.from = from
        self.to = to
        self.actorID = actorID
        self.onBehalfOf = onBehalfOf
        self.comment = comment
        self.at = at
    }
}

/// An owner's question about a published report, and its answer (EXT-6).
public struct DocumentQuestion: Sendable, Hashable {
    public let id: Int64
    public let officeID: Int64
    public let documentID: Int64
    public let askedBy: String
    /// The asker's unit (房号), if given.
    public let unit: String?
    public let question: String
    public let askedAt: Date
    public var answer: String?
    public var answeredAt: Date?
    public var answeredBy: Int64?

    public init(
        id: Int64, officeID: Int64, documentID: Int64, askedBy: String, unit: String?, question: String, askedAt: Date, answer: String? = nil,
        answeredAt: Date? = nil, answeredBy: Int64? = nil
    ) {
        self.id = id
        self.officeID = officeID
        self.documentID = documentID
        self.askedBy = askedBy
        self.unit = unit
        self.question = question
        self.askedAt = askedAt
        self.answer = answer
        self.answeredAt = answeredAt
        self.answeredBy = answeredBy
    }
}

extension DocumentQuestion: AuditedRecord {
    public var auditEntityType: String { "document_question" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "document_id": String(documentID), "asked_by": askedBy, "unit": unit, "question": question, "asked_at": askedAt.auditText,
            "answer": answer, "answered_at": answeredAt?.auditText, "answered_by": answeredBy.map(String.init),
        ]
    }
}

/// What a list of documents asks for.
public struct DocumentFilter: Sendable {
    public var officeID: Int64?
    public var estateID: Int64?
    public var kind: WrittenDocument.Kind?
    public var status: ApprovalFlow.Status?
    /// true: only documents past a due day with its step undone; false: only the others; nil: both.
    public var overdue: Bool?

    public init(
        officeID: Int64? = nil, estateID: Int64? = nil, kind: WrittenDocument.Kind? = nil, status: ApprovalFlow.Status? = nil, overdue: Bool? = nil
    ) {
        self.officeID = officeID
        self.estateID = estateID
        self.kind = kind
        self.status = status
        self.overdue = overdue
    }
}
