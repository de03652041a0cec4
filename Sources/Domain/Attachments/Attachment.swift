import Foundation

/// A file kept with a record (issue 9 item 9): a ticket's photos and signed forms, a meeting's minutes,
/// a letter sent or received. Only images and PDFs, as their bytes show, each with its SHA-256.
public struct Attachment: Sendable, Hashable {
    /// The kinds of record a file may belong to.
    public enum Subject: String, Sendable, CaseIterable {
        case ticket, meeting
        case outgoingDocument = "outgoing_document"
        case developerMatter = "developer_matter"
        /// Photos of a community culture activity (INF-6).
        case communityActivity = "community_activity"

        /// Who may read the record may read its files.
        public var readAction: Action {
            switch self {
            case .ticket: .readTickets
            case .meeting: .readMeetings
            case .outgoingDocument, .developerMatter: .readCommunications
            case .communityActivity: .readActivities
            }
        }

        /// Who may change the record may attach files to it.
        public var writeAction: Action {
            switch self {
            case .ticket: .processTickets
            case .meeting: .manageMeetings
            case .outgoingDocument, .developerMatter: .recordCommunications
            case .communityActivity: .planActivities
            }
        }
    }

    public let id: Int64
    /// nil for a record of HQ's own (HQ only).
    public let officeID: Int64?
    public let subject: Subject
    public let subjectID: Int64
    public let fileName: String
    public let mediaType: MediaType
    public let byteSize: Int
    public let sha256: Data
    public let uploadedBy: Int64
    public let uploadedAt: Date

    public init(
        id: Int64, officeID: Int64?, subject: Subject, subjectID: Int64, fileName: String, mediaType: MediaType, byteSize: Int, sha256: Data,
        uploadedBy: Int64, uploadedAt: Date
    ) {
        self.id = id
        self.officeID = officeID
        self.subject = subject
        self.subjectID = subjectID
        self.fileName = fileName
        self.mediaType = mediaType
        self.byteSize = byteSize
        self.sha256 = sha256
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }

    /// The digest as 64 lower-case hex digits.
    public var sha256Hex: String { sha256.map { String(format: "%02x", $0) }.joined() }

    /// The media types kept, recognized by their first bytes (not by what the sender says).
    public enum MediaType: String, Sendable, CaseIterable {
        case jpeg = "image/jpeg"
        case png = "image/png"
        case gif = "image/gif"
        case webp = "image/webp"
        case pdf = "application/pdf"

        /// The type the bytes are, if one of these.
        public static func sniff(_ bytes: Data) -> MediaType? {
            func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
                bytes.count >= offset + prefix.count && Array(bytes.dropFirst(offset).prefix(prefix.count)) == prefix
            }
            if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
            if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
            if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
            if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return .webp }
            if starts(Array("%PDF-".utf8)) { return .pdf }
            return nil
        }
    }
}

extension Attachment: AuditedRecord {
    public var auditEntityType: String { "attachment" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "subject": subject.rawValue, "subject_id": String(subjectID), "file_name": fileName, "media_type": mediaType.rawValue,
            "byte_size": String(byteSize), "sha256": sha256Hex,
        ]
    }
}
