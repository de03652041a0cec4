/// The limits of attachments.
public struct AttachmentPolicy: Sendable, Hashable {
    /// The largest file accepted (413 above).
    public var maximumBytes: Int
    /// The most files one record may hold.
    public var maximumPerRecord: Int

    public init(maximumBytes: Int = 10 * 1024 * 1024, maximumPerRecord: Int = 50) {
        self.maximumBytes = maximumBytes
        self.maximumPerRecord = maximumPerRecord
    }

    public static let defaults = AttachmentPolicy()
}
