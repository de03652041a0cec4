import Domain
import Foundation
import Persistence

/// A consulting project's reports (EXT-7): resident consultants submit the monthly report, which
/// the consulting department answers within the policy's days, the quarterly summary, which the
/// department merges with the consultant team's and sends to the developer, and the monthly
/// finance and operations reports for the developer.
public struct ConsultingReportService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// A report with what the company's zone says of it now.
    public struct View: Sendable {
        public let report: ConsultingReport
        public let overdue: Bool
        public let answeredOnTime: Bool?
    }

    public func submit(projectID: Int64, kind: ConsultingReport.Kind, period label: String, body: String, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .writeConsulting, fields: ["consulting_report_once": "period"]) { work in
            let project = try await ConsultingProjectService.project(projectID, work)
            guard project.isResident(caller.actor.userID) else {
                throw ServiceError.forbiddenHere("only the project's resident consultants submit its reports (EXT-7)")
            }
            let zone = try await work.companyTimeZone()
            let today = LocalDate(work.now, in: zone)
            var issues: [FieldIssue] = []
            let text = InputRules.required(body, field: "body", limit: 40_000, issues: &issues)
            let period = KPIPeriod(kind.period, label: label)
            if let period {
                if period.start > today {
                    issues.append(FieldIssue("period", "has not begun"))
                } else if period.lastDay < project.startedOn || (project.endedOn.map { period.start > $0 } ?? false) {
                    issues.append(FieldIssue("period", "is outside the project's engagement"))
                }
            } else {
                issues.append(FieldIssue("period", kind.period == .quarter ? "is a quarter like 2026-Q3" : "is a month like 2026-10"))
            }
            guard issues.isEmpty, let period else { throw ServiceError.validation(issues) }
            var deadline: Deadline?
            if kind.answeredByConsulting {
                let policy = try await work.communicationPolicy()
                deadline = policy.consultingReportAnswer.deadline(after: today, calendar: try await work.workingCalendar(around: today))
            }
            let report = try await ConsultingReportRepository.insert(
                ConsultingReport(
                    id: 0, projectID: project.id, kind: kind, period: period, body: text, writtenBy: caller.actor.userID, submittedAt: work.now,
                    answerDeadline: deadline),
                in: work.tx)
            try await work.audit(.created(report))
            return Self.view(report, now: work.now, zone: zone)
        }
    }

    /// The consulting department's answer to a monthly report: not from the project's own residents.
    public func answer(id: Int64, answer: String, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .manageConsulting) { work in
            let (before, project) = try await Self.report(id, work)
            try work.check(version: before.version, expected: expectedVersion)
            guard before.kind.answeredByConsulting else { throw ServiceError.invalidState("only monthly reports are answered; this one goes to the developer") }
            guard before.answeredAt == nil else { throw ServiceError.invalidState("the report is already answered") }
            guard !project.isResident(caller.actor.userID) else {
                throw ServiceError.forbiddenHere("the consulting department answers; the project's resident consultants do not answer its reports")
            }
            var issues: [FieldIssue] = []
            let text = InputRules.required(answer, field: "answer", limit: 8000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.answer = text
            after.answeredBy = caller.actor.userID
            after.answeredAt = work.now
            after = try await ConsultingReportRepository.save(after, in: work.tx)
            try await work.audit(.changed("answer", from: before, to: after))
            return Self.view(after, now: work.now, zone: try await work.companyTimeZone())
        }
    }

    /// Sends a report to the developer: a quarterly summary as the department's merge.
    public func deliver(id: Int64, deliveredTo: String, mergedSummary: String?, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .manageConsulting) { work in
            let (before, project) = try await Self.report(id, work)
            try work.check(version: before.version, expected: expectedVersion)
            guard !before.kind.answeredByConsulting else {
                throw ServiceError.invalidState("a monthly report stays with the consulting department; it is answered, not sent")
            }
            guard before.deliveredAt == nil else { throw ServiceError.invalidState("the report was already sent to the developer") }
            if before.kind == .quarterlySummary && project.isResident(caller.actor.userID) {
                throw ServiceError.forbiddenHere("the consulting department merges the quarterly summaries and sends them (EXT-7)")
            }
            var issues: [FieldIssue] = []
            let recipient = InputRules.required(deliveredTo, field: "deliveredTo", limit: 200, issues: &issues)
            let merged = InputRules.optional(mergedSummary, field: "mergedSummary", limit: 40_000, issues: &issues)
            if before.kind == .quarterlySummary && merged == nil {
                issues.append(FieldIssue("mergedSummary", "a quarterly summary goes out merged with the consultant team's (EXT-7)"))
            } else if before.kind != .quarterlySummary && merged != nil {
                issues.append(FieldIssue("mergedSummary", "is only for quarterly summaries"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.mergedSummary = merged
            after.deliveredTo = recipient
            after.deliveredBy = caller.actor.userID
            after.deliveredAt = work.now
            after = try await ConsultingReportRepository.save(after, in: work.tx)
            try await work.audit(.changed("deliver", from: before, to: after))
            return Self.view(after, now: work.now, zone: try await work.companyTimeZone())
        }
    }

    public func list(projectID: Int64, _ filter: ConsultingReportFilter, _ caller: Caller, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readConsulting, readOnly: true) { work in
            let project = try await ConsultingProjectService.project(projectID, work)
            let zone = try await work.companyTimeZone()
            let rows = try await ConsultingReportRepository.list(
                projectID: project.id, filter, now: work.now, afterID: page.afterID, limit: page.limit, in: work.tx)
            let reports = page.page(from: rows, id: \.id)
            return Page(items: reports.items.map { Self.view($0, now: work.now, zone: zone) }, nextCursor: reports.nextCursor)
        }
    }

    /// The report `id` under row lock with its project, or 404.
    private static func report(_ id: Int64, _ work: ServiceWork) async throws -> (ConsultingReport, ConsultingProject) {
        guard let report = try await ConsultingReportRepository.find(id: id, forUpdate: true, in: work.tx)
        else { throw ServiceError.notFound("no consulting report with id \(id)") }
        return (report, try await ConsultingProjectService.project(report.projectID, work))
    }

    static func view(_ report: ConsultingReport, now: Date, zone: TimeZone) -> View {
        View(report: report, overdue: report.isOverdue(at: now, in: zone), answeredOnTime: report.answeredOnTime(in: zone))
    }
}
