import Domain
import Foundation

/// The owner communication meeting's records (MTG-3): invitations, opinions, rectification items
/// and budget lines of a meeting.
public enum OwnerCommunicationRepository {
    private static let invitationColumns: SQLQuery = """
        id, office_id, meeting_id, name, unit, phone, status, reminded_day_before_at, reminded_soon_at, version
        """
    private static let opinionColumns: SQLQuery = """
        id, office_id, meeting_id, area, owner_name, unit, opinion, answer, on_the_spot, answered_at, answered_by, recorded_at
        """
    private static let itemColumns: SQLQuery = """
        id, office_id, meeting_id, opinion_id, problem, location, measure, expected_on, status, result, done_at, version
        """

    public static func insert(_ invitation: OwnerCommunicationMeeting.Invitation, in tx: Transaction) async throws -> OwnerCommunicationMeeting.Invitation {
        try decodeInvitation(try await tx.query("""
            INSERT INTO liaison.meeting_invitation (office_id, meeting_id, name, unit, phone, status)
            VALUES (\(invitation.officeID), \(invitation.meetingID), \(invitation.name), \(invitation.unit), \(invitation.phone),
                    \(invitation.status.rawValue))
            RETURNING \(invitationColumns)
            """).single())
    }

    public static func invitation(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> OwnerCommunicationMeeting.Invitation? {
        try await tx.query("""
            SELECT \(invitationColumns) FROM liaison.meeting_invitation WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeInvitation)
    }

    public static func update(_ invitation: OwnerCommunicationMeeting.Invitation, in tx: Transaction) async throws -> OwnerCommunicationMeeting.Invitation {
        try decodeInvitation(try await tx.query("""
            UPDATE liaison.meeting_invitation SET status = \(invitation.status.rawValue),
                reminded_day_before_at = \(invitation.remindedDayBeforeAt), reminded_soon_at = \(invitation.remindedSoonAt), version = version + 1
            WHERE office_id = \(invitation.officeID) AND id = \(invitation.id) RETURNING \(invitationColumns)
            """).single())
    }

    public static func insert(_ opinion: OwnerCommunicationMeeting.Opinion, in tx: Transaction) async throws -> OwnerCommunicationMeeting.Opinion {
        try decodeOpinion(try await tx.query("""
            INSERT INTO liaison.meeting_opinion (office_id, meeting_id, area, owner_name, unit, opinion, answer, on_the_spot, answered_at,
                                                 answered_by, recorded_at)
            VALUES (\(opinion.officeID), \(opinion.meetingID), \(opinion.area.rawValue), \(opinion.ownerName), \(opinion.unit), \(opinion.opinion),
                    \(opinion.answer), \(opinion.onTheSpot), \(opinion.answeredAt), \(opinion.answeredBy), \(opinion.recordedAt))
            RETURNING \(opinionColumns)
            """).single())
    }

    public static func opinion(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> OwnerCommunicationMeeting.Opinion? {
        try await tx.query("""
            SELECT \(opinionColumns) FROM liaison.meeting_opinion WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeOpinion)
    }

    public static func saveAnswer(_ opinion: OwnerCommunicationMeeting.Opinion, in tx: Transaction) async throws -> OwnerCommunicationMeeting.Opinion {
        try decodeOpinion(try await tx.query("""
            UPDATE liaison.meeting_opinion SET answer = \(opinion.answer), on_the_spot = \(opinion.onTheSpot), answered_at = \(opinion.answeredAt),
                answered_by = \(opinion.answeredBy)
            WHERE office_id = \(opinion.officeID) AND id = \(opinion.id) RETURNING \(opinionColumns)
            """).single())
    }

    public static func insert(
        _ item: OwnerCommunicationMeeting.RectificationItem, in tx: Transaction
    ) async throws -> OwnerCommunicationMeeting.RectificationItem {
        try decodeItem(try await tx.query("""
            INSERT INTO liaison.rectification_item (office_id, meeting_id, opinion_id, problem, location, measure, expected_on)
            VALUES (\(item.officeID), \(item.meetingID), \(item.opinionID), \(item.problem), \(item.location), \(item.measure), \(item.expectedOn))
            RETURNING \(itemColumns)
            """).single())
    }

    public static func rectificationItem(
        id: Int64, forUpdate: Bool = false, in tx: Transaction
    ) async throws -> OwnerCommunicationMeeting.RectificationItem? {
        try await tx.query("""
            SELECT \(itemColumns) FROM liaison.rectification_item WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decodeItem)
    }

    public static func update(
        _ item: OwnerCommunicationMeeting.RectificationItem, in tx: Transaction
    ) async throws -> OwnerCommunicationMeeting.RectificationItem {
        try decodeItem(try await tx.query("""
            UPDATE liaison.rectification_item SET status = \(item.isDone ? "done" : "open"), result = \(item.result), done_at = \(item.doneAt),
                version = version + 1
            WHERE office_id = \(item.officeID) AND id = \(item.id) RETURNING \(itemColumns)
            """).single())
    }

    /// Replaces the meeting's budget with `items` (positions 1…n); the database computes each total.
    public static func replaceBudget(of meeting: Meeting, officeID: Int64, with items: [OwnerCommunicationMeeting.BudgetItem], in tx: Transaction) async throws {
        try await tx.execute("DELETE FROM liaison.meeting_budget_item WHERE meeting_id = \(meeting.id)")
        for (index, item) in items.enumerated() {
            try await tx.execute("""
                INSERT INTO liaison.meeting_budget_item (office_id, meeting_id, position, item, quantity, unit_price)
                VALUES (\(officeID), \(meeting.id), \(index + 1), \(item.item), \(item.quantity), \(item.unitPrice))
                """)
        }
    }

    /// Everything recorded for a meeting, and the budget's lines with the totals the database computed.
    public static func records(of meeting: Meeting, in tx: Transaction) async throws -> (
        invitations: [OwnerCommunicationMeeting.Invitation], opinions: [OwnerCommunicationMeeting.Opinion],
        items: [OwnerCommunicationMeeting.RectificationItem], budget: [(item: OwnerCommunicationMeeting.BudgetItem, total: Decimal)]
    ) {
        let invitations = try await tx.query("""
            SELECT \(invitationColumns) FROM liaison.meeting_invitation WHERE meeting_id = \(meeting.id) ORDER BY id
            """).map(decodeInvitation)
        let opinions = try await tx.query("""
            SELECT \(opinionColumns) FROM liaison.meeting_opinion WHERE meeting_id = \(meeting.id) ORDER BY id
            """).map(decodeOpinion)
        let items = try await tx.query("""
            SELECT \(itemColumns) FROM liaison.rectification_item WHERE meeting_id = \(meeting.id) ORDER BY id
            """).map(decodeItem)
        let budget = try await tx.query("""
            SELECT item, quantity, unit_price, total FROM liaison.meeting_budget_item WHERE meeting_id = \(meeting.id) ORDER BY position
            """).map { row in
            (OwnerCommunicationMeeting.BudgetItem(item: try row.decode("item"), quantity: try row.decode("quantity"), unitPrice: try row.decode("unit_price")),
             try row.decode("total", as: Decimal.self))
        }
        return (invitations, opinions, items, budget)
    }

    static func decodeInvitation(_ row: PostgresRow) throws -> OwnerCommunicationMeeting.Invitation {
        OwnerCommunicationMeeting.Invitation(
            id: try row.decode("id"), officeID: try row.decode("office_id"), meetingID: try row.decode("meeting_id"), name: try row.decode("name"),
            unit: try row.decode("unit"), phone: try row.decode("phone"), status: try TicketRepository.value(row.decode("status"), column: "status"),
            remindedDayBeforeAt: try row.decode("reminded_day_before_at"), remindedSoonAt: try row.decode("reminded_soon_at"),
            version: try row.decode("version"))
    }

    static func decodeOpinion(_ row: PostgresRow) throws -> OwnerCommunicationMeeting.Opinion {
        OwnerCommunicationMeeting.Opinion(
            id: try row.decode("id"), officeID: try row.decode("office_id"), meetingID: try row.decode("meeting_id"),
            area: try TicketRepository.value(row.decode("area"), column: "area"), ownerName: try row.decode("owner_name"),
            unit: try row.decode("unit"), opinion: try row.decode("opinion"), answer: try row.decode("answer"),
            onTheSpot: try row.decode("on_the_spot"), answeredAt: try row.decode("answered_at"), answeredBy: try row.decode("answered_by"),
            recordedAt: try row.decode("recorded_at"))
    }

    static func decodeItem(_ row: PostgresRow) throws -> OwnerCommunicationMeeting.RectificationItem {
        let status: String = try row.decode("status")
        return OwnerCommunicationMeeting.RectificationItem(
            id: try row.decode("id"), officeID: try row.decode("office_id"), meetingID: try row.decode("meeting_id"),
            opinionID: try row.decode("opinion_id"), problem: try row.decode("problem"), location: try row.decode("location"),
            measure: try row.decode("measure"), expectedOn: try row.decode("expected_on"), isDone: status == "done",
            result: try row.decode("result"), doneAt: try row.decode("done_at"), version: try row.decode("version"))
    }
}
