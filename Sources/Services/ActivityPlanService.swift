import Domain
import Foundation
import Persistence

/// Yearly community culture activity plans (INF-6): BUSINESS writes and publishes the company's plan for a
/// year; each office derives its plan from it (the company's items are its starting point), submits it, BUSINESS
/// approves or rejects it, and the office publishes it. The shared approval workflow decides every step.
public struct ActivityPlanService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct View: Sendable {
        public let plan: ActivityPlan
        public let decisions: [DocumentDecision]
    }

    /// `officeID` nil: the company's plan (HQ only). An office's plan needs the company's plan of the year published;
    /// without `items` it takes the company plan's.
    public func write(
        officeID: Int64?, year: Int, title: String, body: String?, items: [ActivityPlan.Item]?, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, .planActivities, fields: ["activity_plan_year_key": "year"]) { work in
            var companyPlanID: Int64?
            var given = items
            if let officeID {
                try await work.checkActive(office: officeID)
                guard let company = try await ActivityPlanRepository.find(officeID: nil, year: year, in: work.tx), company.state.status == .published
                else { throw ServiceError.invalidState("the company's \(year) plan is not published yet; an office's plan derives from it") }
                companyPlanID = company.id
                given = given ?? company.items
            } else if work.scope != .allOffices {
                throw ServiceError.validation([FieldIssue("officeId", "name your office: the company's plan is HQ's")])
            }
            var issues: [FieldIssue] = []
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            if !(today.year - 1...today.year + 1).contains(year) { issues.append(FieldIssue("year", "must be last year, this year or next")) }
            let title = InputRules.required(title, field: "title", limit: 200, issues: &issues)
            let body = InputRules.optional(body, field: "body", limit: 20_000, issues: &issues) ?? ""
            let items = Self.check(given ?? [], issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let plan = try await ActivityPlanRepository.insert(
                ActivityPlan(
                    id: 0, officeID: officeID, year: year, companyPlanID: companyPlanID, title: title, body: body, items: items,
                    createdBy: caller.actor.userID, createdAt: work.now),
                in: work.tx)
            try await work.audit(.created(plan))
            return View(plan: plan, decisions: [])
        }
    }

    /// Rewrites a draft (If-Match).
    public func revise(
        id: Int64, title: String, body: String?, items: [ActivityPlan.Item], expectedVersion: Int?, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, .planActivities) { work in
            let before = try await Self.plan(id, forUpdate: true, work: work)
            if before.officeID == nil, work.scope != .allOffices { throw ServiceError.forbiddenHere("the company's plan is HQ's") }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.state.status == .draft else { throw ServiceError.invalidState("only a draft is revised; this one is \(before.state.status.rawValue)") }
            var issues: [FieldIssue] = []
            var after = before
            after.title = InputRules.required(title, field: "title", limit: 200, issues: &issues)
            after.body = InputRules.optional(body, field: "body", limit: 20_000, issues: &issues) ?? ""
            after.items = Self.check(items, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            after = try await ActivityPlanRepository.update(after, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return View(plan: after, decisions: try await ActivityPlanRepository.decisions(of: id, in: work.tx))
        }
    }

    /// Submits, approves or rejects at BUSINESS's step, or publishes: each by the action the plan's flow names.
    public func decide(
        id: Int64, _ decision: ApprovalFlow.Decision, comment: String?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> View {
        let action: Action = decision == .approve || decision == .reject ? .approveActivityPlans : .planActivities
        return try await runner.perform(caller, action) { work in
            let before = try await Self.plan(id, forUpdate: true, work: work)
            if before.officeID == nil, work.scope != .allOffices { throw ServiceError.forbiddenHere("the company's plan is HQ's") }
            try work.check(version: before.version, expected: expectedVersion)
            let after = try await ApprovalDecisionRules.decide(
                decision, comment: comment, on: before, flow: before.flow, work: work,
                update: { try await ActivityPlanRepository.update($0, in: work.tx) },
                log: { plan, step, reason in
                    try await ActivityPlanRepository.appendDecision(
                        to: plan, decision: decision, step: step, from: before.state.status, actorID: caller.actor.userID, comment: reason,
                        at: work.now, in: work.tx)
                })
            return View(plan: after, decisions: try await ActivityPlanRepository.decisions(of: id, in: work.tx))
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readActivities, readOnly: true) { work in
            View(plan: try await Self.plan(id, work: work), decisions: try await ActivityPlanRepository.decisions(of: id, in: work.tx))
        }
    }

    public func list(officeID: Int64?, year: Int?, _ caller: Caller, page: PageRequest) async throws -> Page<ActivityPlan> {
        try await runner.perform(caller, .readActivities, readOnly: true) { work in
            page.page(
                from: try await ActivityPlanRepository.list(officeID: officeID, year: year, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// 0-100 items, each in quarter 1-4 with a theme of 1-200 characters.
    private static func check(_ items: [ActivityPlan.Item], issues: inout [FieldIssue]) -> [ActivityPlan.Item] {
        if items.count > 100 { issues.append(FieldIssue("items", "must hold at most 100 activities")) }
        return items.enumerated().map { index, item in
            if !(1...4).contains(item.quarter) { issues.append(FieldIssue("items[\(index)].quarter", "must be 1-4")) }
            return ActivityPlan.Item(quarter: item.quarter, theme: InputRules.required(item.theme, field: "items[\(index)].theme", limit: 200, issues: &issues))
        }
    }

    /// The plan, if the caller sees it (an office's: that office; the company's: everyone who reads activities).
    static func plan(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> ActivityPlan {
        guard let plan = try await ActivityPlanRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              plan.officeID.map { work.covers(office: $0) } ?? true
        else { throw ServiceError.notFound("no activity plan with id \(id)") }
        return plan
    }
}
