import APIContract
import Domain
import Foundation
import Services

// The owner communication meeting's records (MTG-3).
extension APIHandler {
    func getOwnerCommunicationRecords(
        _ input: Operations.GetOwnerCommunicationRecords.Input
    ) async throws -> Operations.GetOwnerCommunicationRecords.Output {
        .ok(.init(body: .json(try Self.schema(try await services.ownerCommunication.records(meetingID: input.path.id, try await caller())))))
    }

    func inviteToMeeting(_ input: Operations.InviteToMeeting.Input) async throws -> Operations.InviteToMeeting.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.ownerCommunication.invite(
            meetingID: input.path.id, name: body.name, unit: body.unit, phone: body.phone ?? "",
            status: try body.status.map { try Self.wire($0) } ?? .pending, try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.invitation.version)), body: .json(try Self.schema(view))))
    }

    func updateMeetingInvitation(_ input: Operations.UpdateMeetingInvitation.Input) async throws -> Operations.UpdateMeetingInvitation.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.ownerCommunication.updateInvitation(
            id: input.path.id, status: try Self.wire(body.status), remindedDayBefore: body.remindedDayBefore ?? false,
            remindedSoon: body.remindedSoon ?? false, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.invitation.version)), body: .json(try Self.schema(view))))
    }

    func recordMeetingOpinion(_ input: Operations.RecordMeetingOpinion.Input) async throws -> Operations.RecordMeetingOpinion.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let opinion = try await services.ownerCommunication.recordOpinion(
            meetingID: input.path.id, area: try Self.wire(body.area), ownerName: body.ownerName ?? "", unit: body.unit, opinion: body.opinion,
            answer: body.answer, try await caller())
        return .created(.init(body: .json(try Self.schema(opinion))))
    }

    func answerMeetingOpinion(_ input: Operations.AnswerMeetingOpinion.Input) async throws -> Operations.AnswerMeetingOpinion.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let opinion = try await services.ownerCommunication.answerOpinion(id: input.path.id, answer: body.answer, try await caller())
        return .ok(.init(body: .json(try Self.schema(opinion))))
    }

    func addRectificationItem(_ input: Operations.AddRectificationItem.Input) async throws -> Operations.AddRectificationItem.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.ownerCommunication.addRectificationItem(
            meetingID: input.path.id, problem: body.problem, location: body.location, measure: body.measure,
            expectedOn: try Self.day(body.expectedOn, field: "expectedOn"), opinionID: body.opinionId, try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.item.version)), body: .json(Self.schema(view))))
    }

    func completeRectificationItem(
        _ input: Operations.CompleteRectificationItem.Input
    ) async throws -> Operations.CompleteRectificationItem.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.ownerCommunication.completeRectificationItem(
            id: input.path.id, result: body.result, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.item.version)), body: .json(Self.schema(view))))
    }

    func setMeetingBudget(_ input: Operations.SetMeetingBudget.Input) async throws -> Operations.SetMeetingBudget.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let items = try body.items.enumerated().map { index, line in
            OwnerCommunicationMeeting.BudgetItem(
                item: line.item, quantity: try Self.decimal(line.quantity, field: "items/\(index)/quantity") ?? 0,
                unitPrice: try Self.decimal(line.unitPrice, field: "items/\(index)/unitPrice") ?? 0)
        }
        let view = try await services.ownerCommunication.setBudget(meetingID: input.path.id, items: items, try await caller())
        return .ok(.init(body: .json(try Self.schema(view))))
    }

    static func schema(_ view: OwnerCommunicationService.View) throws -> Components.Schemas.OwnerCommunicationRecords {
        .init(
            meetingId: view.meetingID, invitations: try view.invitations.map(schema), opinions: try view.opinions.map(schema),
            rectificationItems: view.rectificationItems.map(schema),
            budget: view.budget.map {
                .init(item: $0.item.item, quantity: "\($0.item.quantity)", unitPrice: yuan($0.item.unitPrice), total: yuan($0.total))
            },
            budgetTotal: yuan(view.budgetTotal))
    }

    static func schema(_ view: OwnerCommunicationService.InvitationView) throws -> Components.Schemas.MeetingInvitation {
        let invitation = view.invitation
        return .init(
            id: invitation.id, meetingId: invitation.meetingID, name: invitation.name, unit: invitation.unit, phone: invitation.phone,
            status: try wire(invitation.status), remindedDayBeforeAt: invitation.remindedDayBeforeAt, remindedSoonAt: invitation.remindedSoonAt,
            dayBeforeReminderDue: view.dayBeforeReminderDue, soonReminderDue: view.soonReminderDue, version: invitation.version)
    }

    static func schema(_ opinion: OwnerCommunicationMeeting.Opinion) throws -> Components.Schemas.MeetingOpinion {
        .init(
            id: opinion.id, meetingId: opinion.meetingID, area: try wire(opinion.area), ownerName: opinion.ownerName, unit: opinion.unit,
            opinion: opinion.opinion, answer: opinion.answer, onTheSpot: opinion.onTheSpot, answeredAt: opinion.answeredAt,
            answeredBy: opinion.answeredBy, recordedAt: opinion.recordedAt)
    }

    static func schema(_ view: OwnerCommunicationService.ItemView) -> Components.Schemas.RectificationItem {
        let item = view.item
        return .init(
            id: item.id, meetingId: item.meetingID, opinionId: item.opinionID, problem: item.problem, location: item.location,
            measure: item.measure, expectedOn: item.expectedOn.description, status: item.isDone ? .done : .open, result: item.result,
            doneAt: item.doneAt, overdue: view.overdue, version: item.version)
    }
}
