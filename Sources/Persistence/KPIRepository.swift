import Domain
import Foundation

/// The office KPIs and rankings (issue 5): read through the same `bi` views BI tools read, and
/// kept fresh by `liaison.refresh_office_kpi` (sql/0017).
public enum KPIRepository {
    /// Recomputes the rollups of up to `maxRows` dirty marks; returns the office-days recomputed
    /// (0 when nothing was dirty, or another session is refreshing right now).
    public static func refresh(maxRows: Int, in tx: Transaction) async throws -> Int {
        try await tx.query("SELECT liaison.refresh_office_kpi(\(maxRows)::integer) AS n").single().decode("n")
    }

    /// Office-day marks waiting for a refresh.
    public static func pendingMarks(in tx: Transaction) async throws -> Int {
        try await tx.query("SELECT count(*) AS n FROM liaison.kpi_dirty").single().decode("n")
    }

    /// One office's KPIs in a period; nil when it received no ticket in it (or it is not visible).
    public static func officeKPI(officeID: Int64, period: KPIPeriod, in tx: Transaction) async throws -> OfficeKPI? {
        // The rates are exact numeric in SQL, rounded there to 4 decimals; as display values they travel as float8.
        let columns = (["received", "cancelled", "complaints", "reworks", "reworked_tickets", "chases", "refreshed_at"]
            + TicketCategory.allCases.map { "received_\($0.rawValue)" } + countColumns
            + KPIMetric.allCases.map { "\($0.column)::float8 AS \($0.column)" }).joined(separator: ", ")
        guard let row = try await tx.query("""
            SELECT \(unescaped: columns) FROM bi.office_ticket_kpi
            WHERE office_id = \(officeID) AND period = \(period.kind.rawValue) AND period_start = \(period.start)
            """).first
        else { return nil }
        var kpi = OfficeKPI(officeID: officeID, period: period)
        kpi.received = try row.decode("received")
        for category in TicketCategory.allCases {
            kpi.receivedByCategory[category] = try row.decode("received_\(category.rawValue)")
        }
        kpi.cancelled = try row.decode("cancelled")
        for metric in KPIMetric.allCases {
            kpi.rates[metric] = try row.decode(metric.column, as: Double?.self)
        }
        kpi.complaints = try row.decode("complaints")
        kpi.reworks = try row.decode("reworks")
        kpi.reworkedTickets = try row.decode("reworked_tickets")
        kpi.chases = try row.decode("chases")
        for count in countColumns {
            kpi.counts[count] = try row.decode(count)
        }
        kpi.refreshedAt = try row.decode("refreshed_at")
        kpi.clocks = try await tx.query("""
            SELECT clock, decided, met, breached, timeliness_rate::float8 AS timeliness_rate, stopped, avg_minutes::float8 AS avg_minutes,
                   p90_minutes::float8 AS p90_minutes
            FROM bi.office_clock_kpi
            WHERE office_id = \(officeID) AND period = \(period.kind.rawValue) AND period_start = \(period.start) ORDER BY clock
            """).map { row in
                ClockKPI(
                    clock: try row.decode("clock"), decided: try row.decode("decided"), met: try row.decode("met"),
                    breached: try row.decode("breached"), timelinessRate: try row.decode("timeliness_rate"), stopped: try row.decode("stopped"),
                    averageMinutes: try row.decode("avg_minutes"), p90Minutes: try row.decode("p90_minutes"))
            }
        return kpi
    }

    /// The numerators and denominators `OfficeKPI.counts` carries (columns of bi.office_ticket_kpi).
    public static let countColumns = [
        "satisfied", "visited", "visit_due", "on_time", "timed", "repairs_on_time", "repairs_timed", "passed_first_time",
        "acceptance_decided", "complaints_closed", "units",
    ]

    /// The ranks of a period, best first per metric; `officeIDs` nil: every visible office.
    public static func ranking(period: KPIPeriod, metric: KPIMetric?, officeIDs: [Int64]?, in tx: Transaction) async throws -> [OfficeRank] {
        try await tx.query("""
            SELECT office_id, office_code, office_name, metric, value::float8 AS value, rank, ranked_offices, higher_is_better,
                   target::float8 AS target, target_met
            FROM bi.office_ranking
            WHERE period = \(period.kind.rawValue) AND period_start = \(period.start)
              AND (\(metric?.column)::text IS NULL OR metric = \(metric?.column))
              AND (\(officeIDs)::bigint[] IS NULL OR office_id = ANY (\(officeIDs)::bigint[]))
            ORDER BY metric, rank NULLS LAST, office_code
            """).map { row in
                let column: String = try row.decode("metric")
                guard let metric = KPIMetric(column: column) else {
                    throw PersistenceError(kind: .decoding, message: "unknown KPI metric \(column)", column: "metric")
                }
                return OfficeRank(
                    officeID: try row.decode("office_id"), officeCode: try row.decode("office_code"), officeName: try row.decode("office_name"),
                    metric: metric, value: try row.decode("value"), rank: try row.decode("rank"), rankedOffices: try row.decode("ranked_offices"),
                    higherIsBetter: try row.decode("higher_is_better"), target: try row.decode("target"), targetMet: try row.decode("target_met"))
            }
    }
}
