import Domain
import Foundation
import Persistence

/// The owner communication meeting's records (MTG-3): invitations with their reminder calls,
/// opinions by area with answers on the spot or later, the rectification plan tracked item by item
/// to done, and the budget, whose totals PostgreSQL computes exactly in numeric. Only a meeting of
/// the `owner_communication` type has them; the meeting's organizers keep them.
public struct OwnerCommunicationService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct InvitationView: Sendable {
        public let invitation: OwnerCommunicationMeeting.Invitation
        public let dayBeforeReminderDue: Bool
        public let soonReminderDue: Bool
    }

    public struct ItemView: Sendable {
        public let item: OwnerCommunicationMeeting.RectificationItem
        public let overdue: Bool
    }

    public struct BudgetLine: Sendable {
        public let item: OwnerCommunicationMeeting.BudgetItem
        /// As PostgreSQL computed it: round(quantity × unit price, 2).
        public let total: Decimal
    }

    /// Everything recorded for the meeting.
    public struct View: Sendable {
        public let meetingID: Int64
        public let invitations: [InvitationView]
        public let opinions: [OwnerCommunicationMeeting.Opinion]
        public let rectificationItems: [ItemView]
        public let budget: [BudgetLine]
        public let budgetTotal: Decimal
    }

    static let maximumBudgetLines = 100
    static let maximumAmount: Decimal = 99_999_999.99

    public func records(meetingID: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readMeetings, readOnly: true) { work in
            try await Self.view(try await Self.ownerMeeting(meetingID, work: work).0, work: work)
        }
    }

    public func invite(
        meetingID: Int64, name: String, unit: String?, phone: String, status: OwnerCommunicationMeeting.Invitation.Status, _ caller: Caller
    ) async throws -> InvitationView {
        try await runner.perform(caller, .manageMeetings) { work in
            let (meeting, officeID) = try await Self.ownerMeeting(meetingID, work: work)
            var issues: [FieldIssue] = []
            let person = InputRules.required(name, field: "name", limit: 100, issues: &issues)
            let room = InputRules.optional(unit, field: "unit", limit: 50, issues: &issues)
            if let issue = ContactRules.phoneIssue(phone, field: "phone") { issues.append(issue) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let invitation = try await OwnerCommunicationRepository.insert(
                .init(id: 0, officeID: officeID, meetingID: meeting.id, name: person, unit: room, phone: phone, status: status), in: work.tx)
            try await work.audit(.created(invitation))
            return try await Self.view(invitation, meeting: meeting, work: work)
        }
    }

    /// Records the invitee's answer and the reminder calls made now (each counts once).
    public func updateInvitation(
        id: Int64, status: OwnerCommunicationMeeting.Invitation.Status, remindedDayBefore: Bool, remindedSoon: Bool, expectedVersion: Int?,
        _ caller: Caller
    ) async throws -> InvitationView {
        try await runner.perform(caller, .manageMeetings) { work in
            guard let before = try await OwnerCommunicationRepository.invitation(id: id, forUpdate: true, in: work.tx),
                  work.covers(office: before.officeID)
            else { throw ServiceError.notFound("no invitation with id \(id)") }
            try work.check(version: before.version, expected: expectedVersion)
            let meeting = try await MeetingService.meeting(before.meetingID, work: work)
            var after = before
            after.status = status
            if remindedDayBefore, after.remindedDayBeforeAt == nil { after.remindedDayBeforeAt = work.now }
            if remindedSoon, after.remindedSoonAt == nil { after.remindedSoonAt = work.now }
            after = try await OwnerCommunicationRepository.update(after, in: work.tx)
            try await work.audit(.changed("update", from: before, to: after))
            return try await Self.view(after, meeting: meeting, work: work)
        }
    }

    /// Records an owner's opinion; with `answer` it was answered on the spot.
    public func recordOpinion(
        meetingID: Int64, area: OwnerCommunicationMeeting.Area, ownerName: String, unit: String?, opinion: String, answer: String?,
        _ caller: Caller
    ) async throws -> OwnerCommunicationMeeting.Opinion {
        try await runner.perform(caller, .manageMeetings) { work in
            let (meeting, officeID) = try await Self.ownerMeeting(meetingID, work: work)
            guard work.now >= meeting.scheduledAt else { throw ServiceError.invalidState("the meeting has not begun") }
            var issues: [FieldIssue] = []
            let owner = InputRules.optional(ownerName, field: "ownerName", limit: 100, issues: &issues) ?? ""
            let room = InputRules.optional(unit, field: "unit", limit: 50, issues: &issues)
            let text = InputRules.required(opinion, field: "opinion", limit: 4000, issues: &issues)
            let reply = InputRules.optional(answer, field: "answer", limit: 4000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let recorded = try await OwnerCommunicationRepository.insert(
                .init(
                    id: 0, officeID: officeID, meetingID: meeting.id, area: area, ownerName: owner, unit: room, opinion: text, answer: reply,
                    onTheSpot: reply.map { _ in true }, answeredAt: reply.map { _ in work.now }, answeredBy: reply.map { _ in caller.actor.userID },
                    recordedAt: work.now),
                in: work.tx)
            try await work.audit(.created(recorded))
            return recorded
        }
    }

    /// Answers an opinion after the meeting (not on the spot); once.
    public func answerOpinion(id: Int64, answer: String, _ caller: Caller) async throws -> OwnerCommunicationMeeting.Opinion {
        try await runner.perform(caller, .manageMeetings) { work in
            guard let before = try await OwnerCommunicationRepository.opinion(id: id, forUpdate: true, in: work.tx), work.covers(office: before.officeID)
            else { throw ServiceError.notFound("no opinion with id \(id)") }
            guard before.answer == nil else { throw ServiceError.invalidState("the opinion is already answered") }
            var issues: [FieldIssue] = []
            let reply = InputRules.required(answer, field: "answer", limit: 4000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.answer = reply
            after.onTheSpot = false
            after.answeredAt = work.now
            after.answeredBy = caller.actor.userID
            after = try await OwnerCommunicationRepository.saveAnswer(after, in: work.tx)
            try await work.audit(.changed("answer", from: before, to: after))
            return after
        }
    }

    /// Adds an item to the rectification plan, expected to be done on or after the meeting's day.
    public func addRectificationItem(
        meetingID: Int64, problem: String, location: String, measure: String, expectedOn: LocalDate, opinionID: Int64?, _ caller: Caller
    ) async throws -> ItemView {
        try await runner.perform(caller, .manageMeetings) { work in
            let (meeting, officeID) = try await Self.ownerMeeting(meetingID, work: work)
            let zone = try await work.companyTimeZone()
            var issues: [FieldIssue] = []
            let problemText = InputRules.required(problem, field: "problem", limit: 2000, issues: &issues)
            let place = InputRules.required(location, field: "location", limit: 200, issues: &issues)
            let measureText = InputRules.required(measure, field: "measure", limit: 2000, issues: &issues)
            if expectedOn < LocalDate(meeting.scheduledAt, in: zone) { issues.append(FieldIssue("expectedOn", "is before the meeting")) }
            if let opinionID {
                let opinion = try await OwnerCommunicationRepository.opinion(id: opinionID, in: work.tx)
                if opinion?.meetingID != meeting.id { issues.append(FieldIssue("opinionId", "no opinion of this meeting has this id")) }
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let item = try await OwnerCommunicationRepository.insert(
                .init(
                    id: 0, officeID: officeID, meetingID: meeting.id, opinionID: opinionID, problem: problemText, location: place,
                    measure: measureText, expectedOn: expectedOn),
                in: work.tx)
            try await work.audit(.created(item))
            return ItemView(item: item, overdue: item.isOverdue(on: LocalDate(work.now, in: zone)))
        }
    }

    /// Marks a rectification item done with what was done; done is final.
    public func completeRectificationItem(id: Int64, result: String, expectedVersion: Int?, _ caller: Caller) async throws -> ItemView {
        try await runner.perform(caller, .manageMeetings) { work in
            guard let before = try await OwnerCommunicationRepository.rectificationItem(id: id, forUpdate: true, in: work.tx),
                  work.covers(office: before.officeID)
            else { throw ServiceError.notFound("no rectification item with id \(id)") }
            try work.check(version: before.version, expected: expectedVersion)
            guard !before.isDone else { throw ServiceError.invalidState("the item is done") }
            var issues: [FieldIssue] = []
            let text = InputRules.required(result, field: "result", limit: 2000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var after = before
            after.isDone = true
            after.result = text
            after.doneAt = work.now
            after = try await OwnerCommunicationRepository.update(after, in: work.tx)
            try await work.audit(.changed("complete", from: before, to: after))
            return ItemView(item: after, overdue: false)
        }
    }

    /// Replaces the meeting's budget: up to 100 lines, quantities above 0 and amounts in fen.
    public func setBudget(meetingID: Int64, items: [OwnerCommunicationMeeting.BudgetItem], _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .manageMeetings) { work in
            let (meeting, officeID) = try await Self.ownerMeeting(meetingID, work: work, forUpdate: true)
            var issues: [FieldIssue] = []
            if items.count > Self.maximumBudgetLines { issues.append(FieldIssue("items", "at most \(Self.maximumBudgetLines) lines")) }
            var lines: [OwnerCommunicationMeeting.BudgetItem] = []
            for (index, line) in items.enumerated() {
                let name = InputRules.required(line.item, field: "items/\(index)/item", limit: 200, issues: &issues)
                if line.quantity <= 0 || line.quantity > Self.maximumAmount || TicketPlan.yuan(line.quantity) != line.quantity {
                    issues.append(FieldIssue("items/\(index)/quantity", "must be above 0 with at most 2 decimals"))
                }
                if line.unitPrice < 0 || line.unitPrice > Self.maximumAmount || TicketPlan.yuan(line.unitPrice) != line.unitPrice {
                    issues.append(FieldIssue("items/\(index)/unitPrice", "must be 0-99999999.99 yuan with at most 2 decimals"))
                }
                lines.append(.init(item: name, quantity: line.quantity, unitPrice: line.unitPrice))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let before = try await OwnerCommunicationRepository.records(of: meeting, in: work.tx).budget
            try await OwnerCommunicationRepository.replaceBudget(of: meeting, officeID: officeID, with: lines, in: work.tx)
            func text(_ budget: [(item: OwnerCommunicationMeeting.BudgetItem, total: Decimal)]) -> String {
                budget.map { "\($0.item.item) \($0.item.quantity) × \($0.item.unitPrice)" }.joined(separator: "; ")
            }
            let view = try await Self.view(meeting, work: work)
            try await work.audit(AuditEntry(
                action: "meeting.budget", entityType: meeting.auditEntityType, entityID: meeting.auditEntityID, officeID: officeID,
                changes: AuditEntry.changes(
                    from: ["budget": text(before)], to: ["budget": text(view.budget.map { ($0.item, $0.total) }), "budget_total": "\(view.budgetTotal)"])))
            return view
        }
    }

    /// The meeting, which must be an office's owner communication meeting (409 otherwise), and its office.
    static func ownerMeeting(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> (Meeting, Int64) {
        let meeting = try await MeetingService.meeting(id, work: work, forUpdate: forUpdate)
        guard meeting.typeCode == OwnerCommunicationMeeting.typeCode, let officeID = meeting.officeID else {
            throw ServiceError.invalidState("invitations, opinions, the rectification plan and the budget belong to an owner communication meeting (MTG-3)")
        }
        return (meeting, officeID)
    }

    static func view(_ invitation: OwnerCommunicationMeeting.Invitation, meeting: Meeting, work: ServiceWork) async throws -> InvitationView {
        let due = invitation.remindersDue(meetingAt: meeting.scheduledAt, now: work.now, zone: try await work.companyTimeZone())
        return InvitationView(invitation: invitation, dayBeforeReminderDue: due.dayBefore, soonReminderDue: due.soon)
    }

    static func view(_ meeting: Meeting, work: ServiceWork) async throws -> View {
        let zone = try await work.companyTimeZone()
        let today = LocalDate(work.now, in: zone)
        let records = try await OwnerCommunicationRepository.records(of: meeting, in: work.tx)
        let budget = records.budget.map { BudgetLine(item: $0.item, total: $0.total) }
        return View(
            meetingID: meeting.id,
            invitations: records.invitations.map { invitation in
                let due = invitation.remindersDue(meetingAt: meeting.scheduledAt, now: work.now, zone: zone)
                return InvitationView(invitation: invitation, dayBeforeReminderDue: due.dayBefore, soonReminderDue: due.soon)
            },
            opinions: records.opinions,
            rectificationItems: records.items.map { ItemView(item: $0, overdue: $0.isOverdue(on: today)) },
            budget: budget, budgetTotal: budget.reduce(Decimal(0)) { $0 + $1.total })
    }
}
