import Domain
import Foundation

/// A campaign's results from `bi.survey_recovery` and `bi.survey_satisfaction` (SRV-3/4): the same
/// numbers BI tools read, limited by row-level security to the offices the caller sees.
public enum SurveyResultsRepository {
    public static func results(campaign: SurveyCampaign, in tx: Transaction) async throws -> SurveyResults {
        let offices = try await tx.query("""
            SELECT office_id, office_code, respondents, responses, recovery_rate, target_met
            FROM bi.survey_recovery WHERE campaign_id = \(campaign.id) ORDER BY office_code
            """).map { row in
            SurveyResults.Recovery(
                officeID: try row.decode("office_id"), officeCode: try row.decode("office_code"), respondents: try row.decode("respondents"),
                responses: try row.decode("responses"), recoveryRate: try row.decode("recovery_rate"), targetMet: try row.decode("target_met"))
        }
        let respondents = offices.reduce(0) { $0 + $1.respondents }
        let responses = offices.reduce(0) { $0 + $1.responses }
        let rate = Ratio.rounded(responses, over: respondents, places: 4) ?? 0
        let total = SurveyResults.Recovery(
            officeID: nil, officeCode: nil, respondents: respondents, responses: responses, recoveryRate: rate,
            targetMet: campaign.meetsTarget(responses: responses, respondents: respondents))

        let officeAreas = try await tx.query("""
            SELECT office_id, office_code, area, scale_answers, satisfied_answers, satisfaction_rate, mean_score, rank
            FROM bi.survey_satisfaction WHERE campaign_id = \(campaign.id) ORDER BY area, office_code
            """).map { row in
            SurveyResults.Satisfaction(
                officeID: try row.decode("office_id"), officeCode: try row.decode("office_code"),
                area: try TicketRepository.value(try row.decode("area"), column: "area"), scaleAnswers: try row.decode("scale_answers"),
                satisfiedAnswers: try row.decode("satisfied_answers"), satisfactionRate: try row.decode("satisfaction_rate"),
                meanScore: try row.decode("mean_score"), rank: try row.decode("rank"))
        }
        let areas = try await tx.query("""
            SELECT area, sum(scale_answers)::bigint AS scale_answers, sum(satisfied_answers)::bigint AS satisfied_answers,
                   round(sum(satisfied_answers)::numeric / nullif(sum(scale_answers), 0), 4) AS satisfaction_rate,
                   round(sum(score_sum)::numeric / nullif(sum(scale_answers), 0), 2) AS mean_score
            FROM bi.survey_satisfaction WHERE campaign_id = \(campaign.id) GROUP BY area ORDER BY area
            """).map { row in
            SurveyResults.Satisfaction(
                officeID: nil, officeCode: nil, area: try TicketRepository.value(try row.decode("area"), column: "area"),
                scaleAnswers: try row.decode("scale_answers"), satisfiedAnswers: try row.decode("satisfied_answers"),
                satisfactionRate: try row.decode("satisfaction_rate"), meanScore: try row.decode("mean_score"), rank: nil)
        }
        return SurveyResults(total: total, offices: offices, areas: areas, officeAreas: officeAreas)
    }
}
