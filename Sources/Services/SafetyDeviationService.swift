import Domain
import Foundation
import Persistence

/// Deviations from the safety observation procedure (SAF-6): the unit's head records the approved
/// deviation in writing, with its reasons and facts, for at most a year (`SafetyPolicy`); it applies
/// from its first through its last day and expires by itself.
public struct SafetyDeviationService: Sendable {
    private let runner: ServiceRunner
    private let policy: SafetyPolicy

    public init(database: Database, policy: SafetyPolicy = .seedDefaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    /// A deviation with what today says of it.
    public struct View: Sendable {
        public let deviation: SafetyDeviation
        public let applies: Bool
        public let expired: Bool
    }

    public struct Draft: Sendable {
        public var unit: SafetyUnit
        public var clause: String
        public var deviation: String
        public var reasons: String
        public var startsOn: LocalDate
        public var endsOn: LocalDate

        public init(unit: SafetyUnit, clause: String, deviation: String, reasons: String, startsOn: LocalDate, endsOn: LocalDate) {
            self.unit = unit
            self.clause = clause
            self.deviation = deviation
            self.reasons = reasons
            self.startsOn = startsOn
            self.endsOn = endsOn
        }
    }

    public func approve(_ draft: Draft, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .approveSafetyDeviations) { work in
            try await work.checkActive(draft.unit, hqOnly: "an HQ department's deviation is approved by the company's leadership (SAF-6)")
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            var issues: [FieldIssue] = []
            let clause = InputRules.required(draft.clause, field: "clause", limit: 300, issues: &issues)
            let text = InputRules.required(draft.deviation, field: "deviation", limit: 8000, issues: &issues)
            let reasons = InputRules.required(draft.reasons, field: "reasons", limit: 8000, issues: &issues)
            if draft.endsOn < draft.startsOn {
                issues.append(FieldIssue("endsOn", "is before startsOn"))
            } else if draft.endsOn.daysSinceEpoch - draft.startsOn.daysSinceEpoch + 1 > policy.deviationMaximumDays {
                issues.append(FieldIssue("endsOn", "a deviation is approved for at most \(policy.deviationMaximumDays) days at a time (SAF-6)"))
            }
            if draft.startsOn < today.shifted(by: -31) { issues.append(FieldIssue("startsOn", "is more than 31 days ago")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let deviation = try await SafetyDeviationRepository.insert(
                SafetyDeviation(
                    id: 0, unit: draft.unit, clause: clause, deviation: text, reasons: reasons, startsOn: draft.startsOn, endsOn: draft.endsOn,
                    approvedBy: caller.actor.userID, approvedAt: work.now),
                in: work.tx)
            try await work.audit(.created(deviation))
            return Self.view(deviation, today: today)
        }
    }

    public func list(
        officeID: Int64?, departmentID: Int64?, applying: Bool?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<View> {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            let rows = try await SafetyDeviationRepository.list(
                officeID: officeID, departmentID: departmentID, applying: applying, today: today, afterID: page.afterID, limit: page.limit,
                in: work.tx)
            let deviations = page.page(from: rows, id: \.id)
            return Page(items: deviations.items.map { Self.view($0, today: today) }, nextCursor: deviations.nextCursor)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            // Another office's deviations, and from office roles the departments', are invisible (row-level security too).
            guard let deviation = try await SafetyDeviationRepository.find(id: id, in: work.tx),
                  work.covers(deviation.unit)
            else { throw ServiceError.notFound("no safety deviation with id \(id)") }
            return Self.view(deviation, today: LocalDate(work.now, in: try await work.companyTimeZone()))
        }
    }

    static func view(_ deviation: SafetyDeviation, today: LocalDate) -> View {
        View(deviation: deviation, applies: deviation.applies(on: today), expired: deviation.isExpired(on: today))
    }
}
