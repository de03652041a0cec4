import Domain
import Foundation
import Persistence

/// Yearly safety observation plans (SAF-2, seed 4.1.2 and 5.1): the unit's management lists its
/// planned observations for a year; the coverage says which declared areas, time slots and shifts,
/// and which months, the plan leaves out.
public struct SafetyPlanService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct View: Sendable {
        public let plan: SafetyPlan
        public let coverage: SafetyPlan.Coverage
    }

    /// A plan lists at most this many planned observations (two a week for a year is 104).
    public static let maximumItems = 500

    public func create(unit: SafetyUnit, year: Int, items: [SafetyPlan.Item], _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .organizeSafety, fields: ["safety_plan_year_key": "year"]) { work in
            try await work.checkActive(unit, hqOnly: SafetyObservationService.hqOnly)
            let thisYear = LocalDate(work.now, in: try await work.companyTimeZone()).year
            if !((thisYear - 1)...(thisYear + 1)).contains(year) {
                throw ServiceError.validation([FieldIssue("year", "is last year, this year or next year")])
            }
            try await Self.check(items, of: unit, work: work)
            let plan = try await SafetyPlanRepository.insert(
                SafetyPlan(id: 0, unit: unit, year: year, items: items, createdBy: caller.actor.userID, createdAt: work.now, updatedAt: work.now, version: 1),
                in: work.tx)
            try await work.audit(.created(plan))
            return try await Self.view(plan, work: work)
        }
    }

    /// Replaces the plan's items (If-Match).
    public func update(id: Int64, items: [SafetyPlan.Item], expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .organizeSafety) { work in
            let before = try await Self.plan(id, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            try await Self.check(items, of: before.unit, work: work)
            var plan = before
            plan.items = items
            plan.updatedAt = work.now
            plan = try await SafetyPlanRepository.update(plan, in: work.tx)
            try await work.audit(.changed("update", from: before, to: plan))
            return try await Self.view(plan, work: work)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            try await Self.view(try await Self.plan(id, work: work), work: work)
        }
    }

    /// The unit's plans, newest year first, without items.
    public func list(of unit: SafetyUnit, year: Int?, _ caller: Caller) async throws -> [SafetyPlan] {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            guard work.covers(unit) else { throw ServiceError.validation([FieldIssue("officeId", "no unit you may see")]) }
            return try await SafetyPlanRepository.list(of: unit, year: year, in: work.tx)
        }
    }

    static func plan(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> SafetyPlan {
        guard let plan = try await SafetyPlanRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(plan.unit)
        else { throw ServiceError.notFound("no safety plan with id \(id)") }
        return plan
    }

    /// Every item names a month and the unit's own area, time slot, shift and team.
    static func check(_ items: [SafetyPlan.Item], of unit: SafetyUnit, work: ServiceWork) async throws {
        guard (1...maximumItems).contains(items.count) else {
            throw ServiceError.validation([FieldIssue("items", "a plan has 1-\(maximumItems) planned observations")])
        }
        let areas = Set(try await SafetyObservationRepository.areas(of: unit, in: work.tx).map(\.id))
        let slots = Set(try await SafetyObservationRepository.timeSlots(of: unit, in: work.tx).map(\.id))
        let shifts = Set(try await SafetyObservationRepository.shifts(of: unit, in: work.tx).map(\.id))
        let teams = Set(try await SafetyObservationRepository.teams(of: unit, in: work.tx).map(\.id))
        var issues: [FieldIssue] = []
        for (index, item) in items.enumerated() {
            let field = "items[\(index)]."
            if !(1...12).contains(item.month) { issues.append(FieldIssue(field + "month", "is 1-12")) }
            if !areas.contains(item.areaID) { issues.append(FieldIssue(field + "areaId", "no area of the unit has this id")) }
            if !slots.contains(item.timeSlotID) { issues.append(FieldIssue(field + "timeSlotId", "no time slot of the unit has this id")) }
            if !shifts.contains(item.shiftID) { issues.append(FieldIssue(field + "shiftId", "no shift of the unit has this id")) }
            if let team = item.teamID, !teams.contains(team) { issues.append(FieldIssue(field + "teamId", "no team of the unit has this id")) }
            if issues.count >= 20 { break }
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
    }

    static func view(_ plan: SafetyPlan, work: ServiceWork) async throws -> View {
        let coverage = plan.coverage(
            areas: try await SafetyObservationRepository.areas(of: plan.unit, in: work.tx).map(\.id),
            timeSlots: try await SafetyObservationRepository.timeSlots(of: plan.unit, in: work.tx).map(\.id),
            shifts: try await SafetyObservationRepository.shifts(of: plan.unit, in: work.tx).map(\.id))
        return View(plan: plan, coverage: coverage)
    }
}
