import Foundation

/// A notice to customers 通知/通告 (INF-4, seed 002 4.1.1): an outage of water or power, pest control,
/// parking cards, a typhoon warning, an event or the answers of a survey, for one estate or the whole
/// office, valid for a window. Drafted, published, and possibly withdrawn; only a published notice
/// inside its window is current, and only current notices reach the estate's public feed.
public struct CustomerNotice: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case waterOutage = "water_outage"
        case powerOutage = "power_outage"
        case pestControl = "pest_control"
        case parkingCards = "parking_cards"
        case typhoonWarning = "typhoon_warning"
        case event
        /// Public answers to issues a satisfaction survey raised (SRV-3).
        case surveyAnswer = "survey_answer"
        case other
    }

    public enum Status: String, Sendable, CaseIterable {
        case draft, published, withdrawn
    }

    public let id: Int64
    public let officeID: Int64
    /// nil: office-wide, shown to every estate of the office.
    public var estateID: Int64?
    public var kind: Kind
    public var title: String
    public var body: String
    public var validFrom: Date
    public var validUntil: Date
    /// For a survey answer: the campaign whose common issues it answers (SRV-3).
    public var surveyCampaignID: Int64?
    public var status: Status
    public let createdBy: Int64
    public let createdAt: Date
    public var publishedBy: Int64?
    public var publishedAt: Date?
    public var withdrawnBy: Int64?
    public var withdrawnAt: Date?
    public var withdrawalReason: String?
    public var version: Int

    public init(
        id: Int64, officeID: Int64, estateID: Int64?, kind: Kind, title: String, body: String, validFrom: Date, validUntil: Date,
        surveyCampaignID: Int64? = nil, status: Status = .draft, createdBy: Int64, createdAt: Date, publishedBy: Int64? = nil, publishedAt: Date? = nil,
        withdrawnBy: Int64? = nil, withdrawnAt: Date? = nil, withdrawalReason: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.estateID = estateID
        self.kind = kind
        self.title = title
        self.body = body
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.surveyCampaignID = surveyCampaignID
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.publishedBy = publishedBy
        self.publishedAt = publishedAt
        self.withdrawnBy = withdrawnBy
        self.withdrawnAt = withdrawnAt
        self.withdrawalReason = withdrawalReason
        self.version = version
    }

    /// Published and inside its window at `now` (from inclusive, until exclusive).
    public func isCurrent(at now: Date) -> Bool {
        status == .published && validFrom <= now && now < validUntil
    }
}

extension CustomerNotice: AuditedRecord {
    public var auditEntityType: String { "customer_notice" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "estate_id": estateID.map(String.init), "kind": kind.rawValue, "title": title, "body": body,
            "valid_from": validFrom.auditText, "valid_until": validUntil.auditText, "status": status.rawValue,
            "survey_campaign_id": surveyCampaignID.map(String.init),
            "withdrawal_reason": withdrawalReason,
        ]
    }
}
