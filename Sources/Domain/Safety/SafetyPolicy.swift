/// The safety observation procedure's numbers (SAF-3, SAF-6), with the seed's defaults.
public struct SafetyPolicy: Sendable, Hashable {
    /// SAF-6: "每一次授权偏离的时间不能超过一年": at most this many days, both ends counted.
    public var deviationMaximumDays: Int
    /// SAF-3: a card is filled once the observed person has left (4.5.2), so it may be entered this
    /// many days after the observation's day: 0, the same day (4.5.1 及时).
    public var cardEntryDays: Int

    public init(deviationMaximumDays: Int = 365, cardEntryDays: Int = 0) {
        self.deviationMaximumDays = deviationMaximumDays
        self.cardEntryDays = cardEntryDays
    }

    public static let seedDefaults = SafetyPolicy()
}
