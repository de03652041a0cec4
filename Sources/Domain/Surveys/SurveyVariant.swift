/// The seeds' kinds of satisfaction survey (SRV-3) as policy: how many of the units are drawn, how
/// many of those come from the customers with the most complaints, the recovery target, and in
/// which months the window may open. Each campaign copies its variant's numbers when it starts.
public struct SurveyVariant: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 每半年客户满意率调查 (seeds 000, 004): every customer, in June and November, recovery at least 60%.
        case semiannualFull = "semiannual_full"
        /// 年中顾客意见调查 (seed 002 10): a 50% sample, at least 20% of it among the customers with the most
        /// complaints in the previous year, recovery at least 50%.
        case midyearSample = "midyear_sample"
        /// 年底全面顾客意见调查 (seed 002 11): every customer, recovery at least 30%.
        case yearEndFull = "year_end_full"
        /// 集团满意度调查 (seed 002 4.2.6): every customer, between October and November.
        case group
    }

    public let kind: Kind
    /// The share of each office's units drawn, in thousandths (1000: every unit).
    public var samplePermille: Int
    /// The share of the drawn units taken from the customers with the most complaints, in thousandths.
    public var keySharePermille: Int
    /// The lowest recovery rate a campaign may close as successful with, in thousandths.
    public var targetPermille: Int
    /// The months (1-12) the whole window must lie in; empty: any month.
    public var months: Set<Int>

    public init(kind: Kind, samplePermille: Int, keySharePermille: Int, targetPermille: Int, months: Set<Int>) {
        self.kind = kind
        self.samplePermille = samplePermille
        self.keySharePermille = keySharePermille
        self.targetPermille = targetPermille
        self.months = months
    }

    /// The seeds' numbers. The group survey's target is not given by seed 002; it takes the company's 60%.
    public static let defaults: [Kind: SurveyVariant] = [
        .semiannualFull: SurveyVariant(kind: .semiannualFull, samplePermille: 1000, keySharePermille: 0, targetPermille: 600, months: [6, 11]),
        .midyearSample: SurveyVariant(kind: .midyearSample, samplePermille: 500, keySharePermille: 200, targetPermille: 500, months: []),
        .yearEndFull: SurveyVariant(kind: .yearEndFull, samplePermille: 1000, keySharePermille: 0, targetPermille: 300, months: []),
        .group: SurveyVariant(kind: .group, samplePermille: 1000, keySharePermille: 0, targetPermille: 600, months: [10, 11]),
    ]
}
