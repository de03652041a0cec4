/// A KPI the offices are ranked on (TKT-14, BI-1): the rows of `liaison.kpi_target` and the
/// `metric` of `bi.office_ranking`. The raw value is the API's name; `column` is the bi name.
public enum KPIMetric: String, CaseIterable, Sendable {
    case satisfaction
    case timeliness
    case repairTimeliness = "repair_timeliness"
    case pass
    case returnVisit = "return_visit"
    case complaintHandling = "complaint_handling"
    case complaintsPer100Units = "complaints_per_100_units"
    case slaBreaches = "sla_breaches"

    /// The column of `bi.office_ticket_kpi`, and the metric of `bi.office_ranking`.
    public var column: String {
        switch self {
        case .complaintsPer100Units, .slaBreaches: rawValue
        default: rawValue + "_rate"
        }
    }

    public init?(column: String) {
        guard let metric = Self.allCases.first(where: { $0.column == column }) else { return nil }
        self = metric
    }
}
