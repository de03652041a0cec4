import Domain
import Foundation
import Persistence

/// Office KPIs and cross-office rankings for HQ quality (issue 5, TKT-14, BI-1), read from the same
/// `bi` views BI tools read. HQ sees every office; an office sees its own KPIs and its own rank
/// (ranks are computed across all offices when the rollups refresh, so no other office's numbers
/// are needed to show them). Numbers are at most `KPIRefresher`'s interval old.
public struct KPIService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Ranking: Sendable {
        public let period: KPIPeriod
        /// Per metric, best first; an office the caller may not see is left out.
        public let ranks: [OfficeRank]
    }

    public struct OfficeReport: Sendable {
        public let office: OrganizationUnit
        public let kpi: OfficeKPI
        public let ranks: [OfficeRank]
    }

    /// The ranks in the period of `kind` labelled `at` (the current one when nil), for one metric or all.
    public func ranking(kind: KPIPeriod.Kind, at label: String?, metric: KPIMetric?, _ caller: Caller) async throws -> Ranking {
        try await runner.perform(caller, .readKPIs, readOnly: true) { work in
            let period = try await Self.period(kind, label: label, work: work)
            let offices = work.scope == .allOffices ? nil : caller.actor.officeIDs.sorted()
            return Ranking(period: period, ranks: try await KPIRepository.ranking(period: period, metric: metric, officeIDs: offices, in: work.tx))
        }
    }

    /// One office's KPIs, clocks and ranks in a period; zeros when it received no ticket in it.
    public func officeKPI(officeID: Int64, kind: KPIPeriod.Kind, at label: String?, _ caller: Caller) async throws -> OfficeReport {
        try await runner.perform(caller, .readKPIs, readOnly: true) { work in
            guard work.covers(office: officeID), let office = try await OrganizationUnitRepository.find(.office, id: officeID, in: work.tx)
            else { throw ServiceError.notFound("no office with id \(officeID)") }
            let period = try await Self.period(kind, label: label, work: work)
            let kpi = try await KPIRepository.officeKPI(officeID: officeID, period: period, in: work.tx)
                ?? OfficeKPI(officeID: officeID, period: period)
            let ranks = try await KPIRepository.ranking(period: period, metric: nil, officeIDs: [officeID], in: work.tx)
            return OfficeReport(office: office, kpi: kpi, ranks: ranks)
        }
    }

    static func period(_ kind: KPIPeriod.Kind, label: String?, work: ServiceWork) async throws -> KPIPeriod {
        guard let label else { return KPIPeriod(kind, containing: LocalDate(work.now, in: try await work.companyTimeZone())) }
        guard let period = KPIPeriod(kind, label: label) else {
            let example = KPIPeriod(kind, containing: LocalDate(year: 2026, month: 10, day: 31)!).label
            throw ServiceError.validation([FieldIssue("at", "is not a \(kind.rawValue) label like \(example)")])
        }
        return period
    }
}
