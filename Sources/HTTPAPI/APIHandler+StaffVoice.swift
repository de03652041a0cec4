import APIContract
import Domain
import Foundation
import Services

// The president's mailbox and the yearly staff-needs census (INF-7).
extension APIHandler {
    func listMailboxLetters(_ input: Operations.ListMailboxLetters.Input) async throws -> Operations.ListMailboxLetters.Output {
        let query = input.query
        let page = try await services.presidentMailbox.list(
            answered: query.answered, category: try query.category.map(Self.wire), try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map { try Self.schema($0) }, nextCursor: page.nextCursor))))
    }

    func sendMailboxLetter(_ input: Operations.SendMailboxLetter.Input) async throws -> Operations.SendMailboxLetter.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let sent = try await services.presidentMailbox.send(
            .init(category: try Self.wire(body.category), subject: body.subject, body: body.body, anonymous: body.anonymous ?? false),
            try await caller())
        return .created(.init(
            headers: .init(eTag: Self.eTag(sent.letter.version)), body: .json(try Self.schema(sent.letter, receiptKey: sent.receiptKey))))
    }

    func getMailboxLetter(_ input: Operations.GetMailboxLetter.Input) async throws -> Operations.GetMailboxLetter.Output {
        let letter = try await services.presidentMailbox.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(letter.version)), body: .json(try Self.schema(letter))))
    }

    func answerMailboxLetter(_ input: Operations.AnswerMailboxLetter.Input) async throws -> Operations.AnswerMailboxLetter.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let letter = try await services.presidentMailbox.answer(
            id: input.path.id, .init(kind: try Self.wire(body.kind), text: body.text, documentReference: body.documentReference),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(letter.version)), body: .json(try Self.schema(letter))))
    }

    func readMailboxReceipt(_ input: Operations.ReadMailboxReceipt.Input) async throws -> Operations.ReadMailboxReceipt.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let letter = try await services.presidentMailbox.letter(receiptKey: body.receiptKey, try await caller())
        return .ok(.init(body: .json(try Self.schema(letter))))
    }

    func listStaffNeedsCensuses(_ input: Operations.ListStaffNeedsCensuses.Input) async throws -> Operations.ListStaffNeedsCensuses.Output {
        let censuses = try await services.staffNeedsCensuses.list(try await caller())
        return .ok(.init(body: .json(.init(items: censuses.map(Self.schema)))))
    }

    func openStaffNeedsCensus(_ input: Operations.OpenStaffNeedsCensus.Input) async throws -> Operations.OpenStaffNeedsCensus.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let census = try await services.staffNeedsCensuses.open(
            year: body.year, title: body.title, opensOn: try Self.day(body.opensOn, field: "opensOn"),
            closesOn: try Self.day(body.closesOn, field: "closesOn"), try await caller())
        return .created(.init(body: .json(Self.schema(census))))
    }

    func getStaffNeedsCensus(_ input: Operations.GetStaffNeedsCensus.Input) async throws -> Operations.GetStaffNeedsCensus.Output {
        .ok(.init(body: .json(Self.schema(try await services.staffNeedsCensuses.get(id: input.path.id, try await caller())))))
    }

    func getStaffNeedsCensusProgress(
        _ input: Operations.GetStaffNeedsCensusProgress.Input
    ) async throws -> Operations.GetStaffNeedsCensusProgress.Output {
        let progress = try await services.staffNeedsCensuses.progress(id: input.path.id, try await caller())
        return .ok(.init(body: .json(.init(
            censusId: input.path.id, needs: progress.needs, answered: progress.answered,
            byCategory: try progress.byCategory.map { .init(category: try Self.wire($0.category), needs: $0.needs, answered: $0.answered) }))))
    }

    func listStaffNeeds(_ input: Operations.ListStaffNeeds.Input) async throws -> Operations.ListStaffNeeds.Output {
        let query = input.query
        let page = try await services.staffNeedsCensuses.needs(
            censusID: input.path.id, officeID: query.officeId, category: try query.category.map(Self.wire), answered: query.answered,
            try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: try page.items.map(Self.schema), nextCursor: page.nextCursor))))
    }

    func submitStaffNeed(_ input: Operations.SubmitStaffNeed.Input) async throws -> Operations.SubmitStaffNeed.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let need = try await services.staffNeedsCensuses.submit(
            censusID: input.path.id, category: try Self.wire(body.category), content: body.content, officeID: body.officeId, try await caller())
        return .created(.init(body: .json(try Self.schema(need))))
    }

    func answerStaffNeeds(_ input: Operations.AnswerStaffNeeds.Input) async throws -> Operations.AnswerStaffNeeds.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let needs = try await services.staffNeedsCensuses.answer(
            censusID: input.path.id, needIDs: body.needIds,
            .init(kind: try Self.wire(body.kind), text: body.text, documentReference: body.documentReference), try await caller())
        return .ok(.init(body: .json(.init(items: try needs.map(Self.schema)))))
    }

    static func schema(_ letter: MailboxLetter, receiptKey: String? = nil) throws -> Components.Schemas.MailboxLetter {
        .init(
            id: letter.id, anonymous: letter.isAnonymous, submittedBy: letter.submittedBy, category: try wire(letter.category), subject: letter.subject,
            body: letter.body, submittedAt: letter.submittedAt, answer: try letter.answer.map(schema), receiptKey: receiptKey, version: letter.version)
    }

    static func schema(_ census: StaffNeedsCensus) -> Components.Schemas.StaffNeedsCensus {
        .init(
            id: census.id, year: census.year, title: census.title, opensOn: census.opensOn.description, closesOn: census.closesOn.description,
            openedBy: census.openedBy, openedAt: census.openedAt)
    }

    static func schema(_ need: StaffNeed) throws -> Components.Schemas.StaffNeed {
        .init(
            id: need.id, censusId: need.censusID, officeId: need.officeID, submittedBy: need.submittedBy, submittedAt: need.submittedAt,
            category: try wire(need.category), content: need.content, answer: try need.answer.map(schema), version: need.version)
    }

    static func schema(_ answer: LeadershipAnswer) throws -> Components.Schemas.LeadershipAnswer {
        .init(
            kind: try wire(answer.kind), text: answer.text, documentReference: answer.documentReference, answeredBy: answer.answeredBy,
            answeredByName: answer.answeredByName, answeredAt: answer.answeredAt)
    }
}
