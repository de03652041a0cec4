import Foundation

/// One office's ticket KPIs in one period (TKT-14, BI-1), as `bi.office_ticket_kpi` computes them:
/// a ticket and all that happens to it counts in the period it was received. Rates are fractions
/// 0...1 (4 decimals), nil when their denominator is 0. docs/bi.md defines every number.
public struct OfficeKPI: Sendable, Equatable {
    public var officeID: Int64
    public var period: KPIPeriod
    public var received: Int
    public var receivedByCategory: [TicketCategory: Int]
    public var cancelled: Int
    /// The value of each ranked metric: the rates (0...1), complaints per 100 units and SLA breaches; absent without data.
    public var rates: [KPIMetric: Double]
    public var complaints: Int
    public var reworks: Int
    public var reworkedTickets: Int
    public var chases: Int
    /// The numerators and denominators of the rates, by their bi column names (satisfied, visited, …).
    public var counts: [String: Int]
    public var clocks: [ClockKPI]
    /// When the rollup was computed; nil when the office received no ticket in the period.
    public var refreshedAt: Date?

    public init(
        officeID: Int64, period: KPIPeriod, received: Int = 0, receivedByCategory: [TicketCategory: Int] = [:], cancelled: Int = 0,
        rates: [KPIMetric: Double] = [:], complaints: Int = 0, reworks: Int = 0, reworkedTickets: Int = 0, chases: Int = 0,
        counts: [String: Int] = [:], clocks: [ClockKPI] = [], refreshedAt: Date? = nil
    ) {
        self.officeID = officeID
        self.period = period
        self.received = received
        self.receivedByCategory = receivedByCategory
        self.cancelled = cancelled
        self.rates = rates
        self.complaints = complaints
        self.reworks = reworks
        self.reworkedTickets = reworkedTickets
        self.chases = chases
        self.counts = counts
        self.clocks = clocks
        self.refreshedAt = refreshedAt
    }
}

/// One SLA clock's timeliness in an office and period (`bi.office_clock_kpi`).
public struct ClockKPI: Sendable, Equatable {
    public var clock: String
    public var decided: Int
    public var met: Int
    public var breached: Int
    public var timelinessRate: Double?
    public var stopped: Int
    public var averageMinutes: Double?
    public var p90Minutes: Double?

    public init(
        clock: String, decided: Int, met: Int, breached: Int, timelinessRate: Double?, stopped: Int, averageMinutes: Double?,
        p90Minutes: Double?
    ) {
        self.clock = clock
        self.decided = decided
        self.met = met
        self.breached = breached
        self.timelinessRate = timelinessRate
        self.stopped = stopped
        self.averageMinutes = averageMinutes
        self.p90Minutes = p90Minutes
    }
}

/// An office's rank on one KPI within a period (`bi.office_ranking`): RANK() among the offices
/// with a value, so ties share a rank and skip the next; nil rank without a value.
public struct OfficeRank: Sendable, Equatable {
    public var officeID: Int64
    public var officeCode: String
    public var officeName: String
    public var metric: KPIMetric
    public var value: Double?
    public var rank: Int?
    public var rankedOffices: Int
    public var higherIsBetter: Bool
    public var target: Double?
    public var targetMet: Bool?

    public init(
        officeID: Int64, officeCode: String, officeName: String, metric: KPIMetric, value: Double?, rank: Int?, rankedOffices: Int,
        higherIsBetter: Bool, target: Double?, targetMet: Bool?
    ) {
        self.officeID = officeID
        self.officeCode = officeCode
        self.officeName = officeName
        self.metric = metric
        self.value = value
        self.rank = rank
        self.rankedOffices = rankedOffices
        self.higherIsBetter = higherIsBetter
        self.target = target
        self.targetMet = targetMet
    }
}
