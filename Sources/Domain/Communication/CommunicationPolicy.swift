/// The communication procedures' deadlines (EXT-2 …), each a policy value with the seed's default.
/// The seed says "三日内" (within three days); Liaison counts working days of the company calendar
/// by default, so a letter received on Friday is due on Wednesday, not on Monday. A company that
/// counts calendar days sets `.calendarDays(3)`.
public struct CommunicationPolicy: Sendable, Hashable {
    /// EXT-2: a developer question or letter is answered within this many days of its receipt.
    public var developerAnswer: DaysAfter

    public init(developerAnswer: DaysAfter = .workingDays(3)) {
        self.developerAnswer = developerAnswer
    }

    public static let seedDefaults = CommunicationPolicy()
}
