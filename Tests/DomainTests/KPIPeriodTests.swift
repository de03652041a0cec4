import Domain
import Testing

/// Reporting periods (BI-3): the same days and labels as SQL's bi.periods_of and bi.period_label.
@Suite("KPI periods")
struct KPIPeriodTests {
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    @Test("BI-3: the period containing a day, its last day and label, for every kind")
    func containing() {
        let saturday = Self.day("2026-10-31")
        let expected: [(KPIPeriod.Kind, String, String, String)] = [
            (.day, "2026-10-31", "2026-10-31", "2026-10-31"),
            (.week, "2026-10-26", "2026-11-01", "2026-W44"),
            (.month, "2026-10-01", "2026-10-31", "2026-10"),
            (.quarter, "2026-10-01", "2026-12-31", "2026-Q4"),
            (.halfYear, "2026-07-01", "2026-12-31", "2026-H2"),
        ]
        for (kind, start, last, label) in expected {
            let period = KPIPeriod(kind, containing: saturday)
            #expect(period.start == Self.day(start), "\(kind)")
            #expect(period.lastDay == Self.day(last), "\(kind)")
            #expect(period.label == label, "\(kind)")
            #expect(KPIPeriod(kind, label: label) == period, "\(kind) round trip")
        }
    }

    @Test("BI-3: ISO weeks — a week belongs to the year of its Thursday; 2026 has 53 weeks, 2027 has 52")
    func isoWeeks() {
        #expect(KPIPeriod(.week, containing: Self.day("2027-01-01")).label == "2026-W53")
        #expect(KPIPeriod(.week, label: "2026-W53")?.start == Self.day("2026-12-28"))
        #expect(KPIPeriod(.week, label: "2026-W01")?.start == Self.day("2025-12-29"))
        #expect(KPIPeriod(.week, label: "2027-W53") == nil)
        #expect(KPIPeriod(.week, containing: Self.day("2024-12-30")).label == "2025-W01")
    }

    @Test("labels of the wrong shape or out of range are refused")
    func badLabels() {
        let bad: [(KPIPeriod.Kind, String)] = [
            (.month, "2026-13"), (.month, "2026-1"), (.month, "2026-+1"), (.month, "2026-10-01"), (.month, "26-10"),
            (.day, "2026-02-29"), (.week, "2026-W00"), (.week, "2026-44"), (.quarter, "2026-Q5"), (.quarter, "2026-Q0"),
            (.halfYear, "2026-H3"), (.halfYear, "2026-Q1"), (.day, ""), (.month, "２０２６-10"),
        ]
        for (kind, label) in bad {
            #expect(KPIPeriod(kind, label: label) == nil, "\(kind) \(label)")
        }
    }

    @Test("the API's metric names map to the bi columns and back")
    func metrics() {
        #expect(KPIMetric.satisfaction.column == "satisfaction_rate")
        #expect(KPIMetric.slaBreaches.column == "sla_breaches")
        for metric in KPIMetric.allCases { #expect(KPIMetric(column: metric.column) == metric) }
    }
}
