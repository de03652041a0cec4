import Domain
import Foundation
import Persistence

/// Written documents through the one approval workflow (issue 6 item 6; EXT-5, EXT-6): owners'
/// committee minutes (company department review, then the chair's approval, recorded by the office
/// manager), quarterly reports (FINANCE's section, QUALITY's review, the general manager's
/// approval, then a week of owners' questions) and monthly briefings. Each decision is checked
/// against the permission matrix for its step, taken under a row lock with If-Match, and written
/// with its history row and its audit row in one transaction.
public struct DocumentService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// A document with what the company's zone says of it now, and (when one is read) its history and questions.
    public struct View: Sendable {
        public let document: WrittenDocument
        public let overdue: Bool
        public let decisions: [DocumentDecision]
        public let questions: [DocumentQuestion]
    }

    public struct Draft: Sendable {
        public var officeID: Int64
        public var estateID: Int64
        public var kind: WrittenDocument.Kind
        public var title: String
        public var body: String
        /// `2026-Q3` for a report, `2026-10` for a briefing.
        public var period: String?
        /// The committee meeting, for minutes.
        public var heldOn: LocalDate?

        public init(
            officeID: Int64, estateID: Int64, kind: WrittenDocument.Kind, title: String, body: String = "", period: String? = nil,
            heldOn: LocalDate? = nil
        ) {
            self.officeID = officeID
            self.estateID = estateID
            self.kind = kind
            self.title = title
            self.body = body
            self.period = period
            self.heldOn = heldOn
        }
    }

    static let fields = ["document_period_key": "period"]
    static let bodyLimit = 50_000

    /// Starts a draft; its due days follow the policy and the company calendar.
    public func create(_ draft: Draft, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .draftDocuments, fields: Self.fields) { work in
            let estate = try await work.activeEstate(draft.estateID, ofOffice: draft.officeID)
            let zone = try await work.companyTimeZone()
            let today = LocalDate(work.now, in: zone)
            var issues: [FieldIssue] = []
            let title = InputRules.required(draft.title, field: "title", limit: 300, issues: &issues)
            let body = InputRules.optional(draft.body, field: "body", limit: Self.bodyLimit, issues: &issues) ?? ""
            var period: KPIPeriod?
            if let kind = draft.kind.periodKind {
                period = draft.period.flatMap { KPIPeriod(kind, label: $0) }
                if period == nil {
                    issues.append(FieldIssue("period", kind == .quarter ? "a report covers a quarter, e.g. 2026-Q3" : "a briefing covers a month, e.g. 2026-10"))
                } else if let period, period.start > today {
                    issues.append(FieldIssue("period", "has not begun"))
                }
            } else if draft.period != nil {
                issues.append(FieldIssue("period", "is only for reports and briefings"))
            }
            switch draft.kind {
            case .committeeMinutes:
                if let held = draft.heldOn {
                    if held > today { issues.append(FieldIssue("heldOn", "is in the future")) }
                } else {
                    issues.append(FieldIssue("heldOn", "minutes are of a committee meeting: give its day"))
                }
                if try await CommitteeRepository.find(estateID: estate.id, in: work.tx) == nil {
                    issues.append(FieldIssue("estateId", "the estate has no owners' committee (ORG-4)"))
                }
            case .monthlyBriefing:
                if estate.kind != .commercial {
                    issues.append(FieldIssue("kind", "monthly briefings are for single-owner commercial projects (EXT-6)"))
                }
                fallthrough
            case .quarterlyReport:
                if draft.heldOn != nil { issues.append(FieldIssue("heldOn", "is only for committee minutes")) }
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let policy = try await work.communicationPolicy()
            let due = policy.deadlines(
                of: draft.kind, period: period, calendar: try await work.workingCalendar(around: period?.end ?? today))
            let document = try await DocumentRepository.insert(
                WrittenDocument(
                    id: 0, officeID: draft.officeID, estateID: estate.id, kind: draft.kind, period: period, heldOn: draft.heldOn, title: title,
                    body: body, submitDeadline: due.submit, publishDeadline: due.publish, createdBy: caller.actor.userID, createdAt: work.now),
                in: work.tx)
            try await work.audit(.created(document))
            return Self.view(document, now: work.now, zone: zone)
        }
    }

    /// Rewrites the title and body of a draft.
    public func revise(id: Int64, title: String, body: String, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await change(id: id, expectedVersion: expectedVersion, caller, action: .draftDocuments, verb: "update") { document, _ in
            guard document.state.status == .draft else { throw ServiceError.invalidState("only a draft is edited; this one is \(document.state.status.rawValue)") }
            var issues: [FieldIssue] = []
            document.title = InputRules.required(title, field: "title", limit: 300, issues: &issues)
            document.body = InputRules.optional(body, field: "body", limit: Self.bodyLimit, issues: &issues) ?? ""
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
        }
    }

    /// FINANCE writes (or rewrites) the finance section of a quarterly report still in draft (EXT-6).
    public func writeFinanceSection(id: Int64, text: String, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await change(id: id, expectedVersion: expectedVersion, caller, action: .writeReportFinance, verb: "write_finance") { document, work in
            guard document.kind == .quarterlyReport else { throw ServiceError.invalidState("only a quarterly report has a finance section") }
            guard document.state.status == .draft else {
                throw ServiceError.invalidState("the report is \(document.state.status.rawValue); the finance section is written while it is a draft")
            }
            var issues: [FieldIssue] = []
            document.financeSection = InputRules.required(text, field: "text", limit: Self.bodyLimit, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            document.financeWrittenBy = work.caller.actor.userID
        }
    }

    /// Takes a decision: submit, approve or reject the waiting step (a rejection needs its reason), or publish.
    public func decide(
        id: Int64, _ decision: ApprovalFlow.Decision, comment: String?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> View {
        // The step's own action is checked once the document is read; reading it needs the read action.
        try await runner.perform(caller, .readCommunications) { work in
            guard let before = try await DocumentRepository.find(id: id, forUpdate: true, in: work.tx), work.covers(office: before.officeID)
            else { throw ServiceError.notFound("no document with id \(id)") }
            let flow = before.kind.flow
            let action = flow.action(for: decision, in: before.state)
            guard caller.actor.may(action, inOffice: before.officeID) else { throw ServiceError.forbidden(action) }
            try work.check(version: before.version, expected: expectedVersion)
            let reason = try ApprovalDecisionRules.comment(comment, for: decision)
            if decision == .submit, before.kind == .quarterlyReport, before.financeSection == nil {
                throw ServiceError.invalidState("FINANCE has not written the finance section yet (EXT-6)")
            }
            let (next, step) = try ApprovalDecisionRules.apply(decision, flow: flow, to: before.state)
            let zone = try await work.companyTimeZone()
            var after = before
            after.state = next
            if decision == .submit, after.submittedAt == nil { after.submittedAt = work.now }
            if decision == .publish {
                after.publishedAt = work.now
                if before.kind == .quarterlyReport {
                    let today = LocalDate(work.now, in: zone)
                    let policy = try await work.communicationPolicy()
                    after.questionsUntil = policy.reportQuestionWindow.deadline(
                        after: today, calendar: try await work.workingCalendar(around: today)).dueOn
                }
            }
            var onBehalfOf: String?
            if step?.name == "chair_approval" {
                // The chair has no account: the office manager records the decision in the chair's name.
                let committee = try await CommitteeRepository.find(estateID: before.estateID, in: work.tx)
                onBehalfOf = committee?.members.first { $0.role == .chair }?.name ?? committee?.name
            }
            after = try await DocumentRepository.update(after, in: work.tx)
            try await DocumentRepository.appendDecision(
                to: after, decision: decision, step: step?.name, from: before.state.status, actorID: caller.actor.userID,
                onBehalfOf: onBehalfOf, comment: reason, at: work.now, in: work.tx)
            try await work.audit(.changed(decision.rawValue, from: before, to: after))
            return try await Self.fullView(after, work: work, zone: zone)
        }
    }

    public func list(_ filter: DocumentFilter, _ caller: Caller, page: PageRequest) async throws -> Page<View> {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            let zone = try await work.companyTimeZone()
            let rows = try await DocumentRepository.list(filter, now: work.now, afterID: page.afterID, limit: page.limit, in: work.tx)
            let documents = page.page(from: rows, id: \.id)
            return Page(items: documents.items.map { Self.view($0, now: work.now, zone: zone) }, nextCursor: documents.nextCursor)
        }
    }

    /// One document with its decisions and questions.
    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            try await Self.fullView(try await Self.document(id, work: work), work: work, zone: try await work.companyTimeZone())
        }
    }

    /// Records an owner's question on a published report within its question window (EXT-6).
    public func ask(documentID: Int64, askedBy: String, unit: String?, question: String, _ caller: Caller) async throws -> DocumentQuestion {
        try await runner.perform(caller, .draftDocuments) { work in
            let document = try await Self.document(documentID, work: work, forUpdate: true)
            let zone = try await work.companyTimeZone()
            guard document.acceptsQuestions(on: LocalDate(work.now, in: zone)) else {
                throw ServiceError.invalidState(document.questionsUntil.map { "the question window closed after \($0) (EXT-6)" }
                    ?? "owners question a published quarterly report (EXT-6)")
            }
            var issues: [FieldIssue] = []
            let asker = InputRules.required(askedBy, field: "askedBy", limit: 100, issues: &issues)
            let unitText = InputRules.optional(unit, field: "unit", limit: 50, issues: &issues)
            let text = InputRules.required(question, field: "question", limit: 4000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let recorded = try await DocumentRepository.insertQuestion(
                DocumentQuestion(
                    id: 0, officeID: document.officeID, documentID: document.id, askedBy: asker, unit: unitText, question: text, askedAt: work.now),
                in: work.tx)
            try await work.audit(.created(recorded))
            return recorded
        }
    }

    /// Answers an owner's question, once.
    public func answer(documentID: Int64, questionID: Int64, answer: String, _ caller: Caller) async throws -> DocumentQuestion {
        try await runner.perform(caller, .draftDocuments) { work in
            let document = try await Self.document(documentID, work: work)
            guard let before = try await DocumentRepository.question(id: questionID, of: document, forUpdate: true, in: work.tx)
            else { throw ServiceError.notFound("no question \(questionID) on document \(documentID)") }
            guard before.answer == nil else { throw ServiceError.invalidState("the question is already answered") }
            var issues: [FieldIssue] = []
            let text = InputRules.required(answer, field: "answer", limit: 4000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.answer = text
            after.answeredAt = work.now
            after.answeredBy = caller.actor.userID
            after = try await DocumentRepository.saveAnswer(after, in: work.tx)
            try await work.audit(.changed("answer", from: before, to: after))
            return after
        }
    }

    /// A draft-time change: the document locked, the version checked, `edit` applied, the result saved and audited.
    private func change(
        id: Int64, expectedVersion: Int?, _ caller: Caller, action: Action, verb: String,
        _ edit: (inout WrittenDocument, ServiceWork) async throws -> Void
    ) async throws -> View {
        try await runner.perform(caller, action) { work in
            let before = try await Self.document(id, work: work, forUpdate: true)
            try work.check(version: before.version, expected: expectedVersion)
            var after = before
            try await edit(&after, work)
            after = try await DocumentRepository.update(after, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return try await Self.fullView(after, work: work, zone: try await work.companyTimeZone())
        }
    }

    static func document(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> WrittenDocument {
        guard let document = try await DocumentRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(office: document.officeID)
        else { throw ServiceError.notFound("no document with id \(id)") }
        return document
    }

    static func view(_ document: WrittenDocument, now: Date, zone: TimeZone) -> View {
        View(document: document, overdue: document.isOverdue(at: now, in: zone), decisions: [], questions: [])
    }

    static func fullView(_ document: WrittenDocument, work: ServiceWork, zone: TimeZone) async throws -> View {
        View(
            document: document, overdue: document.isOverdue(at: work.now, in: zone),
            decisions: try await DocumentRepository.decisions(of: document, in: work.tx),
            questions: try await DocumentRepository.questions(of: document, in: work.tx))
    }
}
