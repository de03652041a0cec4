import Domain
import Foundation
import Persistence

/// Safety observation reports through the approval workflow (SAF-4/5): a unit's monthly summary,
/// written by its management and submitted up the line to the QHSE side, and the company's
/// quarterly and semiannual bulletins, written by QHSE and approved by leadership. Each carries
/// its period's figures from planned cards, fixed when it is written.
public struct SafetyReportService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct View: Sendable {
        public let report: SafetyReport
        public let decisions: [DocumentDecision]
    }

    public func write(
        kind: SafetyReport.Kind, unit: SafetyUnit?, period: KPIPeriod, title: String, body: String, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, kind.flow.authorAction, fields: ["safety_report_period_key": "period"]) { work in
            switch (kind.hasUnit, unit) {
            case (true, nil): throw ServiceError.validation([FieldIssue("officeId", "a monthly summary is a unit's: name its office or department")])
            case (false, _?): throw ServiceError.validation([FieldIssue("officeId", "a bulletin is the company's: leave the unit out")])
            case (true, let unit?): try await work.checkActive(unit, hqOnly: SafetyObservationService.hqOnly)
            case (false, nil): break
            }
            let zone = try await work.companyTimeZone()
            let today = LocalDate(work.now, in: zone)
            var issues: [FieldIssue] = []
            if period.start > today { issues.append(FieldIssue("period", "has not begun")) }
            if period.end < today.shifted(by: -366) { issues.append(FieldIssue("period", "ended more than a year ago")) }
            let title = InputRules.required(title, field: "title", limit: 200, issues: &issues)
            let body = InputRules.optional(body, field: "body", limit: 20_000, issues: &issues) ?? ""
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let figures = try await SafetyObservationRepository.statistics(
                of: unit, from: period.start.start(in: zone), to: period.end.start(in: zone), in: work.tx)
            let report = try await SafetyReportRepository.insert(
                SafetyReport(
                    id: 0, unit: unit, kind: kind, period: period, title: title, body: body, figures: figures.figuresText, state: .draft,
                    submittedAt: nil, publishedAt: nil, createdBy: caller.actor.userID, createdAt: work.now, version: 1),
                in: work.tx)
            try await work.audit(.created(report))
            return View(report: report, decisions: [])
        }
    }

    /// Rewrites a draft's title and body (If-Match).
    public func revise(id: Int64, title: String, body: String, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readSafety) { work in
            let before = try await Self.report(id, forUpdate: true, work: work)
            guard caller.actor.may(before.kind.flow.authorAction, inOffice: before.unit?.officeID) else {
                throw ServiceError.forbidden(before.kind.flow.authorAction)
            }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.state.status == .draft else { throw ServiceError.invalidState("only a draft is revised; this one is \(before.state.status.rawValue)") }
            var issues: [FieldIssue] = []
            var after = before
            after.title = InputRules.required(title, field: "title", limit: 200, issues: &issues)
            after.body = InputRules.optional(body, field: "body", limit: 20_000, issues: &issues) ?? ""
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            after = try await SafetyReportRepository.update(after, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return View(report: after, decisions: try await SafetyReportRepository.decisions(of: id, in: work.tx))
        }
    }

    /// Submits, approves or rejects at the waiting step, or publishes: each by the action the flow names.
    public func decide(
        id: Int64, _ decision: ApprovalFlow.Decision, comment: String?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> View {
        // The step's own action is checked once the report is read; reading it needs the read action.
        // Roles that can take this decision on no kind of report are refused before the report is looked up.
        let possible = Self.actions(for: decision)
        if !possible.contains(where: { PermissionMatrix.scope(of: caller.actor.roles, for: $0) != nil }) {
            throw ServiceError.forbidden(possible[0])
        }
        return try await runner.perform(caller, .readSafety) { work in
            let before = try await Self.report(id, forUpdate: true, work: work)
            let flow = before.kind.flow
            let action = flow.action(for: decision, in: before.state)
            guard caller.actor.may(action, inOffice: before.unit?.officeID) else { throw ServiceError.forbidden(action) }
            try work.check(version: before.version, expected: expectedVersion)
            let after = try await ApprovalDecisionRules.decide(
                decision, comment: comment, on: before, flow: flow, work: work,
                update: { try await SafetyReportRepository.update($0, in: work.tx) },
                log: { report, step, reason in
                    try await SafetyReportRepository.appendDecision(
                        to: report, decision: decision, step: step, from: before.state.status, actorID: caller.actor.userID, comment: reason,
                        at: work.now, in: work.tx)
                })
            return View(report: after, decisions: try await SafetyReportRepository.decisions(of: id, in: work.tx))
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            View(report: try await Self.report(id, work: work), decisions: try await SafetyReportRepository.decisions(of: id, in: work.tx))
        }
    }

    public func list(
        officeID: Int64?, kind: SafetyReport.Kind?, status: ApprovalFlow.Status?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<SafetyReport> {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            let rows = try await SafetyReportRepository.list(
                officeID: officeID, kind: kind, status: status, afterID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }

    /// The actions `decision` may need on some kind of report (the author's, or the steps'), in a stable order.
    static func actions(for decision: ApprovalFlow.Decision) -> [Action] {
        let actions = SafetyReport.Kind.allCases.flatMap { kind in
            decision == .submit || decision == .publish ? [kind.flow.authorAction] : kind.flow.steps.map(\.action)
        }
        return Set(actions).sorted { $0.rawValue < $1.rawValue }
    }

    /// The report, if the caller sees its unit (the company's bulletins: HQ only; RLS agrees).
    static func report(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> SafetyReport {
        guard let report = try await SafetyReportRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              report.unit.map(work.covers) ?? (work.scope == .allOffices)
        else { throw ServiceError.notFound("no safety report with id \(id)") }
        return report
    }
}
