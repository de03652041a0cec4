import Domain
import Foundation
import Persistence

/// An answer from the leadership as a caller writes it (INF-7): the kind, the words, and for a company document its
/// number and title.
public struct LeadershipAnswerDraft: Sendable {
    public var kind: LeadershipAnswer.Kind
    public var text: String
    public var documentReference: String?

    public init(kind: LeadershipAnswer.Kind, text: String, documentReference: String?) {
        self.kind = kind
        self.text = text
        self.documentReference = documentReference
    }
}

/// The rules every answer of the mailbox and the census follows, in one place.
enum LeadershipAnswerRules {
    /// The answer `draft` describes, signed by the caller (the named leader): 422 naming the fields it breaks. A company
    /// document needs its reference, nothing else takes one; nobody anonymous can be met in person.
    static func answer(_ draft: LeadershipAnswerDraft, writerIsAnonymous: Bool, work: ServiceWork) async throws -> LeadershipAnswer {
        var issues: [FieldIssue] = []
        let text = InputRules.required(draft.text, field: "text", limit: 8000, issues: &issues)
        let reference = InputRules.optional(draft.documentReference, field: "documentReference", limit: 300, issues: &issues)
        switch (draft.kind, reference) {
        case (.companyDocument, nil):
            issues.append(FieldIssue("documentReference", "is required for a company document: its number and title"))
        case (.reply, .some), (.inPerson, .some):
            issues.append(FieldIssue("documentReference", "is only for an answer by company document"))
        default:
            break
        }
        if draft.kind == .inPerson && writerIsAnonymous {
            issues.append(FieldIssue("kind", "an anonymous writer cannot be met in person; reply in writing or by company document"))
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        let leader = try await StaffUserRepository.find(id: work.caller.actor.userID, in: work.tx)
        return LeadershipAnswer(
            kind: draft.kind, text: text, documentReference: reference, answeredBy: work.caller.actor.userID,
            answeredByName: leader?.displayName ?? work.caller.actor.username, answeredAt: work.now)
    }
}
