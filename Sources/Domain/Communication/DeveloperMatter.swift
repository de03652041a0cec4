import Foundation

/// Something between an office and the developer that waits for an answer (EXT-2, EXT-4).
public struct DeveloperMatter: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A question the office manager could not answer at once (接电三日内以电话或书面形式答复).
        case question
        /// A letter from the developer (发展商来文), answered in writing.
        case developerLetter = "developer_letter"
        /// An owner's letter the developer forwards (转来的业主书面信函), answered in writing.
        case forwardedOwnerLetter = "forwarded_owner_letter"
        /// A matter that needs the developer's written assistance (EXT-4); the developer answers.
        case assistanceRequest = "assistance_request"

        /// Whether the office owes the answer (the developer owes it for a request).
        public var officeAnswers: Bool { self != .assistanceRequest }
        /// Whether only a written answer will do.
        public var needsWrittenAnswer: Bool { self != .question }
    }

    /// EXT-4's matters that need the developer's written assistance (seed 000 §1 j).
    public enum Topic: String, Sendable, CaseIterable {
        /// 住宅维修基金和公用设施专用基金的使用.
        case maintenanceFund = "maintenance_fund"
        /// 小区配套设施的完善.
        case facilityCompletion = "facility_completion"
        /// 产权的办理.
        case propertyTitles = "property_titles"
        /// 设备设施保修期内事故的处理和保修金的管理.
        case warranty
        /// 小区筹备委员会和业主委员会的成立.
        case committeeFormation = "committee_formation"
        /// 空置房的管理费、水电费等的缴纳.
        case vacantUnitFees = "vacant_unit_fees"
    }

    public enum AnswerChannel: String, Sendable, CaseIterable {
        case phone
        case written
    }

    public let id: Int64
    public let officeID: Int64
    public let estateID: Int64
    public let developerID: Int64
    public let kind: Kind
    public let topic: Topic?
    public let subject: String
    public let content: String
    public let receivedAt: Date
    /// The last day to answer in time; for a request, the day the developer's answer is expected, if set.
    public let deadline: Deadline?
    /// The call or meeting the question came up in.
    public let communicationID: Int64?
    /// The signed letter that asked the developer for assistance.
    public let requestDocumentID: Int64?
    public let recordedBy: Int64
    public var answeredAt: Date?
    public var answerChannel: AnswerChannel?
    public var answer: String?
    /// The signed outgoing document that answered in writing (letters always have one).
    public var answerDocumentID: Int64?
    public var answeredBy: Int64?
    public var version: Int

    public init(
        id: Int64, officeID: Int64, estateID: Int64, developerID: Int64, kind: Kind, topic: Topic?, subject: String, content: String,
        receivedAt: Date, deadline: Deadline?, communicationID: Int64?, requestDocumentID: Int64?, recordedBy: Int64,
        answeredAt: Date? = nil, answerChannel: AnswerChannel? = nil, answer: String? = nil, answerDocumentID: Int64? = nil,
        answeredBy: Int64? = nil, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.estateID = estateID
        self.developerID = developerID
        self.kind = kind
        self.topic = topic
        self.subject = subject
        self.content = content
        self.receivedAt = receivedAt
        self.deadline = deadline
        self.communicationID = communicationID
        self.requestDocumentID = requestDocumentID
        self.recordedBy = recordedBy
        self.answeredAt = answeredAt
        self.answerChannel = answerChannel
        self.answer = answer
        self.answerDocumentID = answerDocumentID
        self.answeredBy = answeredBy
        self.version = version
    }

    public var isOpen: Bool { answeredAt == nil }

    /// Open after its due day (company zone).
    public func isOverdue(at now: Date, in zone: TimeZone) -> Bool {
        guard isOpen, let deadline else { return false }
        return !deadline.isMet(by: now, in: zone)
    }

    /// Whether the answer came in time; nil while open or without a due day.
    public func answeredOnTime(in zone: TimeZone) -> Bool? {
        guard let answeredAt, let deadline else { return nil }
        return deadline.isMet(by: answeredAt, in: zone)
    }
}

extension DeveloperMatter: AuditedRecord {
    public var auditEntityType: String { "developer_matter" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "estate_id": String(estateID), "developer_id": String(developerID), "kind": kind.rawValue, "topic": topic?.rawValue,
            "subject": subject, "content": content, "received_at": receivedAt.auditText, "due_on": deadline?.dueOn.description,
            "communication_id": communicationID.map(String.init), "request_document_id": requestDocumentID.map(String.init),
            "answered_at": answeredAt?.auditText, "answer_channel": answerChannel?.rawValue, "answer": answer,
            "answer_document_id": answerDocumentID.map(String.init), "answered_by": answeredBy.map(String.init),
        ]
    }
}

/// What a list of developer matters asks for.
public struct DeveloperMatterFilter: Sendable {
    public var officeID: Int64?
    public var estateID: Int64?
    public var kind: DeveloperMatter.Kind?
    /// true: open only; false: answered only; nil: both.
    public var open: Bool?
    /// true: only open matters past their due day; false: only the others; nil: both.
    public var overdue: Bool?

    public init(officeID: Int64? = nil, estateID: Int64? = nil, kind: DeveloperMatter.Kind? = nil, open: Bool? = nil, overdue: Bool? = nil) {
        self.officeID = officeID
        self.estateID = estateID
        self.kind = kind
        self.open = open
        self.overdue = overdue
    }
}
