import Domain
import Foundation

/// Survey campaigns and the units they draw (`liaison.survey_campaign`, `survey_respondent`, SRV-3).
public enum SurveyCampaignRepository {
    private static let columns: SQLQuery = """
        id, office_id, name, variant, template_id, template_version, opens_on, closes_on, sample_permille, key_share_permille, target_permille,
        seed, complaint_year, status, outcome, closed_by, closed_at, analysis_due_on, analysis, common_issues, analysis_by, analysis_at,
        created_by, created_at, version
        """

    public static func insert(_ campaign: SurveyCampaign, in tx: Transaction) async throws -> SurveyCampaign {
        try decode(try await tx.query("""
            INSERT INTO liaison.survey_campaign (office_id, name, variant, template_id, template_version, opens_on, closes_on, sample_permille,
                                                 key_share_permille, target_permille, seed, complaint_year, created_by, created_at)
            VALUES (\(campaign.officeID), \(campaign.name), \(campaign.variant.rawValue), \(campaign.templateID), \(campaign.templateVersion),
                    \(campaign.opensOn), \(campaign.closesOn), \(campaign.samplePermille), \(campaign.keySharePermille), \(campaign.targetPermille),
                    \(campaign.seed), \(campaign.complaintYear), \(campaign.createdBy), \(campaign.createdAt))
            RETURNING \(columns)
            """).single())
    }

    /// Saves the closing and the analysis and bumps the version.
    public static func update(_ campaign: SurveyCampaign, in tx: Transaction) async throws -> SurveyCampaign {
        try decode(try await tx.query("""
            UPDATE liaison.survey_campaign SET status = \(campaign.status.rawValue), outcome = \(campaign.outcome?.rawValue),
                closed_by = \(campaign.closedBy), closed_at = \(campaign.closedAt), analysis_due_on = \(campaign.analysisDueOn),
                analysis = \(campaign.analysis), common_issues = \(campaign.commonIssues), analysis_by = \(campaign.analysisBy),
                analysis_at = \(campaign.analysisAt), version = version + 1
            WHERE id = \(campaign.id) RETURNING \(columns)
            """).single())
    }

    public static func find(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> SurveyCampaign? {
        try await tx.query("""
            SELECT \(columns) FROM liaison.survey_campaign WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """).first.map(decode)
    }

    /// Holds the campaign against closing while a form is recorded: shared locks let forms of one campaign go
    /// in side by side, while closing (FOR UPDATE) waits for them and they wait for it.
    public static func holdOpen(id: Int64, in tx: Transaction) async throws {
        try await tx.execute("SELECT 1 FROM liaison.survey_campaign WHERE id = \(id) FOR SHARE")
    }

    /// Up to `limit + 1` campaigns after `afterID` in id order; `officeID` keeps that office's and the company's.
    public static func list(officeID: Int64?, status: SurveyCampaign.Status?, afterID: Int64?, limit: Int, in tx: Transaction) async throws -> [SurveyCampaign] {
        try await tx.query("""
            SELECT \(columns) FROM liaison.survey_campaign
            WHERE id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR office_id = \(officeID) OR office_id IS NULL)
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY id LIMIT \(limit + 1)
            """).map(decode)
    }

    /// The customers a campaign may ask: active units with at least one occupant, of `officeID` or (nil) of every
    /// active office, each with its complaints (tickets of category complaint, not cancelled) received in
    /// `complaintYear` in `timeZone`.
    public static func candidates(
        officeID: Int64?, complaintYear: Int, timeZone: String, in tx: Transaction
    ) async throws -> [SurveySampler.Candidate] {
        try await tx.query("""
            SELECT u.office_id, u.id,
                   (SELECT count(*) FROM liaison.ticket t
                    WHERE t.office_id = u.office_id AND t.unit_id = u.id AND t.category = 'complaint' AND t.state <> 'cancelled'
                      AND extract(year FROM t.received_at AT TIME ZONE \(timeZone)) = \(complaintYear)) AS complaints
            FROM liaison.unit u
            JOIN liaison.office o ON o.id = u.office_id AND o.archived_at IS NULL
            WHERE (\(officeID)::bigint IS NULL OR u.office_id = \(officeID)) AND u.archived_at IS NULL
              AND EXISTS (SELECT 1 FROM liaison.unit_occupant uo WHERE uo.office_id = u.office_id AND uo.unit_id = u.id)
            """).map { row in
            SurveySampler.Candidate(unitID: try row.decode("id"), officeID: try row.decode("office_id"), complaints: try row.decode("complaints"))
        }
    }

    public static func insertRespondents(campaignID: Int64, picks: [SurveySampler.Pick], in tx: Transaction) async throws {
        guard !picks.isEmpty else { return }
        try await tx.execute("""
            INSERT INTO liaison.survey_respondent (campaign_id, office_id, unit_id, reason, complaints, draw_position)
            SELECT \(campaignID), o, u, r, c, p
            FROM unnest(\(picks.map(\.officeID))::bigint[], \(picks.map(\.unitID))::bigint[], \(picks.map(\.reason.rawValue))::text[],
                        \(picks.map(\.complaints))::integer[], \(picks.map(\.drawPosition))::integer[]) AS d(o, u, r, c, p)
            """)
    }

    /// How far each campaign has come, over the rows the caller sees.
    public static func counts(campaignIDs: [Int64], in tx: Transaction) async throws -> [Int64: SurveyCampaignProgress] {
        var counts: [Int64: SurveyCampaignProgress] = [:]
        for row in try await tx.query("""
            SELECT c.id,
                   (SELECT count(*) FROM liaison.survey_respondent r WHERE r.campaign_id = c.id) AS respondents,
                   (SELECT count(*) FROM liaison.survey_respondent r WHERE r.campaign_id = c.id AND r.responded_at IS NOT NULL) AS responses,
                   (SELECT count(*) FROM liaison.survey_follow_up f WHERE f.campaign_id = c.id AND f.status = 'open') AS follow_ups_open,
                   (SELECT count(*) FROM liaison.survey_follow_up f WHERE f.campaign_id = c.id AND f.status = 'done') AS follow_ups_done,
                   (SELECT count(*) FROM liaison.customer_notice n WHERE n.survey_campaign_id = c.id AND n.status = 'published') AS answer_notices
            FROM unnest(\(campaignIDs)::bigint[]) AS c(id)
            """) {
            var count = SurveyCampaignProgress()
            count.respondents = try row.decode("respondents")
            count.responses = try row.decode("responses")
            count.followUpsOpen = try row.decode("follow_ups_open")
            count.followUpsDone = try row.decode("follow_ups_done")
            count.answerNotices = try row.decode("answer_notices")
            counts[try row.decode("id")] = count
        }
        return counts
    }

    private static let respondentColumns: SQLQuery = """
        r.id, r.campaign_id, r.office_id, r.unit_id, e.name || ' ' || b.name || ' · ' || u.number AS unit_label, r.reason, r.complaints,
        r.draw_position, l.issued_at AS link_issued_at, r.responded_at, r.channel, r.entered_by
        """
    private static let respondentJoins: SQLQuery = """
        JOIN liaison.unit u ON u.office_id = r.office_id AND u.id = r.unit_id
        JOIN liaison.building b ON b.office_id = u.office_id AND b.id = u.building_id
        JOIN liaison.estate e ON e.office_id = b.office_id AND e.id = b.estate_id
        LEFT JOIN liaison.survey_link l ON l.respondent_id = r.id
        """

    /// Up to `limit + 1` respondents of a campaign after `afterID` in id order.
    public static func respondents(
        campaignID: Int64, officeID: Int64?, responded: Bool?, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [SurveyRespondent] {
        try await tx.query("""
            SELECT \(respondentColumns) FROM liaison.survey_respondent r \(respondentJoins)
            WHERE r.campaign_id = \(campaignID) AND r.id > \(afterID ?? 0) AND (\(officeID)::bigint IS NULL OR r.office_id = \(officeID))
              AND (\(responded)::boolean IS NULL OR (r.responded_at IS NOT NULL) = \(responded))
            ORDER BY r.id LIMIT \(limit + 1)
            """).map(decodeRespondent)
    }

    public static func respondent(id: Int64, forUpdate: Bool = false, in tx: Transaction) async throws -> SurveyRespondent? {
        try await tx.query("""
            SELECT \(respondentColumns) FROM liaison.survey_respondent r \(respondentJoins) WHERE r.id = \(id)
            \(unescaped: forUpdate ? "FOR UPDATE OF r" : "")
            """).first.map(decodeRespondent)
    }

    /// The respondent and office a one-time link's digest opens, if any (`survey_link` is not row-secured).
    public static func resolveLink(digest: Data, in tx: Transaction) async throws -> (respondentID: Int64, officeID: Int64)? {
        try await tx.query("""
            SELECT respondent_id, office_id FROM liaison.survey_link WHERE key_digest = \(digest)
            """).first.map { (try $0.decode("respondent_id"), try $0.decode("office_id")) }
    }

    /// Issues a respondent's link key, replacing an earlier one.
    public static func setLink(_ respondent: SurveyRespondent, digest: Data, by userID: Int64, at now: Date, in tx: Transaction) async throws {
        try await tx.execute("""
            INSERT INTO liaison.survey_link (respondent_id, office_id, key_digest, issued_by, issued_at)
            VALUES (\(respondent.id), \(respondent.officeID), \(digest), \(userID), \(now))
            ON CONFLICT (respondent_id) DO UPDATE SET key_digest = EXCLUDED.key_digest, issued_by = EXCLUDED.issued_by, issued_at = EXCLUDED.issued_at
            """)
    }

    /// Records a respondent's form and its answers; the link, if any, is spent with it.
    public static func recordResponse(
        _ respondent: SurveyRespondent, channel: SurveyRespondent.Channel, enteredBy: Int64?, answers: [SurveyAnswer], at now: Date, in tx: Transaction
    ) async throws {
        try await tx.execute("""
            UPDATE liaison.survey_respondent SET responded_at = \(now), channel = \(channel.rawValue), entered_by = \(enteredBy)
            WHERE id = \(respondent.id) AND responded_at IS NULL
            """)
        try await tx.execute("""
            INSERT INTO liaison.survey_answer (respondent_id, office_id, position, score, text)
            SELECT \(respondent.id), \(respondent.officeID), p, nullif(s, 0)::smallint, nullif(t, '')
            FROM unnest(\(answers.map(\.position))::integer[], \(answers.map { $0.score?.rawValue ?? 0 })::integer[],
                        \(answers.map { $0.text ?? "" })::text[]) AS a(p, s, t)
            """)
    }

    public static func answers(respondentID: Int64, in tx: Transaction) async throws -> [SurveyAnswer] {
        try await tx.query("""
            SELECT position, score, text FROM liaison.survey_answer WHERE respondent_id = \(respondentID) ORDER BY position
            """).map { row in
            let score: Int? = try row.decode("score")
            return SurveyAnswer(position: try row.decode("position"), score: score.flatMap(SatisfactionScale.init(rawValue:)), text: try row.decode("text"))
        }
    }

    static func decode(_ row: PostgresRow) throws -> SurveyCampaign {
        SurveyCampaign(
            id: try row.decode("id"), officeID: try row.decode("office_id"), name: try row.decode("name"),
            variant: try TicketRepository.value(try row.decode("variant"), column: "variant"), templateID: try row.decode("template_id"),
            templateVersion: try row.decode("template_version"), opensOn: try row.decode("opens_on"), closesOn: try row.decode("closes_on"),
            samplePermille: try row.decode("sample_permille"), keySharePermille: try row.decode("key_share_permille"),
            targetPermille: try row.decode("target_permille"), seed: try row.decode("seed"), complaintYear: try row.decode("complaint_year"),
            status: try TicketRepository.value(try row.decode("status"), column: "status"),
            outcome: try (try row.decode("outcome", as: String?.self)).map { try TicketRepository.value($0, column: "outcome") },
            closedBy: try row.decode("closed_by"), closedAt: try row.decode("closed_at"), analysisDueOn: try row.decode("analysis_due_on"),
            analysis: try row.decode("analysis"), commonIssues: try row.decode("common_issues"), analysisBy: try row.decode("analysis_by"),
            analysisAt: try row.decode("analysis_at"), createdBy: try row.decode("created_by"), createdAt: try row.decode("created_at"), version: try row.decode("version"))
    }

    static func decodeRespondent(_ row: PostgresRow) throws -> SurveyRespondent {
        SurveyRespondent(
            id: try row.decode("id"), campaignID: try row.decode("campaign_id"), officeID: try row.decode("office_id"), unitID: try row.decode("unit_id"),
            unitLabel: try row.decode("unit_label"), reason: try TicketRepository.value(try row.decode("reason"), column: "reason"),
            complaints: try row.decode("complaints"), drawPosition: try row.decode("draw_position"), linkIssuedAt: try row.decode("link_issued_at"),
            respondedAt: try row.decode("responded_at"),
            channel: try (try row.decode("channel", as: String?.self)).map { try TicketRepository.value($0, column: "channel") },
            enteredBy: try row.decode("entered_by"))
    }
}
