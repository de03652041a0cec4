import Foundation

/// A follow-up visit after a survey (SRV-3, seed 000: "对提出意见和建议的客户应逐户回访，重要客户应登门拜访"): made when
/// the campaign closes for every unit that gave an opinion (a text answer) or a low score, and for every key
/// customer asked (ORG-3's flag), who is visited in person; tracked to done by the analysis's due day.
public struct SurveyFollowUp: Sendable, Hashable {
    public enum Mode: String, Sendable, CaseIterable {
        /// A return visit 回访 (phone or door).
        case visit
        /// In person, at the customer's door 登门拜访: key customers.
        case inPerson = "in_person"
    }

    public enum Status: String, Sendable, CaseIterable {
        case open, done
    }

    public let id: Int64
    public let campaignID: Int64
    public let officeID: Int64
    public let respondentID: Int64
    public let unitLabel: String
    public let mode: Mode
    public let opinion: Bool
    public let lowScore: Bool
    public let keyCustomer: Bool
    public let dueOn: LocalDate
    public var status: Status
    public var note: String?
    public var doneBy: Int64?
    public var doneAt: Date?
    public var version: Int

    public init(
        id: Int64, campaignID: Int64, officeID: Int64, respondentID: Int64, unitLabel: String, mode: Mode, opinion: Bool, lowScore: Bool,
        keyCustomer: Bool, dueOn: LocalDate, status: Status = .open, note: String? = nil, doneBy: Int64? = nil, doneAt: Date? = nil, version: Int = 1
    ) {
        self.id = id
        self.campaignID = campaignID
        self.officeID = officeID
        self.respondentID = respondentID
        self.unitLabel = unitLabel
        self.mode = mode
        self.opinion = opinion
        self.lowScore = lowScore
        self.keyCustomer = keyCustomer
        self.dueOn = dueOn
        self.status = status
        self.note = note
        self.doneBy = doneBy
        self.doneAt = doneAt
        self.version = version
    }
}

extension SurveyFollowUp: AuditedRecord {
    public var auditEntityType: String { "survey_follow_up" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        ["status": status.rawValue, "note": note, "done_at": doneAt?.auditText]
    }
}
