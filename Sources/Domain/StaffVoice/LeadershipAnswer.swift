import Foundation

/// How the leadership answers a letter to the president's mailbox or a census need (INF-7, seed 000 五(八)):
/// needs many share, by a company document; a pointed question from one person, by the leader concerned in person;
/// anything else, by a written reply. Always by a named leader: the one who records the answer.
public struct LeadershipAnswer: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A written reply from the leader.
        case reply
        /// The leader concerned talked it over with the writer in person (当面沟通); the text records the outcome.
        case inPerson = "in_person"
        /// A company document answers it (公司文件): its number and title in `documentReference`.
        case companyDocument = "company_document"
    }

    public let kind: Kind
    public let text: String
    /// The company document's number and title, e.g. "行人字〔2026〕12号 关于调整员工餐补的通知"; only for `companyDocument`.
    public let documentReference: String?
    public let answeredBy: Int64
    /// The leader's display name, so that the writer — who may read nothing else about staff — sees who answered.
    public let answeredByName: String
    public let answeredAt: Date

    public init(kind: Kind, text: String, documentReference: String?, answeredBy: Int64, answeredByName: String, answeredAt: Date) {
        self.kind = kind
        self.text = text
        self.documentReference = documentReference
        self.answeredBy = answeredBy
        self.answeredByName = answeredByName
        self.answeredAt = answeredAt
    }

    /// The audit trail's fields of an answer (nil when unanswered).
    static func auditFields(_ answer: LeadershipAnswer?) -> [String: String?] {
        [
            "answer_kind": answer?.kind.rawValue, "answer_text": answer?.text, "document_reference": answer?.documentReference,
            "answered_by": answer.map { String($0.answeredBy) },
        ]
    }
}
