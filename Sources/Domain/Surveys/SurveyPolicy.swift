/// The numbers of satisfaction surveys (SRV-3) that are not a variant's: the defaults come from the seeds.
public struct SurveyPolicy: Sendable, Hashable {
    public var variants: [SurveyVariant.Kind: SurveyVariant]
    /// The analysis and the follow-up visits are due this many days after collection closes (seed 000: "回收期限后的一周内").
    public var analysisDays: Int
    /// The longest collection window.
    public var maximumWindowDays: Int
    /// A score at or below this is a low score: the unit gets a follow-up visit (seed 000: 逐户回访).
    public var lowScoreAtMost: SatisfactionScale

    public init(
        variants: [SurveyVariant.Kind: SurveyVariant] = SurveyVariant.defaults, analysisDays: Int = 7, maximumWindowDays: Int = 92,
        lowScoreAtMost: SatisfactionScale = .dissatisfied
    ) {
        self.variants = variants
        self.analysisDays = analysisDays
        self.maximumWindowDays = maximumWindowDays
        self.lowScoreAtMost = lowScoreAtMost
    }

    public static let defaults = SurveyPolicy()

    public func variant(_ kind: SurveyVariant.Kind) -> SurveyVariant {
        variants[kind] ?? SurveyVariant.defaults[kind]!
    }
}
