/// A reporting period of the office KPIs (TKT-14, BI-1, BI-3): a day, an ISO week (Monday-Sunday),
/// a month, a quarter or a half-year, counted in the company's time zone. The same periods as
/// SQL's `bi.periods_of` and `bi.period_label`.
public struct KPIPeriod: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, CaseIterable, Sendable {
        case day, week, month, quarter
        case halfYear = "half_year"
    }

    public let kind: Kind
    /// The first day.
    public let start: LocalDate

    /// The period of this kind containing `day`.
    public init(_ kind: Kind, containing day: LocalDate) {
        self.kind = kind
        switch kind {
        case .day: start = day
        case .week: start = day.shifted(toWeekday: 1)
        case .month: start = LocalDate(year: day.year, month: day.month, day: 1)!
        case .quarter: start = LocalDate(year: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1)!
        case .halfYear: start = LocalDate(year: day.year, month: day.month <= 6 ? 1 : 7, day: 1)!
        }
    }

    /// Parses a label of this kind: 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2; nil for anything else.
    public init?(_ kind: Kind, label: String) {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, first.count == 4, first.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(first), year >= 1
        else { return nil }
        func number(_ part: Substring, prefix: String, digits: Int) -> Int? {
            let digitsPart = part.dropFirst(prefix.count)
            guard part.hasPrefix(prefix), digitsPart.count == digits, digitsPart.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(digitsPart)
        }
        switch (kind, parts.count) {
        case (.day, 3):
            guard let day = LocalDate(iso: label) else { return nil }
            self.init(.day, containing: day)
        case (.week, 2):
            guard let week = number(parts[1], prefix: "W", digits: 2), week >= 1,
                  let firstMonday = LocalDate(year: year, month: 1, day: 4)?.shifted(toWeekday: 1),
                  let start = firstMonday.adding(days: (week - 1) * 7), start.isoWeek.year == year
            else { return nil }
            self.init(.week, containing: start)
        case (.month, 2):
            guard let month = number(parts[1], prefix: "", digits: 2), let day = LocalDate(year: year, month: month, day: 1) else { return nil }
            self.init(.month, containing: day)
        case (.quarter, 2):
            guard let quarter = number(parts[1], prefix: "Q", digits: 1), (1...4).contains(quarter) else { return nil }
            self.init(.quarter, containing: LocalDate(year: year, month: quarter * 3 - 2, day: 1)!)
        case (.halfYear, 2):
            guard let half = number(parts[1], prefix: "H", digits: 1), (1...2).contains(half) else { return nil }
            self.init(.halfYear, containing: LocalDate(year: year, month: half * 6 - 5, day: 1)!)
        default:
            return nil
        }
    }

    /// The day after the last one.
    public var end: LocalDate {
        switch kind {
        case .day: start.shifted(by: 1)
        case .week: start.shifted(by: 7)
        case .month, .quarter, .halfYear: start.addingMonths(kind == .month ? 1 : kind == .quarter ? 3 : 6)
        }
    }

    public var lastDay: LocalDate { end.shifted(by: -1) }

    /// 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2.
    public var label: String {
        let year = String(start.year)
        let month = start.month < 10 ? "0\(start.month)" : String(start.month)
        switch kind {
        case .day: return start.description
        case .week:
            let week = start.isoWeek
            return "\(week.year)-W" + (week.number < 10 ? "0\(week.number)" : String(week.number))
        case .month: return "\(year)-\(month)"
        case .quarter: return "\(year)-Q\((start.month - 1) / 3 + 1)"
        case .halfYear: return "\(year)-H\(start.month <= 6 ? 1 : 2)"
        }
    }

    public var description: String { "\(kind.rawValue) \(label)" }
}

extension LocalDate {
    /// The ISO 8601 week of this day: the year it belongs to (that of its Thursday) and its number (1-53).
    public var isoWeek: (year: Int, number: Int) {
        let thursday = shifted(toWeekday: 4)
        let january1 = LocalDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, (thursday.daysSinceEpoch - january1.daysSinceEpoch) / 7 + 1)
    }

    /// The first day of the month `count` months after this day's month (for period ends).
    public func addingMonths(_ count: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + count
        return LocalDate(year: index / 12, month: index % 12 + 1, day: 1)!
    }
}
