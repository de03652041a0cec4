/// The sales office's payment follow-up numbers (SAL-1). The seed asks for timely reminders
/// ("及时催款") without numbers; these are the defaults.
public struct SalesPolicy: Sendable, Hashable {
    /// The office's sales staff are reminded of a stage from the start of the day this many days before its due day.
    public var reminderDaysBefore: Int
    /// The most instalments an instalment contract may schedule after its down payment (ten years, monthly).
    public var maximumInstalments: Int

    public init(reminderDaysBefore: Int = 3, maximumInstalments: Int = 120) {
        self.reminderDaysBefore = reminderDaysBefore
        self.maximumInstalments = maximumInstalments
    }

    public static let defaults = SalesPolicy()
}
