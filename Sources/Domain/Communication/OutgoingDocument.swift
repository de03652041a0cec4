import Foundation

/// A written document an office sends out (EXT-3: 管理处进行沟通的书面文件由管理处经理签署并复制存档):
/// signed by the office manager, with its archived copy as text, as a file, or both.
public struct OutgoingDocument: Sendable, Hashable {
    /// The archived copy as a file (a scan of the signed letter, the e-mail as sent).
    public struct ArchivedFile: Sendable, Hashable {
        public let name: String
        public let mediaType: String
        public let content: Data

        public init(name: String, mediaType: String, content: Data) {
            self.name = name
            self.mediaType = mediaType
            self.content = content
        }
    }

    public enum Channel: String, Sendable, CaseIterable {
        case letter
        case email
    }

    /// The largest archived file accepted (bytes); the request body limit is above its base64 size.
    public static let maximumFileBytes = 2 * 1024 * 1024

    public let id: Int64
    public let officeID: Int64
    public let estateID: Int64
    /// The developer it went to, when it went to the developer.
    public let developerID: Int64?
    public let recipient: String
    public let subject: String
    public let channel: Channel
    public let copyText: String?
    /// nil in lists (the content stays in the database until one document is read).
    public let copyFile: ArchivedFile?
    public let hasCopyFile: Bool
    public let signedBy: Int64
    public let signedAt: Date

    public init(
        id: Int64, officeID: Int64, estateID: Int64, developerID: Int64?, recipient: String, subject: String, channel: Channel,
        copyText: String?, copyFile: ArchivedFile?, hasCopyFile: Bool, signedBy: Int64, signedAt: Date
    ) {
        self.id = id
        self.officeID = officeID
        self.estateID = estateID
        self.developerID = developerID
        self.recipient = recipient
        self.subject = subject
        self.channel = channel
        self.copyText = copyText
        self.copyFile = copyFile
        self.hasCopyFile = hasCopyFile
        self.signedBy = signedBy
        self.signedAt = signedAt
    }
}

extension OutgoingDocument: AuditedRecord {
    public var auditEntityType: String { "outgoing_document" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "estate_id": String(estateID), "developer_id": developerID.map(String.init), "recipient": recipient, "subject": subject,
            "channel": channel.rawValue, "copy_text": copyText, "copy_file": copyFile.map { "\($0.name) (\($0.mediaType), \($0.content.count) bytes)" },
            "signed_by": String(signedBy), "signed_at": signedAt.auditText,
        ]
    }
}
