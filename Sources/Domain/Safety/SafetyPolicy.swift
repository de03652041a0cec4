/// The safety observation procedure's numbers (SAF-3, SAF-4, SAF-6), with the seed's defaults.
public struct SafetyPolicy: Sendable, Hashable {
    /// SAF-6: "每一次授权偏离的时间不能超过一年": at most this many days, both ends counted.
    public var deviationMaximumDays: Int
    /// SAF-3: a card is filled once the observed person has left (4.5.2), so it may be entered this
    /// many days after the observation's day: 0, the same day (4.5.1 及时).
    public var cardEntryDays: Int

    /// SAF-4 (seed 5.4.1 "管理人员及大班每人每天完成1次"): planned observations each manager takes part in every working day.
    public var managerCardsPerDay: Int
    /// SAF-4 ("作业班组长在当班作业中每人完成1次"): each shift leader's in each shift.
    public var shiftLeaderCardsPerShift: Int
    /// SAF-4 ("班组其他人员当班完成合计不少于1人次"): the rest of a shift's, together, in each shift.
    public var shiftCrewCardsPerShift: Int

    /// SAF-4 weekly analysis: the previous weeks a week's unsafe acts are compared with (the seed names no number).
    public var analysisPreviousWeeks: Int
    /// SAF-4 weekly analysis: how many of the most frequent unsafe categories it names.
    public var analysisTopCategories: Int

    public init(
        deviationMaximumDays: Int = 365, cardEntryDays: Int = 0, managerCardsPerDay: Int = 1, shiftLeaderCardsPerShift: Int = 1,
        shiftCrewCardsPerShift: Int = 1, analysisPreviousWeeks: Int = 4, analysisTopCategories: Int = 3
    ) {
        self.analysisPreviousWeeks = analysisPreviousWeeks
        self.analysisTopCategories = analysisTopCategories
        self.deviationMaximumDays = deviationMaximumDays
        self.cardEntryDays = cardEntryDays
        self.managerCardsPerDay = managerCardsPerDay
        self.shiftLeaderCardsPerShift = shiftLeaderCardsPerShift
        self.shiftCrewCardsPerShift = shiftCrewCardsPerShift
    }

    public static let seedDefaults = SafetyPolicy()
}
