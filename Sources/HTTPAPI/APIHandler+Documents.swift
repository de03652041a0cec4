import APIContract
import Domain
import Foundation
import Services

// Documents through the approval workflow (EXT-5, EXT-6).
extension APIHandler {
    func listDocuments(_ input: Operations.ListDocuments.Input) async throws -> Operations.ListDocuments.Output {
        let query = input.query
        let filter = DocumentFilter(
            officeID: query.officeId, estateID: query.estateId, kind: try query.kind.map { try Self.wire($0) },
            status: try query.status.map { try Self.wire($0) }, overdue: query.overdue)
        let page = try await services.documents.list(filter, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func createDocument(_ input: Operations.CreateDocument.Input) async throws -> Operations.CreateDocument.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.documents.create(
            .init(
                officeID: body.officeId, estateID: body.estateId, kind: try Self.wire(body.kind), title: body.title, body: body.body ?? "",
                period: body.period, heldOn: try body.heldOn.map { try Self.day($0, field: "heldOn") }),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.document.version)), body: .json(try Self.schema(view))))
    }

    func getDocument(_ input: Operations.GetDocument.Input) async throws -> Operations.GetDocument.Output {
        let view = try await services.documents.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.document.version)), body: .json(try Self.schema(view))))
    }

    func reviseDocument(_ input: Operations.ReviseDocument.Input) async throws -> Operations.ReviseDocument.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.documents.revise(
            id: input.path.id, title: body.title, body: body.body, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.document.version)), body: .json(try Self.schema(view))))
    }

    func writeDocumentFinanceSection(
        _ input: Operations.WriteDocumentFinanceSection.Input
    ) async throws -> Operations.WriteDocumentFinanceSection.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.documents.writeFinanceSection(
            id: input.path.id, text: body.text, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.document.version)), body: .json(try Self.schema(view))))
    }

    func decideDocument(_ input: Operations.DecideDocument.Input) async throws -> Operations.DecideDocument.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.documents.decide(
            id: input.path.id, try Self.wire(body.decision), comment: body.comment, expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.document.version)), body: .json(try Self.schema(view))))
    }

    func askDocumentQuestion(_ input: Operations.AskDocumentQuestion.Input) async throws -> Operations.AskDocumentQuestion.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let question = try await services.documents.ask(
            documentID: input.path.id, askedBy: body.askedBy, unit: body.unit, question: body.question, try await caller())
        return .created(.init(body: .json(Self.schema(question))))
    }

    func answerDocumentQuestion(_ input: Operations.AnswerDocumentQuestion.Input) async throws -> Operations.AnswerDocumentQuestion.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let question = try await services.documents.answer(
            documentID: input.path.id, questionID: input.path.questionId, answer: body.answer, try await caller())
        return .ok(.init(body: .json(Self.schema(question))))
    }

    static func schema(_ view: DocumentService.View) throws -> Components.Schemas.Document {
        let document = view.document
        return .init(
            id: document.id, officeId: document.officeID, estateId: document.estateID, kind: try wire(document.kind),
            period: document.period?.label, heldOn: document.heldOn?.description, title: document.title, body: document.body,
            financeSection: document.financeSection, financeWrittenBy: document.financeWrittenBy, status: try wire(document.state.status),
            waitingFor: document.state.step.map { document.kind.flow.steps[$0].name },
            submitDueOn: document.submitDeadline?.dueOn.description, publishDueOn: document.publishDeadline?.dueOn.description,
            submittedAt: document.submittedAt, publishedAt: document.publishedAt, questionsUntil: document.questionsUntil?.description,
            overdue: view.overdue, createdBy: document.createdBy, createdAt: document.createdAt,
            decisions: try view.decisions.map(schema), questions: view.questions.map(schema), version: document.version)
    }

    static func schema(_ decision: DocumentDecision) throws -> Components.Schemas.DocumentDecision {
        .init(
            sequence: decision.sequence, decision: try wire(decision.decision), step: decision.step, from: try wire(decision.from),
            to: try wire(decision.to), actorId: decision.actorID, onBehalfOf: decision.onBehalfOf, comment: decision.comment, at: decision.at)
    }

    static func schema(_ question: DocumentQuestion) -> Components.Schemas.DocumentQuestion {
        .init(
            id: question.id, documentId: question.documentID, askedBy: question.askedBy, unit: question.unit, question: question.question,
            askedAt: question.askedAt, answer: question.answer, answeredAt: question.answeredAt, answeredBy: question.answeredBy)
    }
}
