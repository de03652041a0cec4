import Foundation

/// An exchange between offices (INF-7): a visit to another office or a training, recorded by the office that went
/// and signed in by its host — another office, or HQ (`hostOfficeID` nil).
public struct OfficeExchange: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 参观交流: a visit to learn from another office.
        case visit
        /// 培训: a training held by the host.
        case training
    }

    public let id: Int64
    /// The office that went (and recorded it).
    public let officeID: Int64
    /// The host office; nil when HQ hosts.
    public let hostOfficeID: Int64?
    public let kind: Kind
    public let heldOn: LocalDate
    public let topic: String
    public let participants: String
    public let participantCount: Int
    public let notes: String
    public let recordedBy: Int64
    public let recordedAt: Date
    public var hostSignedBy: Int64?
    public var hostSignedAt: Date?
    public var hostComment: String?
    public var version: Int

    public init(
        id: Int64, officeID: Int64, hostOfficeID: Int64?, kind: Kind, heldOn: LocalDate, topic: String, participants: String, participantCount: Int,
        notes: String, recordedBy: Int64, recordedAt: Date, hostSignedBy: Int64? = nil, hostSignedAt: Date? = nil, hostComment: String? = nil,
        version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.hostOfficeID = hostOfficeID
        self.kind = kind
        self.heldOn = heldOn
        self.topic = topic
        self.participants = participants
        self.participantCount = participantCount
        self.notes = notes
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.hostSignedBy = hostSignedBy
        self.hostSignedAt = hostSignedAt
        self.hostComment = hostComment
        self.version = version
    }
}

extension OfficeExchange: AuditedRecord {
    public var auditEntityType: String { "office_exchange" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "host_office_id": hostOfficeID.map(String.init), "kind": kind.rawValue, "held_on": heldOn.description, "topic": topic,
            "participants": participants, "participant_count": String(participantCount), "notes": notes,
            "host_signed_by": hostSignedBy.map(String.init), "host_comment": hostComment,
        ]
    }
}
