import Domain
import Foundation
import Persistence

/// Consulting projects (EXT-7): the consulting department sets them up with their resident
/// consultants, who log every working day; HQ sees which working days have no log.
public struct ConsultingProjectService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// A project with whether it runs today.
    public struct View: Sendable {
        public let project: ConsultingProject
        public let active: Bool
    }

    public struct Draft: Sendable {
        public var name: String
        public var developerID: Int64
        public var consultantIDs: [Int64]
        public var startedOn: LocalDate
        public var endedOn: LocalDate?

        public init(name: String, developerID: Int64, consultantIDs: [Int64], startedOn: LocalDate, endedOn: LocalDate? = nil) {
            self.name = name
            self.developerID = developerID
            self.consultantIDs = consultantIDs
            self.startedOn = startedOn
            self.endedOn = endedOn
        }
    }

    static let fields = ["consulting_project_name_key": "name", "consulting_log_once_a_day": "workDay"]

    public func create(_ draft: Draft, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .manageConsulting, fields: Self.fields) { work in
            var issues: [FieldIssue] = []
            let name = InputRules.required(draft.name, field: "name", limit: 200, issues: &issues)
            let developer = try await DeveloperRepository.find(id: draft.developerID, in: work.tx)
            if developer == nil || developer?.archivedAt != nil { issues.append(FieldIssue("developerId", "no active developer with this id")) }
            try await Self.checkConsultants(draft.consultantIDs, issues: &issues, work: work)
            if let ended = draft.endedOn, ended < draft.startedOn { issues.append(FieldIssue("endedOn", "is before startedOn")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let project = try await ConsultingProjectRepository.insert(
                ConsultingProject(
                    id: 0, name: name, developerID: draft.developerID, consultantIDs: Array(Set(draft.consultantIDs)),
                    startedOn: draft.startedOn, endedOn: draft.endedOn, createdBy: caller.actor.userID),
                at: work.now, in: work.tx)
            try await work.audit(.created(project))
            return try await Self.view(project, work)
        }
    }

    public func update(
        id: Int64, name: String, consultantIDs: [Int64], endedOn: LocalDate?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, .manageConsulting, fields: Self.fields) { work in
            let before = try await Self.project(id, forUpdate: true, work)
            try work.check(version: before.version, expected: expectedVersion)
            var issues: [FieldIssue] = []
            var after = before
            after.name = InputRules.required(name, field: "name", limit: 200, issues: &issues)
            try await Self.checkConsultants(consultantIDs, issues: &issues, work: work)
            if let endedOn, endedOn < before.startedOn { issues.append(FieldIssue("endedOn", "is before startedOn")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            after.consultantIDs = Array(Set(consultantIDs)).sorted()
            after.endedOn = endedOn
            after = try await ConsultingProjectRepository.update(after, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return try await Self.view(after, work)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readConsulting, readOnly: true) { work in
            try await Self.view(try await Self.project(id, work), work)
        }
    }

    public func list(developerID: Int64?, active: Bool?, consultantID: Int64?, _ caller: Caller, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readConsulting, readOnly: true) { work in
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            let rows = try await ConsultingProjectRepository.list(
                developerID: developerID, active: active, consultantID: consultantID, today: today, afterID: page.afterID,
                limit: page.limit, in: work.tx)
            let projects = page.page(from: rows, id: \.id)
            return Page(items: projects.items.map { View(project: $0, active: $0.runs(on: today)) }, nextCursor: projects.nextCursor)
        }
    }

    /// Writes the caller's log of `workDay`: a resident consultant of a running project, one log a day.
    public func writeLog(
        projectID: Int64, workDay: LocalDate, work text: String, clientContact: String?, documents: String?, _ caller: Caller
    ) async throws -> ConsultingLog {
        try await runner.perform(caller, .writeConsulting, fields: Self.fields) { work in
            let project = try await Self.project(projectID, work)
            guard project.isResident(caller.actor.userID) else {
                throw ServiceError.forbiddenHere("only the project's resident consultants write its work logs (EXT-7)")
            }
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            var issues: [FieldIssue] = []
            let text = InputRules.required(text, field: "work", limit: 8000, issues: &issues)
            let contact = InputRules.optional(clientContact, field: "clientContact", limit: 4000, issues: &issues) ?? ""
            let documents = InputRules.optional(documents, field: "documents", limit: 4000, issues: &issues) ?? ""
            Self.check(workDay, field: "workDay", of: project, today: today, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let log = try await ConsultingLogRepository.insert(
                ConsultingLog(
                    id: 0, projectID: project.id, consultantID: caller.actor.userID, workDay: workDay, work: text, clientContact: contact,
                    documents: documents, recordedAt: work.now),
                in: work.tx)
            try await work.audit(.created(log))
            return log
        }
    }

    public func logs(
        projectID: Int64, consultantID: Int64?, from: LocalDate?, to: LocalDate?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<ConsultingLog> {
        try await runner.perform(caller, .readConsulting, readOnly: true) { work in
            let project = try await Self.project(projectID, work)
            let rows = try await ConsultingLogRepository.list(
                projectID: project.id, consultantID: consultantID, from: from, to: to, afterID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }

    /// Each resident consultant's logged and missing working days of `month` (default: the current one).
    public func logCoverage(projectID: Int64, month: KPIPeriod?, _ caller: Caller) async throws -> (month: KPIPeriod, coverage: [ConsultingLogCoverage]) {
        try await runner.perform(caller, .readConsulting, readOnly: true) { work in
            let project = try await Self.project(projectID, work)
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            let month = month ?? KPIPeriod(.month, containing: today)
            let calendar = try await work.workingCalendar(around: month.start)
            let logged = try await ConsultingLogRepository.loggedDays(projectID: project.id, from: month.start, to: month.end, in: work.tx)
            return (month, project.consultantIDs.map {
                ConsultingLogCoverage(
                    consultantID: $0, month: month, through: today, project: project, calendar: calendar, logged: logged[$0] ?? [])
            })
        }
    }

    /// A day something of the project happened, recorded now: not ahead, at most 31 days back, within the engagement.
    static func check(_ day: LocalDate, field: String, of project: ConsultingProject, today: LocalDate, issues: inout [FieldIssue]) {
        if day > today {
            issues.append(FieldIssue(field, "is in the future"))
        } else if day < today.shifted(by: -31) {
            issues.append(FieldIssue(field, "is more than 31 days ago; record things as they happen"))
        } else if !project.runs(on: day) {
            issues.append(FieldIssue(field, "is outside the project's engagement"))
        }
    }

    /// The project `id`, or 404.
    static func project(_ id: Int64, forUpdate: Bool = false, _ work: ServiceWork) async throws -> ConsultingProject {
        guard let project = try await ConsultingProjectRepository.find(id: id, forUpdate: forUpdate, in: work.tx)
        else { throw ServiceError.notFound("no consulting project with id \(id)") }
        return project
    }

    private static func checkConsultants(_ ids: [Int64], issues: inout [FieldIssue], work: ServiceWork) async throws {
        if ids.isEmpty || Set(ids).count > 20 {
            issues.append(FieldIssue("consultantIds", "names 1-20 resident consultants"))
            return
        }
        let consultants = try await ConsultingProjectRepository.consultants(among: ids, in: work.tx)
        if let stranger = ids.first(where: { !consultants.contains($0) }) {
            issues.append(FieldIssue("consultantIds", "user \(stranger) is not an active user with the CONSULTANT role"))
        }
    }

    private static func view(_ project: ConsultingProject, _ work: ServiceWork) async throws -> View {
        View(project: project, active: project.runs(on: LocalDate(work.now, in: try await work.companyTimeZone())))
    }
}
