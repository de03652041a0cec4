import Domain
import Foundation
import Persistence

/// The president's mailbox 总裁信箱 (INF-7): any member of staff writes to the leadership, under their name or
/// anonymously; the leadership reads every letter and a named leader answers each. A writer reads only their own
/// letters — an anonymous one only with the receipt key shown when it was sent, since nothing else ties it to them.
public struct PresidentMailboxService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Draft: Sendable {
        public var category: MailboxLetter.Category
        public var subject: String
        public var body: String
        public var anonymous: Bool

        public init(category: MailboxLetter.Category, subject: String, body: String, anonymous: Bool) {
            self.category = category
            self.subject = subject
            self.body = body
            self.anonymous = anonymous
        }
    }

    /// A letter as sent: with its receipt key when anonymous (shown this once; only its SHA-256 is kept).
    public struct Sent: Sendable {
        public let letter: MailboxLetter
        public let receiptKey: String?
    }

    public func send(_ draft: Draft, _ caller: Caller) async throws -> Sent {
        try await runner.perform(caller, .writeToMailbox) { work in
            var issues: [FieldIssue] = []
            let subject = InputRules.required(draft.subject, field: "subject", limit: 200, issues: &issues)
            let body = InputRules.required(draft.body, field: "body", limit: 8000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let receiptKey = draft.anonymous ? SecretToken.make() : nil
            let letter = try await MailboxLetterRepository.insert(
                MailboxLetter(
                    id: 0, submittedBy: draft.anonymous ? nil : caller.actor.userID, category: draft.category, subject: subject, body: body,
                    submittedAt: work.now),
                receiptDigest: receiptKey.map(SecretToken.digest), in: work.tx)
            if draft.anonymous {
                try await work.auditAnonymously(.created(letter))
            } else {
                try await work.audit(.created(letter))
            }
            return Sent(letter: letter, receiptKey: receiptKey)
        }
    }

    /// The leadership answers a letter, once (If-Match).
    public func answer(id: Int64, _ draft: LeadershipAnswerDraft, expectedVersion: Int?, _ caller: Caller) async throws -> MailboxLetter {
        try await runner.perform(caller, .answerMailbox) { work in
            guard let before = try await MailboxLetterRepository.find(id: id, forUpdate: true, in: work.tx) else { throw Self.notFound(id) }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.answer == nil else { throw ServiceError.invalidState("the letter has been answered") }
            var after = before
            after.answer = try await LeadershipAnswerRules.answer(draft, writerIsAnonymous: before.isAnonymous, work: work)
            after = try await MailboxLetterRepository.update(after, in: work.tx)
            try await work.audit(.changed("answer", from: before, to: after))
            return after
        }
    }

    /// A letter: the leadership reads any, a writer their own named ones (404 otherwise, so ids do not leak).
    public func get(id: Int64, _ caller: Caller) async throws -> MailboxLetter {
        try await runner.perform(caller, .writeToMailbox, readOnly: true) { work in
            guard let letter = try await MailboxLetterRepository.find(id: id, in: work.tx),
                  Self.readsEveryLetter(caller) || letter.submittedBy == caller.actor.userID
            else { throw Self.notFound(id) }
            return letter
        }
    }

    /// The anonymous letter a receipt key opens, for its writer to read the answer; 404 for any other key.
    public func letter(receiptKey: String, _ caller: Caller) async throws -> MailboxLetter {
        try await runner.perform(caller, .writeToMailbox, readOnly: true) { work in
            guard SecretToken.isWellFormed(receiptKey),
                  let letter = try await MailboxLetterRepository.find(receiptDigest: SecretToken.digest(receiptKey), in: work.tx)
            else { throw ServiceError.notFound("no letter has this receipt key") }
            return letter
        }
    }

    /// The leadership's inbox (every letter), or a writer's own named letters.
    public func list(
        answered: Bool?, category: MailboxLetter.Category?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<MailboxLetter> {
        try await runner.perform(caller, .writeToMailbox, readOnly: true) { work in
            page.page(
                from: try await MailboxLetterRepository.list(
                    submittedBy: Self.readsEveryLetter(caller) ? nil : caller.actor.userID, answered: answered, category: category,
                    afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    static func readsEveryLetter(_ caller: Caller) -> Bool {
        PermissionMatrix.scope(of: caller.actor.roles, for: .answerMailbox) != nil
    }

    static func notFound(_ id: Int64) -> ServiceError { .notFound("no letter with id \(id)") }
}
