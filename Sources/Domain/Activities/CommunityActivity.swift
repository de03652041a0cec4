import Foundation

/// A community culture activity held by an office (INF-6, 社区文化活动记录表): when and where, who took part, a
/// written record and/or photos (attachments), and afterwards the evaluation of its effect ("针对活动效果予以总结、评估").
public struct CommunityActivity: Sendable, Hashable {
    public let id: Int64
    public let officeID: Int64
    /// The office's plan it carries out, if any.
    public let planID: Int64?
    public let title: String
    public let heldOn: LocalDate
    public let place: String
    public let participants: String
    public let participantCount: Int
    public let record: String?
    public var evaluation: String?
    public var evaluatedBy: Int64?
    public var evaluatedAt: Date?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(
        id: Int64, officeID: Int64, planID: Int64?, title: String, heldOn: LocalDate, place: String, participants: String, participantCount: Int,
        record: String?, evaluation: String? = nil, evaluatedBy: Int64? = nil, evaluatedAt: Date? = nil, createdBy: Int64, createdAt: Date,
        version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.planID = planID
        self.title = title
        self.heldOn = heldOn
        self.place = place
        self.participants = participants
        self.participantCount = participantCount
        self.record = record
        self.evaluation = evaluation
        self.evaluatedBy = evaluatedBy
        self.evaluatedAt = evaluatedAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }
}

extension CommunityActivity: AuditedRecord {
    public var auditEntityType: String { "community_activity" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "plan_id": planID.map(String.init), "title": title, "held_on": heldOn.description, "place": place, "participants": participants,
            "participant_count": String(participantCount), "record": record, "evaluation": evaluation,
        ]
    }
}
