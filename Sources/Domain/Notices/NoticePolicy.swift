/// The numbers of notices to customers (INF-4); the seed gives none, these are the defaults.
public struct NoticePolicy: Sendable, Hashable {
    /// The longest validity window a notice may have.
    public var maximumValidityDays: Int
    /// The most current notices one public feed answer carries (newest first).
    public var feedLimit: Int

    public init(maximumValidityDays: Int = 366, feedLimit: Int = 100) {
        self.maximumValidityDays = maximumValidityDays
        self.feedLimit = feedLimit
    }

    public static let defaults = NoticePolicy()
}
