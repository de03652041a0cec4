import Domain
import Foundation
import Persistence

/// SAF-4 quota compliance of a unit, day by day and person by person, over its working days
/// (the company calendar: holidays owe nothing, make-up workdays owe as any working day).
public struct SafetyComplianceService: Sendable {
    private let runner: ServiceRunner
    private let policy: SafetyPolicy

    public init(database: Database, policy: SafetyPolicy = .seedDefaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    public struct Report: Sendable {
        public let from: LocalDate
        public let to: LocalDate
        public let workingDays: [LocalDate]
        public let compliance: SafetyQuotaCompliance
    }

    /// At most 62 days: a month or two of daily rows.
    public static let maximumDays = 62

    public func compliance(of unit: SafetyUnit, from: LocalDate, to: LocalDate, _ caller: Caller) async throws -> Report {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            guard to.daysSinceEpoch - from.daysSinceEpoch < Self.maximumDays
            else { throw ServiceError.validation([FieldIssue("to", "is at most \(Self.maximumDays - 1) days after from")]) }
            let range = try await SafetyObservationService.range(unit, from: from, to: to, work)
            let zone = try await work.companyTimeZone()
            let calendar = try await work.workingCalendar(around: from)
            let workingDays = (0...(to.daysSinceEpoch - from.daysSinceEpoch)).map { from.shifted(by: $0) }.filter(calendar.isWorkingDay)
            let cards = try await SafetyObservationRepository.plannedParticipation(of: unit, from: range.start, to: range.end, in: work.tx).map {
                SafetyQuotaCompliance.Participation(day: LocalDate($0.observedAt, in: zone), shift: $0.shift, people: Set($0.people))
            }
            let compliance = SafetyQuotaCompliance(
                workingDays: workingDays, managers: try await SafetyObservationRepository.managers(of: unit, in: work.tx),
                shifts: try await SafetyObservationRepository.shifts(of: unit, in: work.tx), cards: cards, policy: policy)
            return Report(from: from, to: to, workingDays: workingDays, compliance: compliance)
        }
    }
}
