import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Services
import TestSupport
import Testing

/// After a campaign (SRV-3, seed 000 六): the analysis due a week after closing, public answers to the
/// common issues as notices, a follow-up visit for every unit with an opinion or a low score and an
/// in-person visit for key customers, each tracked to done; overdue work notified by the sweeper.
/// Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("After a survey: analysis, public answers, follow-up visits (SRV-3)")
struct SurveyFollowUpEndpointTests {
    static let suite = "http_survey_follow_up"

    @Test("SRV-3: closing makes a visit for each opinion or low score and an in-person visit for each key customer; the analysis and visits are due in a week, tracked to done, notified when late; answers go out as survey_answer notices")
    func afterTheCampaign() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let clock = TestClock()
        let sweeper = DeadlineSweeper(database: database, now: clock.function)
        let (office, code) = try await TestFixtures.newOffice("F", suite: Self.suite)
        let deskName = TestFixtures.unique("desk"), managerName = TestFixtures.unique("mgr")
        try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(managerName, roles: [.officeManager], officeCodes: [code], database: database)
        let units = try await TestFixtures.occupiedUnits(office: office, count: 5, suite: Self.suite)
        // The owner of the fourth unit is a key customer 重要客户 (ORG-3).
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        try await admin.withConnection { connection in
            try await connection.execute("""
                UPDATE liaison.owner SET key_customer = true
                WHERE id IN (SELECT owner_id FROM liaison.unit_occupant WHERE unit_id = \(units[3]))
                """)
        }
        await admin.shutdown()
        let template = try await TestFixtures.surveyTemplate(suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            var desk = try await TestApp.login(client, deskName)
            let started = try await TestApp.send(
                client, desk, .post, "/v1/survey-campaigns",
                #"{"officeId":\#(office),"name":"年底调查","variant":"year_end_full","templateId":\#(template),"opensOn":"2026-11-16","closesOn":"2026-11-22"}"#)
            #expect(started.status == .created, "\(started.json)")
            let campaign = try #require((started.json["id"] as? NSNumber)?.int64Value)
            let respondents = (try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(campaign)/respondents").json["items"] as? [[String: Any]] ?? [])
            let byUnit = Dictionary(uniqueKeysWithValues: respondents.compactMap { row -> (Int64, Int64)? in
                guard let unit = (row["unitId"] as? NSNumber)?.int64Value, let id = (row["id"] as? NSNumber)?.int64Value else { return nil }
                return (unit, id)
            })
            func form(_ unit: Int64, _ answers: String) async throws {
                let answer = try await TestApp.send(
                    client, desk, .post, "/v1/survey-respondents/\(try #require(byUnit[unit]))/response", #"{"answers":[\#(answers)]}"#)
                #expect(answer.status == .created, "\(answer.json)")
            }
            try await form(units[0], #"{"position":1,"score":"satisfied"},{"position":3,"text":"希望增加儿童游乐设施"}"#)  // an opinion
            try await form(units[1], #"{"position":2,"score":"very_dissatisfied"}"#)  // a low score
            try await form(units[2], #"{"position":1,"score":"fair"},{"position":2,"score":"satisfied"}"#)  // nothing to follow up
            try await form(units[3], #"{"position":1,"score":"very_satisfied"}"#)  // a key customer, satisfied
            // units[4] did not answer.

            // The analysis waits for the closing.
            #expect(try await TestApp.send(client, desk, .put, "/v1/survey-campaigns/\(campaign)/analysis", #"{"analysis":"x"}"#).status == .conflict)
            let closed = try await TestApp.send(client, desk, .post, "/v1/survey-campaigns/\(campaign)/closure", "{}")
            #expect(closed.status == .ok, "\(closed.json)")
            #expect(closed.json["analysisDueOn"] as? String == "2026-11-29")
            #expect(closed.json["followUpsOpen"] as? Int == 3)

            let followUps = (try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(campaign)/follow-ups").json["items"] as? [[String: Any]] ?? [])
            let summary = Set(followUps.map {
                "\($0["respondentId"] ?? "-") \($0["mode"] ?? "-") o:\($0["opinion"] ?? "-") l:\($0["lowScore"] ?? "-") k:\($0["keyCustomer"] ?? "-") \($0["dueOn"] ?? "-")"
            })
            #expect(summary == [
                "\(byUnit[units[0]]!) visit o:1 l:0 k:0 2026-11-29", "\(byUnit[units[1]]!) visit o:0 l:1 k:0 2026-11-29",
                "\(byUnit[units[3]]!) in_person o:0 l:0 k:1 2026-11-29",
            ])

            // One visit done now; the rest and the analysis are late on Monday 11-30.
            let first = try #require(followUps.first { ($0["respondentId"] as? NSNumber)?.int64Value == byUnit[units[0]] })
            let firstID = try #require((first["id"] as? NSNumber)?.int64Value)
            #expect(try await TestApp.send(client, desk, .post, "/v1/survey-follow-ups/\(firstID)/completion", #"{"note":" "}"#).status == .unprocessableContent)
            let done = try await TestApp.send(client, desk, .post, "/v1/survey-follow-ups/\(firstID)/completion", #"{"note":"已上门回访，游乐设施列入明年计划"}"#)
            #expect(done.json["status"] as? String == "done")
            #expect(try await TestApp.send(client, desk, .post, "/v1/survey-follow-ups/\(firstID)/completion", #"{"note":"again"}"#).status == .conflict)

            _ = try await sweeper.sweep()
            clock.advance(by: 8 * 86_400)  // Monday 2026-11-30 20:00 Shanghai
            _ = try await sweeper.sweep()
            func kinds(_ name: String) async throws -> [String] {
                let headers = try await TestApp.login(client, name)
                return (try await TestApp.send(client, headers, .get, "/v1/notifications").json["items"] as? [[String: Any]] ?? [])
                    .map { "\($0["kind"] ?? "-") \($0["subject"] ?? "-")" }.sorted()
            }
            #expect(try await kinds(deskName) == ["survey_analysis_overdue survey_campaign"])
            #expect(try await kinds(managerName) == ["survey_follow_up_overdue survey_follow_up", "survey_follow_up_overdue survey_follow_up"])

            // The analysis names the common issues; they are answered publicly by a survey_answer notice of the campaign.
            desk = try await TestApp.login(client, deskName)
            let analysed = try await TestApp.send(
                client, desk, .put, "/v1/survey-campaigns/\(campaign)/analysis",
                #"{"analysis":"回收4份（80%），保洁满意率较高，秩序维护有1户非常不满意","commonIssues":"夜间巡逻；儿童游乐设施"}"#)
            #expect(analysed.status == .ok, "\(analysed.json)")
            #expect(analysed.json["commonIssues"] as? String == "夜间巡逻；儿童游乐设施")
            let notice = { (campaignField: String, kind: String) in
                #"{"officeId":\#(office),"kind":"\#(kind)","title":"满意度调查意见答复","body":"夜间巡逻已增至每两小时一次","validFrom":"2026-11-30T00:00:00Z","validUntil":"2026-12-31T00:00:00Z"\#(campaignField)}"#
            }
            #expect(try await TestApp.send(client, desk, .post, "/v1/customer-notices", notice("", "survey_answer")).status == .unprocessableContent)
            #expect(try await TestApp.send(
                client, desk, .post, "/v1/customer-notices", notice(#","surveyCampaignId":\#(campaign)"#, "other")).status == .unprocessableContent)
            let drafted = try await TestApp.send(client, desk, .post, "/v1/customer-notices", notice(#","surveyCampaignId":\#(campaign)"#, "survey_answer"))
            #expect(drafted.status == .created, "\(drafted.json)")
            let noticeID = try #require((drafted.json["id"] as? NSNumber)?.int64Value)
            #expect(drafted.json["surveyCampaignId"] as? NSNumber == NSNumber(value: campaign))
            let manager = try await TestApp.login(client, managerName)
            #expect(try await TestApp.send(client, manager, .post, "/v1/customer-notices/\(noticeID)/publication").status == .ok)
            let progress = try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(campaign)")
            #expect(progress.json["answerNotices"] as? Int == 1)
            #expect(progress.json["followUpsOpen"] as? Int == 2)
            #expect(progress.json["followUpsDone"] as? Int == 1)
        }
    }
}
