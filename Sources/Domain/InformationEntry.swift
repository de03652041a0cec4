import Foundation

/// An entry of the information register 信息交流表 kept by QUALITY (INF-1/2, seed 000 六): internal or
/// external (shown with "*") information, where it came from, who was told, how it was handled and
/// at which meeting it was reviewed. Urgent information needs a corrective/preventive action report
/// approved before the entry closes.
public struct InformationEntry: Sendable, Hashable {
    public enum Direction: String, Sendable, CaseIterable {
        case `internal`, external
    }

    public enum SourceKind: String, Sendable, CaseIterable {
        case department, office, developer, authority, customer, supplier, media, other
    }

    public let id: Int64
    /// nil for HQ's own information (HQ only).
    public let officeID: Int64?
    public let direction: Direction
    public let sourceKind: SourceKind
    public let source: String
    public let content: String
    public var told: String
    public var handling: String
    public let urgent: Bool
    public let majorNonconformity: Bool
    public let receivedAt: Date
    public let recordedBy: Int64
    public let recordedAt: Date
    public var reviewedMeetingID: Int64?
    public var actionReport: String?
    public var actionReportBy: Int64?
    public var actionReportAt: Date?
    public var actionApprovedBy: Int64?
    public var actionApprovedAt: Date?
    public var closedAt: Date?
    public var version: Int

    public init(
        id: Int64, officeID: Int64?, direction: Direction, sourceKind: SourceKind, source: String, content: String, told: String, handling: String,
        urgent: Bool, majorNonconformity: Bool, receivedAt: Date, recordedBy: Int64, recordedAt: Date, reviewedMeetingID: Int64? = nil,
        actionReport: String? = nil, actionReportBy: Int64? = nil, actionReportAt: Date? = nil, actionApprovedBy: Int64? = nil,
        actionApprovedAt: Date? = nil, closedAt: Date? = nil, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.direction = direction
        self.sourceKind = sourceKind
        self.source = source
        self.content = content
        self.told = told
        self.handling = handling
        self.urgent = urgent
        self.majorNonconformity = majorNonconformity
        self.receivedAt = receivedAt
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.reviewedMeetingID = reviewedMeetingID
        self.actionReport = actionReport
        self.actionReportBy = actionReportBy
        self.actionReportAt = actionReportAt
        self.actionApprovedBy = actionApprovedBy
        self.actionApprovedAt = actionApprovedAt
        self.closedAt = closedAt
        self.version = version
    }

    /// "*" for external information, as the register marks it.
    public var marker: String { direction == .external ? "*" : "" }

    /// INF-2: urgent information needs an approved action report; others may close at any time.
    public var mayClose: Bool { closedAt == nil && (!urgent || actionApprovedAt != nil) }
}

extension InformationEntry: AuditedRecord {
    public var auditEntityType: String { "information_entry" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": officeID.map(String.init), "direction": direction.rawValue, "source_kind": sourceKind.rawValue, "source": source,
            "content": content, "told": told, "handling": handling, "urgent": String(urgent), "major_nonconformity": String(majorNonconformity),
            "reviewed_meeting_id": reviewedMeetingID.map(String.init), "action_report": actionReport,
            "action_approved_by": actionApprovedBy.map(String.init), "closed_at": closedAt?.auditText,
        ]
    }
}
