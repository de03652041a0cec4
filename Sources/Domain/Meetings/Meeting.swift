import Foundation

/// A meeting of the company (no office) or of an office (MTG-1/2): scheduled with its agenda due
/// before it, attended by sign-in, ended in minutes sent to the attendees by a due day and in
/// resolutions tracked to done.
public struct Meeting: Sendable, Hashable {
    /// One person who signed in: a staff member by account, a guest (owner, developer) by name and unit.
    public struct Attendee: Sendable, Hashable {
        public let position: Int
        public let name: String
        public let userID: Int64?
        public let unit: String?
        public let signedInAt: Date

        public init(position: Int, name: String, userID: Int64?, unit: String?, signedInAt: Date) {
            self.position = position
            self.name = name
            self.userID = userID
            self.unit = unit
            self.signedInAt = signedInAt
        }
    }

    public let id: Int64
    /// nil for a company meeting (HQ roles only).
    public let officeID: Int64?
    public let typeCode: String
    public var title: String
    public let scheduledAt: Date
    public var location: String
    public var agenda: String
    public let agendaDeadline: Deadline
    public var agendaDistributedAt: Date?
    public var minutes: String?
    public let minutesDeadline: Deadline
    public var minutesDistributedAt: Date?
    public var minutesBy: Int64?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(
        id: Int64, officeID: Int64?, typeCode: String, title: String, scheduledAt: Date, location: String, agenda: String,
        agendaDeadline: Deadline, agendaDistributedAt: Date? = nil, minutes: String? = nil, minutesDeadline: Deadline,
        minutesDistributedAt: Date? = nil, minutesBy: Int64? = nil, createdBy: Int64, createdAt: Date, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.typeCode = typeCode
        self.title = title
        self.scheduledAt = scheduledAt
        self.location = location
        self.agenda = agenda
        self.agendaDeadline = agendaDeadline
        self.agendaDistributedAt = agendaDistributedAt
        self.minutes = minutes
        self.minutesDeadline = minutesDeadline
        self.minutesDistributedAt = minutesDistributedAt
        self.minutesBy = minutesBy
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }

    /// The minutes are not out after their due day, or the agenda not out after its due day while the meeting is still ahead.
    public func isOverdue(at now: Date, in zone: TimeZone) -> Bool {
        if minutesDistributedAt == nil, !minutesDeadline.isMet(by: now, in: zone) { return true }
        return agendaDistributedAt == nil && now < scheduledAt && !agendaDeadline.isMet(by: now, in: zone)
    }
}

extension Meeting: AuditedRecord {
    public var auditEntityType: String { "meeting" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "type": typeCode, "title": title, "scheduled_at": scheduledAt.auditText, "location": location, "agenda": agenda,
            "agenda_due_on": agendaDeadline.dueOn.description, "agenda_distributed_at": agendaDistributedAt?.auditText, "minutes": minutes,
            "minutes_due_on": minutesDeadline.dueOn.description, "minutes_distributed_at": minutesDistributedAt?.auditText,
        ]
    }
}

/// A resolution a meeting ended in (MTG-2): the person responsible for its action plan, its due
/// day, and its progress to done.
public struct MeetingResolution: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        case open
        case inProgress = "in_progress"
        case done
    }

    public let id: Int64
    public let meetingID: Int64
    public let officeID: Int64?
    public let text: String
    public let responsibleID: Int64
    public let deadline: Deadline
    public var status: Status
    public var progress: String
    public var doneAt: Date?
    public var version: Int

    public init(
        id: Int64, meetingID: Int64, officeID: Int64?, text: String, responsibleID: Int64, deadline: Deadline, status: Status = .open,
        progress: String = "", doneAt: Date? = nil, version: Int = 1
    ) {
        self.id = id
        self.meetingID = meetingID
        self.officeID = officeID
        self.text = text
        self.responsibleID = responsibleID
        self.deadline = deadline
        self.status = status
        self.progress = progress
        self.doneAt = doneAt
        self.version = version
    }

    public func isOverdue(at now: Date, in zone: TimeZone) -> Bool {
        status != .done && !deadline.isMet(by: now, in: zone)
    }
}

extension MeetingResolution: AuditedRecord {
    public var auditEntityType: String { "meeting_resolution" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "meeting_id": String(meetingID), "text": text, "responsible_id": String(responsibleID), "due_on": deadline.dueOn.description,
            "status": status.rawValue, "progress": progress, "done_at": doneAt?.auditText,
        ]
    }
}
