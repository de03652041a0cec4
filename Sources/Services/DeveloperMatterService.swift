import Domain
import Foundation
import Persistence

/// What waits for an answer between an office and its developer (EXT-2, EXT-4): the developer's
/// questions the office manager could not answer at once and its letters (or owner letters it
/// forwards), due within 3 working days of receipt (`CommunicationPolicy`), answered by phone or
/// by a signed outgoing document; and matters that need the developer's written assistance,
/// tracked to the developer's written answer. The deadline sweeper notifies the office managers
/// of what passes its due day unanswered.
public struct DeveloperMatterService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// A matter with what the company's zone says of it now.
    public struct View: Sendable {
        public let matter: DeveloperMatter
        public let overdue: Bool
        public let answeredOnTime: Bool?
    }

    public struct Draft: Sendable {
        public var officeID: Int64
        public var estateID: Int64
        public var kind: DeveloperMatter.Kind
        public var topic: DeveloperMatter.Topic?
        public var subject: String
        public var content: String
        public var receivedAt: Date
        public var communicationID: Int64?
        public var requestDocumentID: Int64?
        public var expectedAnswerOn: LocalDate?

        public init(
            officeID: Int64, estateID: Int64, kind: DeveloperMatter.Kind, topic: DeveloperMatter.Topic? = nil, subject: String,
            content: String = "", receivedAt: Date, communicationID: Int64? = nil, requestDocumentID: Int64? = nil,
            expectedAnswerOn: LocalDate? = nil
        ) {
            self.officeID = officeID
            self.estateID = estateID
            self.kind = kind
            self.topic = topic
            self.subject = subject
            self.content = content
            self.receivedAt = receivedAt
            self.communicationID = communicationID
            self.requestDocumentID = requestDocumentID
            self.expectedAnswerOn = expectedAnswerOn
        }
    }

    /// Records a matter of an estate that has a developer; what the office must answer gets its due day.
    public func record(_ draft: Draft, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .recordCommunications) { work in
            let estate = try await work.activeEstate(draft.estateID, ofOffice: draft.officeID)
            let zone = try await work.companyTimeZone()
            var issues: [FieldIssue] = []
            let subject = InputRules.required(draft.subject, field: "subject", limit: 300, issues: &issues)
            let content = InputRules.optional(draft.content, field: "content", limit: 20_000, issues: &issues) ?? ""
            InputRules.reportedTime(draft.receivedAt, field: "receivedAt", now: work.now, issues: &issues)
            // A receipt reported a little ahead of the server's clock counts as now, so no answer can precede it.
            let receivedAt = min(draft.receivedAt, work.now)
            if estate.developerID == nil { issues.append(FieldIssue("estateId", "the estate has no developer; set it first (ORG-4)")) }
            let receivedOn = LocalDate(receivedAt, in: zone)
            if draft.kind == .assistanceRequest {
                if draft.topic == nil { issues.append(FieldIssue("topic", "an assistance request names its matter (EXT-4)")) }
                if let expected = draft.expectedAnswerOn, expected < receivedOn {
                    issues.append(FieldIssue("expectedAnswerOn", "is before the request went out"))
                }
            } else {
                if draft.topic != nil { issues.append(FieldIssue("topic", "is only for assistance requests (EXT-4)")) }
                if draft.expectedAnswerOn != nil { issues.append(FieldIssue("expectedAnswerOn", "is only for assistance requests; the policy sets the due day (EXT-2)")) }
                if draft.requestDocumentID != nil { issues.append(FieldIssue("requestDocumentId", "is only for assistance requests")) }
            }
            if let id = draft.communicationID {
                let entry = try await CommunicationRecordRepository.find(id: id, in: work.tx)
                if entry == nil || entry?.officeID != draft.officeID || entry?.estateID != estate.id || entry?.party != .developer {
                    issues.append(FieldIssue("communicationId", "no communication with the developer of this estate has this id"))
                }
            }
            if let id = draft.requestDocumentID {
                let document = try await OutgoingDocumentRepository.find(id: id, in: work.tx)
                if document == nil || document?.officeID != draft.officeID || document?.estateID != estate.id {
                    issues.append(FieldIssue("requestDocumentId", "no outgoing document of this estate has this id"))
                }
            }
            guard issues.isEmpty, let developerID = estate.developerID else { throw ServiceError.validation(issues) }
            let deadline: Deadline?
            if draft.kind.officeAnswers {
                let policy = try await work.communicationPolicy()
                deadline = policy.developerAnswer.deadline(after: receivedOn, calendar: try await work.workingCalendar(around: receivedOn))
            } else {
                deadline = draft.expectedAnswerOn.map(Deadline.init(dueOn:))
            }
            let matter = try await DeveloperMatterRepository.insert(
                DeveloperMatter(
                    id: 0, officeID: draft.officeID, estateID: estate.id, developerID: developerID, kind: draft.kind, topic: draft.topic,
                    subject: subject, content: content, receivedAt: receivedAt, deadline: deadline,
                    communicationID: draft.communicationID, requestDocumentID: draft.requestDocumentID, recordedBy: caller.actor.userID),
                in: work.tx)
            try await work.audit(.created(matter))
            return Self.view(matter, now: work.now, zone: zone)
        }
    }

    /// Records the answer, given now: by phone or in writing for a question, by a signed outgoing
    /// document of the same estate for a letter, the developer's written answer for a request.
    public func answer(
        id: Int64, channel: DeveloperMatter.AnswerChannel, answer: String, documentID: Int64?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> View {
        try await runner.perform(caller, .recordCommunications) { work in
            guard let before = try await DeveloperMatterRepository.find(id: id, forUpdate: true, in: work.tx), work.covers(office: before.officeID)
            else { throw ServiceError.notFound("no developer matter with id \(id)") }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.isOpen else { throw ServiceError.invalidState("the matter is already answered") }
            var issues: [FieldIssue] = []
            let text = InputRules.required(answer, field: "answer", limit: 4000, issues: &issues)
            if before.kind.needsWrittenAnswer && channel != .written {
                issues.append(FieldIssue("channel", before.kind.officeAnswers
                    ? "a letter is answered in writing (EXT-2)" : "the developer's assistance is given in writing (EXT-4)"))
            }
            switch (before.kind.officeAnswers, channel, documentID) {
            case (true, .written, nil):
                issues.append(FieldIssue("documentId", "a written answer is the signed outgoing document (EXT-3); sign it first"))
            case (true, .written, let id?):
                let document = try await OutgoingDocumentRepository.find(id: id, in: work.tx)
                if document == nil || document?.officeID != before.officeID || document?.estateID != before.estateID {
                    issues.append(FieldIssue("documentId", "no outgoing document of this estate has this id"))
                } else if let document, document.signedAt < before.receivedAt {
                    issues.append(FieldIssue("documentId", "was signed before the matter arrived"))
                }
            case (true, .phone, _?), (false, _, _?):
                issues.append(FieldIssue("documentId", before.kind.officeAnswers
                    ? "is only for written answers" : "is for the office's own documents; the developer's answer is recorded as text"))
            default:
                break
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.answeredAt = work.now
            after.answerChannel = channel
            after.answer = text
            after.answerDocumentID = documentID
            after.answeredBy = caller.actor.userID
            after = try await DeveloperMatterRepository.saveAnswer(after, in: work.tx)
            try await work.audit(.changed("answer", from: before, to: after))
            return Self.view(after, now: work.now, zone: try await work.companyTimeZone())
        }
    }

    public func list(_ filter: DeveloperMatterFilter, _ caller: Caller, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            let zone = try await work.companyTimeZone()
            let rows = try await DeveloperMatterRepository.list(filter, now: work.now, afterID: page.afterID, limit: page.limit, in: work.tx)
            let matters = page.page(from: rows, id: \.id)
            return Page(items: matters.items.map { Self.view($0, now: work.now, zone: zone) }, nextCursor: matters.nextCursor)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            guard let matter = try await DeveloperMatterRepository.find(id: id, in: work.tx), work.covers(office: matter.officeID)
            else { throw ServiceError.notFound("no developer matter with id \(id)") }
            return Self.view(matter, now: work.now, zone: try await work.companyTimeZone())
        }
    }

    static func view(_ matter: DeveloperMatter, now: Date, zone: TimeZone) -> View {
        View(matter: matter, overdue: matter.isOverdue(at: now, in: zone), answeredOnTime: matter.answeredOnTime(in: zone))
    }
}
