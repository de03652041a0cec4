import Foundation

/// Who an office communicates with outside the company (EXT-1, EXT-5).
public enum CommunicationParty: String, Sendable, CaseIterable {
    /// The estate's developer 发展商.
    case developer
    /// The estate's owners' committee 业委会.
    case ownersCommittee = "owners_committee"
}

/// How (seed 000: 电话、面谈、书面(含发函、E-mail)、会议).
public enum CommunicationChannel: String, Sendable, CaseIterable {
    case phone
    case faceToFace = "face_to_face"
    case letter
    case email
    case meeting
}

/// One entry of the communication record 与发展商沟通记录 (EXT-1) or of the office's
/// communication with the owners' committee (EXT-5). Records are kept as written.
public struct CommunicationRecord: Sendable, Hashable {
    public let id: Int64
    public let officeID: Int64
    public let estateID: Int64
    public let party: CommunicationParty
    /// The developer spoken with, for developer communication.
    public let developerID: Int64?
    public let channel: CommunicationChannel
    public let occurredAt: Date
    /// The people on the other side (names, titles).
    public let counterparts: String
    public let summary: String
    public let recordedBy: Int64
    public let recordedAt: Date

    public init(
        id: Int64, officeID: Int64, estateID: Int64, party: CommunicationParty, developerID: Int64?, channel: CommunicationChannel,
        occurredAt: Date, counterparts: String, summary: String, recordedBy: Int64, recordedAt: Date
    ) {
        self.id = id
        self.officeID = officeID
        self.estateID = estateID
        self.party = party
        self.developerID = developerID
        self.channel = channel
        self.occurredAt = occurredAt
        self.counterparts = counterparts
        self.summary = summary
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

extension CommunicationRecord: AuditedRecord {
    public var auditEntityType: String { "communication_record" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "estate_id": String(estateID), "party": party.rawValue, "developer_id": developerID.map(String.init),
            "channel": channel.rawValue, "occurred_at": occurredAt.auditText, "counterparts": counterparts, "summary": summary,
        ]
    }
}
