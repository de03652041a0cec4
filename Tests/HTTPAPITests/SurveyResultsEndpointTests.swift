import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Recovery and satisfaction computed by hand (SRV-3/4, BI-1), in a database of its own so that the
/// company's campaign asks exactly these offices: X (3 units), Y (2), Z (1).
///
/// Template: 1 environment (scale), 2 security (scale), 3 other (text). Forms:
///   X1: 5, 4, "电梯太慢"    X2: 3, 2    X3: —
///   Y1: 4, 5               Y2: 1, —
///   Z1: —
/// Recovery: X 2/3 = 0.6667, Y 2/2 = 1.0000, Z 0/1 = 0.0000; all 4/6 = 0.6667 against 60%: met.
/// Environment: X 5,3 → 1/2 = 0.5000, mean 4.00; Y 4,1 → 0.5000, mean 2.50; Z none; all 2/4 = 0.5000, mean 13/4 = 3.25.
/// Security: X 4,2 → 0.5000, mean 3.00; Y 5 → 1.0000, mean 5.00; all 2/3 = 0.6667, mean 11/3 = 3.67.
/// Ranks: environment X 1, Y 1 (tied), Z none; security Y 1, X 2.
@Suite("Survey results by hand (SRV-3, SRV-4)")
struct SurveyResultsEndpointTests {
    static let suite = "http_survey_results"

    @Test("SRV-4: recovery, satisfaction rate (answers at or above satisfied), mean score and ranks across offices equal the hand-computed values; no responses gives 0 and no rate; the BI role reads the same")
    func handComputed() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (x, xCode) = try await TestFixtures.newOffice("X", suite: Self.suite)
        let (y, _) = try await TestFixtures.newOffice("Y", suite: Self.suite)
        let (z, _) = try await TestFixtures.newOffice("Z", suite: Self.suite)
        let qualityName = TestFixtures.unique("qa"), deskName = TestFixtures.unique("desk")
        try await TestFixtures.user(qualityName, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [xCode], database: database)
        let unitsX = try await TestFixtures.occupiedUnits(office: x, count: 3, suite: Self.suite)
        let unitsY = try await TestFixtures.occupiedUnits(office: y, count: 2, suite: Self.suite)
        _ = try await TestFixtures.occupiedUnits(office: z, count: 1, suite: Self.suite)
        let template = try await TestFixtures.surveyTemplate(suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let quality = try await TestApp.login(client, qualityName)
            let started = try await TestApp.send(
                client, quality, .post, "/v1/survey-campaigns",
                #"{"name":"2026年11月全面满意率调查","variant":"semiannual_full","templateId":\#(template),"opensOn":"2026-11-16","closesOn":"2026-11-30","seed":"hq"}"#)
            #expect(started.status == .created, "\(started.json)")
            let campaign = try #require((started.json["id"] as? NSNumber)?.int64Value)
            #expect(started.json["respondents"] as? Int == 6)
            #expect(started.json["officeId"] == nil)

            let respondents = (try await TestApp.send(client, quality, .get, "/v1/survey-campaigns/\(campaign)/respondents").json["items"] as? [[String: Any]] ?? [])
            let byUnit = Dictionary(uniqueKeysWithValues: respondents.compactMap { row -> (Int64, Int64)? in
                guard let unit = (row["unitId"] as? NSNumber)?.int64Value, let id = (row["id"] as? NSNumber)?.int64Value else { return nil }
                return (unit, id)
            })
            func form(_ unit: Int64, _ answers: String) async throws {
                let respondent = try #require(byUnit[unit])
                let answer = try await TestApp.send(client, quality, .post, "/v1/survey-respondents/\(respondent)/response", #"{"answers":[\#(answers)]}"#)
                #expect(answer.status == .created, "\(answer.json)")
            }
            try await form(unitsX[0], #"{"position":1,"score":"very_satisfied"},{"position":2,"score":"satisfied"},{"position":3,"text":"电梯太慢"}"#)
            try await form(unitsX[1], #"{"position":1,"score":"fair"},{"position":2,"score":"dissatisfied"}"#)
            try await form(unitsY[0], #"{"position":1,"score":"satisfied"},{"position":2,"score":"very_satisfied"}"#)
            try await form(unitsY[1], #"{"position":1,"score":"very_dissatisfied"}"#)

            let results = try await TestApp.send(client, quality, .get, "/v1/survey-campaigns/\(campaign)/results")
            #expect(results.status == .ok, "\(results.json)")
            let total = try #require(results.json["total"] as? [String: Any])
            #expect(total["respondents"] as? Int == 6)
            #expect(total["responses"] as? Int == 4)
            #expect(total["recoveryRate"] as? String == "0.6667")
            #expect(total["targetMet"] as? Bool == true)
            let offices = (results.json["offices"] as? [[String: Any]] ?? []).map { "\($0["officeId"] ?? "-") \($0["recoveryRate"] ?? "-") \($0["targetMet"] ?? "-")" }
            #expect(Set(offices) == ["\(x) 0.6667 1", "\(y) 1.0000 1", "\(z) 0.0000 0"])

            func cells(_ key: String, in json: [String: Any]) -> Set<String> {
                Set((json[key] as? [[String: Any]] ?? []).map {
                    "\($0["officeId"] ?? "all") \($0["area"] ?? "-") \($0["scaleAnswers"] ?? "-")/\($0["satisfiedAnswers"] ?? "-") "
                        + "\($0["satisfactionRate"] ?? "none") \($0["meanScore"] ?? "none") #\($0["rank"] ?? "-")"
                })
            }
            #expect(cells("areas", in: results.json) == ["all environment 4/2 0.5000 3.25 #-", "all security 3/2 0.6667 3.67 #-"])
            #expect(cells("officeAreas", in: results.json) == [
                "\(x) environment 2/1 0.5000 4.00 #1", "\(y) environment 2/1 0.5000 2.50 #1", "\(z) environment 0/0 none none #-",
                "\(x) security 2/1 0.5000 3.00 #2", "\(y) security 1/1 1.0000 5.00 #1", "\(z) security 0/0 none none #-",
            ])

            // An office sees its own units' numbers, without ranks; it does not close the company's campaign.
            let desk = try await TestApp.login(client, deskName)
            let own = try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(campaign)/results")
            #expect(cells("officeAreas", in: own.json) == ["\(x) environment 2/1 0.5000 4.00 #-", "\(x) security 2/1 0.5000 3.00 #-"])
            #expect((own.json["total"] as? [String: Any])?["respondents"] as? Int == 3)
            #expect(try await TestApp.send(client, desk, .post, "/v1/survey-campaigns/\(campaign)/closure", "{}").status == .forbidden)

            // The BI role reads the same numbers from the views.
            let fromBI = try await TestDatabase.readAsBI(suite: Self.suite) { tx in
                try await tx.query("""
                    SELECT office_id, area, satisfaction_rate::text AS rate, mean_score::text AS mean, rank FROM bi.survey_satisfaction
                    WHERE campaign_id = \(campaign) AND scale_answers > 0 ORDER BY area, office_id
                    """).map { row -> String in
                    let office: Int64 = try row.decode("office_id")
                    let area: String = try row.decode("area"), rate: String = try row.decode("rate"), mean: String = try row.decode("mean")
                    let rank: Int = try row.decode("rank")
                    return "\(office) \(area) \(rate) \(mean) #\(rank)"
                }
            }
            #expect(fromBI == [
                "\(x) environment 0.5000 4.00 #1", "\(y) environment 0.5000 2.50 #1", "\(x) security 0.5000 3.00 #2", "\(y) security 1.0000 5.00 #1",
            ])
            let recoveryFromBI = try await TestDatabase.readAsBI(suite: Self.suite) { tx in
                try await tx.query("""
                    SELECT string_agg(office_id || ':' || recovery_rate || ':' || target_met, ' ' ORDER BY office_id) AS rows
                    FROM bi.survey_recovery WHERE campaign_id = \(campaign)
                    """).single().decode("rows", as: String.self)
            }
            #expect(recoveryFromBI == "\(x):0.6667:true \(y):1.0000:true \(z):0.0000:false")

            // A campaign with no responses: recovery 0, no satisfaction rate.
            let empty = try await TestApp.send(
                client, quality, .post, "/v1/survey-campaigns",
                #"{"officeId":\#(z),"name":"年底调查","variant":"year_end_full","templateId":\#(template),"opensOn":"2026-11-22","closesOn":"2026-12-20"}"#)
            let emptyID = try #require((empty.json["id"] as? NSNumber)?.int64Value)
            let nothing = try await TestApp.send(client, quality, .get, "/v1/survey-campaigns/\(emptyID)/results")
            #expect((nothing.json["total"] as? [String: Any])?["recoveryRate"] as? String == "0.0000")
            #expect((nothing.json["total"] as? [String: Any])?["targetMet"] as? Bool == false)
            #expect(cells("areas", in: nothing.json) == ["all environment 0/0 none none #-", "all security 0/0 none none #-"])

            // HQ closes the company's campaign: 4 of 6 against 60%, met.
            let closed = try await TestApp.send(client, quality, .post, "/v1/survey-campaigns/\(campaign)/closure", "{}")
            #expect(closed.json["outcome"] as? String == "target_met")
        }
    }
}
