/// The numbers of community culture activities (INF-6).
public struct ActivityPolicy: Sendable, Hashable {
    /// Activities an office holds at least each quarter (seed 002: at least one).
    public var minimumPerQuarter: Int

    public init(minimumPerQuarter: Int = 1) {
        self.minimumPerQuarter = minimumPerQuarter
    }

    public static let defaults = ActivityPolicy()
}
