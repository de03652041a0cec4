import Domain
import Foundation

/// Follow-up visits after a survey (`liaison.survey_follow_up`, SRV-3).
public enum SurveyFollowUpRepository {
    private static let columns: SQLQuery = """
        f.id, f.campaign_id, f.office_id, f.respondent_id, e.name || ' ' || b.name || ' · ' || u.number AS unit_label, f.mode, f.opinion,
        f.low_score, f.key_customer, f.due_on, f.status, f.note, f.done_by, f.done_at, f.version
        """
    private static let joins: SQLQuery = """
        JOIN liaison.survey_respondent r ON r.id = f.respondent_id
        JOIN liaison.unit u ON u.office_id = r.office_id AND u.id = r.unit_id
        JOIN liaison.building b ON b.office_id = u.office_id AND b.id = u.building_id
        JOIN liaison.estate e ON e.office_id = b.office_id AND e.id = b.estate_id
        """

    /// Makes the campaign's follow-ups, due on `dueOn`: every unit that answered a text question (an opinion) or gave a
    /// score at or below `lowScoreAtMost`, and every unit asked with a key customer among its occupants (in person).
    /// Returns how many.
    @discardableResult
    public static func create(campaignID: Int64, dueOn: LocalDate, lowScoreAtMost: Int, in tx: Transaction) async throws -> Int {
        try await tx.execute("""
            INSERT INTO liaison.survey_follow_up (campaign_id, office_id, respondent_id, mode, opinion, low_score, key_customer, due_on)
            SELECT \(campaignID), office_id, id, CASE WHEN key_customer THEN 'in_person' ELSE 'visit' END, opinion, low_score, key_customer, \(dueOn)
            FROM (
                SELECT r.id, r.office_id,
                       EXISTS (SELECT 1 FROM liaison.survey_answer a WHERE a.respondent_id = r.id AND a.text IS NOT NULL) AS opinion,
                       EXISTS (SELECT 1 FROM liaison.survey_answer a WHERE a.respondent_id = r.id AND a.score <= \(lowScoreAtMost)) AS low_score,
                       EXISTS (SELECT 1 FROM liaison.unit_occupant uo JOIN liaison.owner o ON o.office_id = uo.office_id AND o.id = uo.owner_id
                               WHERE uo.office_id = r.office_id AND uo.unit_id = r.unit_id AND o.key_customer AND o.archived_at IS NULL) AS key_customer
                FROM liaison.survey_respondent r WHERE r.campaign_id = \(campaignID)
            ) d
            WHERE opinion OR low_score OR key_customer
            ORDER BY id
            """)
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> SurveyFollowUp? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.survey_follow_up f \(joins) WHERE f.id = \(id) \(unescaped: forUpdate ? "FOR UPDATE OF f" : "")
            """).first.map(decode)
    }

    public static func update(_ followUp: SurveyFollowUp, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.survey_follow_up SET status = \(followUp.status.rawValue), note = \(followUp.note), done_by = \(followUp.doneBy),
                done_at = \(followUp.doneAt), version = version + 1
            WHERE id = \(followUp.id)
            """)
    }

    /// Up to `limit + 1` follow-ups of a campaign after `afterID` in id order.
    public static func list(
        campaignID: Int64, officeID: Int64?, status: SurveyFollowUp.Status?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [SurveyFollowUp] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.survey_follow_up f \(joins)
            WHERE f.campaign_id = \(campaignID) AND f.id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR f.office_id = \(officeID))
              AND (\(status?.rawValue)::text IS NULL OR f.status = \(status?.rawValue))
            ORDER BY f.id LIMIT \(limit + 1)
            """).map(decode)
    }

    static func decode(_ row: PostgresRow) throws -> SurveyFollowUp {
        SurveyFollowUp(
            id: try row.decode("id"), campaignID: try row.decode("campaign_id"), officeID: try row.decode("office_id"),
            respondentID: try row.decode("respondent_id"), unitLabel: try row.decode("unit_label"),
            mode: try TicketRepository.value(try row.decode("mode"), column: "mode"), opinion: try row.decode("opinion"),
            lowScore: try row.decode("low_score"), keyCustomer: try row.decode("key_customer"), dueOn: try row.decode("due_on"),
            status: try TicketRepository.value(try row.decode("status"), column: "status"), note: try row.decode("note"),
            doneBy: try row.decode("done_by"), doneAt: try row.decode("done_at"), version: try row.decode("version"))
    }
}
