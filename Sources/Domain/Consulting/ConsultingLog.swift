import Foundation

/// A resident consultant's work log of one day (工作日志, EXT-7): the main work, the communication
/// with the client (甲方), the documents that came and went.
public struct ConsultingLog: Sendable, Hashable {
    public let id: Int64
    public let projectID: Int64
    public let consultantID: Int64
    public let workDay: LocalDate
    public let work: String
    public let clientContact: String
    public let documents: String
    public let recordedAt: Date

    public init(
        id: Int64, projectID: Int64, consultantID: Int64, workDay: LocalDate, work: String, clientContact: String, documents: String,
        recordedAt: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.consultantID = consultantID
        self.workDay = workDay
        self.work = work
        self.clientContact = clientContact
        self.documents = documents
        self.recordedAt = recordedAt
    }
}

extension ConsultingLog: AuditedRecord {
    public var auditEntityType: String { "consulting_log" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        [
            "project_id": String(projectID), "consultant_id": String(consultantID), "work_day": workDay.description, "work": work,
            "client_contact": clientContact, "documents": documents,
        ]
    }
}

/// Which working days of a month a resident consultant logged (EXT-7: "在工作日均需做工作日志").
public struct ConsultingLogCoverage: Sendable, Hashable {
    public let consultantID: Int64
    /// The working days that needed a log: those of the month the project ran, up to `through`.
    public let workingDays: [LocalDate]
    public let missing: [LocalDate]

    /// The coverage of `month` as of `through` (today: today's log may still come, so it is not missing yet).
    public init(
        consultantID: Int64, month: KPIPeriod, through today: LocalDate, project: ConsultingProject, calendar: WorkingCalendar,
        logged: Set<LocalDate>
    ) {
        self.consultantID = consultantID
        var days: [LocalDate] = []
        var day = month.start
        while day < month.end, day < today {
            if calendar.isWorkingDay(day), project.runs(on: day) { days.append(day) }
            day = day.shifted(by: 1)
        }
        self.workingDays = days
        self.missing = days.filter { !logged.contains($0) }
    }

    public var logged: Int { workingDays.count - missing.count }
}
