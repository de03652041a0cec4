import Foundation

/// SAF-4 周分析 (seed 5.4.2 "每周召开一次分析会, 对发生频次高或重复出现的不安全行为…制定针对性的整治措施"): a
/// week's unsafe acts per category from planned cards, against the weeks before: the most frequent
/// categories, the trend against the previous weeks' average, and whether a category repeats from
/// the previous week.
public struct SafetyWeeklyAnalysis: Sendable, Hashable {
    public enum Trend: String, Sendable, CaseIterable {
        case rising, falling, steady
    }

    public struct Category: Sendable, Hashable {
        public let category: StopCard.Category
        public let safe: Int
        public let unsafe: Int
        /// Unsafe acts in each previous week, oldest first.
        public let previous: [Int]
        /// Their mean, rounded to 2 decimals (0 when there are no previous weeks).
        public let previousAverage: Decimal
        /// This week's unsafe acts against `previousAverage`.
        public let trend: Trend
        /// Unsafe acts both this week and the week before (重复出现).
        public let repeated: Bool
    }

    /// Monday of the analysed week.
    public let weekStart: LocalDate
    /// Every category in the seed's order.
    public let categories: [Category]
    /// The categories with unsafe acts this week, most first (ties in the seed's order), at most `topCount`.
    public let top: [StopCard.Category]

    /// `weeks`: the statistics of consecutive weeks, oldest first, the analysed week last.
    public init(weekStart: LocalDate, weeks: [SafetyStatistics], topCount: Int) {
        self.weekStart = weekStart
        let current = weeks.last
        let previousWeeks = weeks.dropLast()
        categories = StopCard.Category.allCases.map { category in
            let line = current?.lines.first { $0.category == category }
            let unsafe = line?.unsafe ?? 0
            let previous = previousWeeks.map { week in week.lines.first { $0.category == category }?.unsafe ?? 0 }
            var average = previous.isEmpty ? Decimal(0) : Decimal(previous.reduce(0, +)) / Decimal(previous.count)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &average, 2, .plain)
            let trend: Trend = Decimal(unsafe) > rounded ? .rising : Decimal(unsafe) < rounded ? .falling : .steady
            return Category(
                category: category, safe: line?.safe ?? 0, unsafe: unsafe, previous: previous, previousAverage: rounded, trend: trend,
                repeated: unsafe > 0 && (previous.last ?? 0) > 0)
        }
        let order = StopCard.Category.allCases
        top = categories.filter { $0.unsafe > 0 }
            .sorted { $0.unsafe != $1.unsafe ? $0.unsafe > $1.unsafe : order.firstIndex(of: $0.category)! < order.firstIndex(of: $1.category)! }
            .prefix(topCount).map(\.category)
    }
}
