import Foundation

/// A letter to the president's mailbox 总裁信箱 (INF-7): any member of staff writes to the leadership, under their
/// name or anonymously. An anonymous letter keeps no trace of its writer; they read the answer with the receipt key
/// they were shown once.
public struct MailboxLetter: Sendable, Hashable {
    public enum Category: String, Sendable, CaseIterable {
        case suggestion, complaint, need, question, other
    }

    public let id: Int64
    /// The writer; nil for an anonymous letter.
    public let submittedBy: Int64?
    public let category: Category
    public let subject: String
    public let body: String
    public let submittedAt: Date
    public var answer: LeadershipAnswer?
    public var version: Int

    public var isAnonymous: Bool { submittedBy == nil }

    public init(
        id: Int64, submittedBy: Int64?, category: Category, subject: String, body: String, submittedAt: Date, answer: LeadershipAnswer? = nil,
        version: Int = 1
    ) {
        self.id = id
        self.submittedBy = submittedBy
        self.category = category
        self.subject = subject
        self.body = body
        self.submittedAt = submittedAt
        self.answer = answer
        self.version = version
    }
}

extension MailboxLetter: AuditedRecord {
    public var auditEntityType: String { "mailbox_letter" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { nil }
    /// The writer is deliberately absent: the audit row of an anonymous letter must not name them either.
    public var auditFields: [String: String?] {
        ["category": category.rawValue, "subject": subject, "body": body, "anonymous": String(isAnonymous)]
            .merging(LeadershipAnswer.auditFields(answer)) { $1 }
    }
}
