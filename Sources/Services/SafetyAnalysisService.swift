import Domain
import Foundation
import Persistence

/// SAF-4 weekly analysis of a unit's unsafe acts (planned cards only), for its weekly analysis
/// meeting (meeting type `safety_weekly_analysis`).
public struct SafetyAnalysisService: Sendable {
    private let runner: ServiceRunner
    private let policy: SafetyPolicy

    public init(database: Database, policy: SafetyPolicy = .seedDefaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    /// The week containing `day` (today when nil; weeks start on Monday, company time zone) against
    /// the `SafetyPolicy.analysisPreviousWeeks` weeks before it.
    public func weekly(of unit: SafetyUnit, day: LocalDate?, _ caller: Caller) async throws -> SafetyWeeklyAnalysis {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            guard work.covers(unit) else { throw ServiceError.validation([FieldIssue("officeId", "no unit you may see")]) }
            let zone = try await work.companyTimeZone()
            let day = day ?? LocalDate(work.now, in: zone)
            let monday = day.shifted(by: 1 - day.isoWeekday)
            var weeks: [SafetyStatistics] = []
            for back in (0...policy.analysisPreviousWeeks).reversed() {
                let start = monday.shifted(by: -7 * back)
                weeks.append(try await SafetyObservationRepository.statistics(
                    of: unit, from: start.start(in: zone), to: start.shifted(by: 7).start(in: zone), in: work.tx))
            }
            return SafetyWeeklyAnalysis(weekStart: monday, weeks: weeks, topCount: policy.analysisTopCategories)
        }
    }
}
