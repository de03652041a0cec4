import Foundation

/// A project the company advises for a developer (顾问项目, EXT-7), with its resident consultants
/// (驻场顾问). Company-level: only HQ roles see it.
public struct ConsultingProject: Sendable, Hashable {
    public let id: Int64
    public var name: String
    public let developerID: Int64
    /// The resident consultants, in id order: they write the logs and reports.
    public var consultantIDs: [Int64]
    public let startedOn: LocalDate
    /// The last day of the engagement: nothing is logged or delivered for a day after it.
    public var endedOn: LocalDate?
    public let createdBy: Int64
    public var version: Int

    public init(
        id: Int64, name: String, developerID: Int64, consultantIDs: [Int64], startedOn: LocalDate, endedOn: LocalDate?,
        createdBy: Int64, version: Int = 1
    ) {
        self.id = id
        self.name = name
        self.developerID = developerID
        self.consultantIDs = consultantIDs.sorted()
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.createdBy = createdBy
        self.version = version
    }

    /// Whether the engagement covers `day`.
    public func runs(on day: LocalDate) -> Bool {
        day >= startedOn && (endedOn.map { day <= $0 } ?? true)
    }

    public func isResident(_ userID: Int64) -> Bool { consultantIDs.contains(userID) }
}

extension ConsultingProject: AuditedRecord {
    public var auditEntityType: String { "consulting_project" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { nil }
    public var auditFields: [String: String?] {
        [
            "name": name, "developer_id": String(developerID), "consultant_ids": consultantIDs.map(String.init).joined(separator: ","),
            "started_on": startedOn.description, "ended_on": endedOn?.description,
        ]
    }
}
