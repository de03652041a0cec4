import APIContract
import Domain
import Foundation
import Services

extension APIHandler {
    func listRankings(_ input: Operations.ListRankings.Input) async throws -> Operations.ListRankings.Output {
        let ranking = try await services.kpis.ranking(
            kind: try Self.wire(input.query.period), at: input.query.at, metric: try input.query.metric.map { try Self.wire($0) },
            try await caller())
        return .ok(.init(body: .json(.init(period: try Self.schema(ranking.period), items: try ranking.ranks.map(Self.schema)))))
    }

    func getOfficeKPI(_ input: Operations.GetOfficeKPI.Input) async throws -> Operations.GetOfficeKPI.Output {
        let report = try await services.kpis.officeKPI(
            officeID: input.path.id, kind: try Self.wire(input.query.period), at: input.query.at, try await caller())
        let kpi = report.kpi
        return .ok(.init(body: .json(.init(
            officeId: kpi.officeID, officeCode: report.office.code, period: try Self.schema(kpi.period), received: kpi.received,
            receivedByCategory: .init(additionalProperties: Dictionary(
                uniqueKeysWithValues: TicketCategory.allCases.map { ($0.rawValue, kpi.receivedByCategory[$0] ?? 0) })),
            cancelled: kpi.cancelled, satisfactionRate: kpi.rates[.satisfaction], timelinessRate: kpi.rates[.timeliness],
            repairTimelinessRate: kpi.rates[.repairTimeliness], passRate: kpi.rates[.pass], returnVisitRate: kpi.rates[.returnVisit],
            complaintHandlingRate: kpi.rates[.complaintHandling], complaints: kpi.complaints,
            complaintsPer100Units: kpi.rates[.complaintsPer100Units], slaBreaches: Int(kpi.rates[.slaBreaches] ?? 0),
            reworks: kpi.reworks, reworkedTickets: kpi.reworkedTickets, chases: kpi.chases,
            counts: .init(additionalProperties: kpi.counts),
            clocks: kpi.clocks.map { clock in
                .init(
                    clock: clock.clock, decided: clock.decided, met: clock.met, breached: clock.breached, timelinessRate: clock.timelinessRate,
                    stopped: clock.stopped, averageMinutes: clock.averageMinutes, p90Minutes: clock.p90Minutes)
            },
            ranks: try report.ranks.map(Self.schema), refreshedAt: kpi.refreshedAt))))
    }

    static func schema(_ period: KPIPeriod) throws -> Components.Schemas.KPIPeriod {
        .init(
            period: try wire(period.kind), label: period.label, periodStart: period.start.description,
            lastDay: period.lastDay.description)
    }

    static func schema(_ rank: OfficeRank) throws -> Components.Schemas.OfficeRank {
        .init(
            officeId: rank.officeID, officeCode: rank.officeCode, officeName: rank.officeName, metric: try wire(rank.metric),
            value: rank.value, rank: rank.rank, rankedOffices: rank.rankedOffices, higherIsBetter: rank.higherIsBetter,
            target: rank.target, targetMet: rank.targetMet)
    }
}
