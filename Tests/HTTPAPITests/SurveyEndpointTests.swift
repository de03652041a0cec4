import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Satisfaction survey campaigns through HTTP (SRV-3/4): drawing the units, the one-time link, paper
/// forms, closing against the target, office isolation. Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Satisfaction surveys (SRV-3, SRV-4)")
struct SurveyEndpointTests {
    static let suite = "http_surveys"

    /// 2025-06-01 in UTC: inside the complaint year of a campaign opening in 2026.
    static let lastYear = Date(timeIntervalSince1970: 1_748_736_000)

    static func id(_ answer: (status: HTTPResponse.Status, json: [String: Any])) throws -> Int64 {
        #expect(answer.status == .created, "\(answer.json)")
        return try #require((answer.json["id"] as? NSNumber)?.int64Value)
    }

    static func items(_ answer: (status: HTTPResponse.Status, json: [String: Any])) -> [[String: Any]] {
        answer.json["items"] as? [[String: Any]] ?? []
    }

    @Test("SRV-3 mid-year sample: 50% of units rounded up, 20% of them from last year's most complaining customers, the same seed gives the same set, each unit explained")
    func sampling() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("T", suite: Self.suite)
        let deskName = TestFixtures.unique("desk"), otherName = TestFixtures.unique("desk"), qualityName = TestFixtures.unique("qa")
        try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.frontDesk], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(qualityName, roles: [.qualityStaff], department: "QUALITY", database: database)
        let units = try await TestFixtures.occupiedUnits(office: office, count: 10, suite: Self.suite)
        _ = try await TestFixtures.units(office: office, count: 3, suite: Self.suite)  // empty units are not customers
        try await TestFixtures.complaints(office: office, unit: units[2], count: 3, receivedAt: Self.lastYear, suite: Self.suite)
        try await TestFixtures.complaints(office: office, unit: units[5], count: 1, receivedAt: Self.lastYear, suite: Self.suite)
        // This year's complaints do not choose a mid-year sample of 2026 (the previous year's do).
        try await TestFixtures.complaints(office: office, unit: units[7], count: 5, receivedAt: Date(timeIntervalSince1970: 1_780_000_000), suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let quality = try await TestApp.login(client, qualityName)
            let template = try Self.id(try await TestApp.send(
                client, quality, .post, "/v1/survey-templates",
                #"{"name":"年中顾客意见调查表","questions":[{"area":"environment","kind":"scale","text":"保洁"},{"area":"environment","kind":"scale","text":"绿化"},{"area":"other","kind":"text","text":"意见"}]}"#))
            let desk = try await TestApp.login(client, deskName)
            #expect(try await TestApp.send(client, desk, .post, "/v1/survey-templates", #"{"name":"x","questions":[]}"#).status == .forbidden)
            let body = { (fields: String) in
                #"{"officeId":\#(office),"name":"2026年中抽样调查","variant":"midyear_sample","templateId":\#(template),"opensOn":"2026-11-23","closesOn":"2026-12-07"\#(fields)}"#
            }
            let started = try await TestApp.send(client, desk, .post, "/v1/survey-campaigns", body(#","seed":"s1""#))
            let campaign = try Self.id(started)
            #expect(started.json["respondents"] as? Int == 5)  // ⌈10 × 50%⌉
            #expect(started.json["recoveryTarget"] as? String == "0.500")
            #expect(started.json["complaintYear"] as? Int == 2025)
            #expect(started.json["recoveryRate"] as? String == "0.0000")

            let respondents = Self.items(try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(campaign)/respondents"))
            #expect(respondents.count == 5)
            // ⌈5 × 20%⌉ = 1 unit from the most complaining: the unit with 3 complaints last year.
            let keys = respondents.filter { $0["reason"] as? String == "most_complaints" }
            #expect(keys.compactMap { ($0["unitId"] as? NSNumber)?.int64Value } == [units[2]])
            #expect(keys.first?["complaints"] as? Int == 3)
            #expect((keys.first?["explanation"] as? String)?.contains("most complaints in 2025") == true)
            let random = respondents.filter { $0["reason"] as? String == "random" }
            #expect(random.count == 4)
            #expect(random.allSatisfy { ($0["explanation"] as? String)?.contains(#"seed "s1""#) == true })
            #expect(respondents.allSatisfy { units.contains(($0["unitId"] as? NSNumber)?.int64Value ?? 0) })

            // The same seed over the same units: the same set, with the same reasons.
            let again = try Self.id(try await TestApp.send(client, desk, .post, "/v1/survey-campaigns", body(#","seed":"s1""#)))
            let picked = { (list: [[String: Any]]) in Set(list.map { "\($0["unitId"] ?? "-") \($0["reason"] ?? "-")" }) }
            #expect(picked(Self.items(try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(again)/respondents"))) == picked(respondents))

            // Policy: the variant's months, its target as a floor, a company campaign only from HQ.
            for bad in [
                body("").replacingOccurrences(of: "midyear_sample", with: "semiannual_full"),  // runs in June and November only
                body(#","recoveryTarget":"0.4""#),  // below the mid-year sample's 50%
                body("").replacingOccurrences(of: #""officeId":\#(office),"#, with: ""),  // the company's: HQ only
                body("").replacingOccurrences(of: "2026-12-07", with: "2026-11-20"),
            ] {
                #expect(try await TestApp.send(client, desk, .post, "/v1/survey-campaigns", bad).status == .unprocessableContent, "\(bad)")
            }

            // Office isolation.
            let other = try await TestApp.login(client, otherName)
            #expect(try await TestApp.send(client, other, .get, "/v1/survey-campaigns/\(campaign)").status == .notFound)
            #expect(try await TestApp.send(client, other, .get, "/v1/survey-campaigns/\(campaign)/respondents").status == .notFound)
            #expect(Self.items(try await TestApp.send(client, other, .get, "/v1/survey-campaigns")).isEmpty)
            let respondent = try #require((respondents.first?["id"] as? NSNumber)?.int64Value)
            #expect(try await TestApp.send(client, other, .post, "/v1/survey-respondents/\(respondent)/link").status == .notFound)
        }
    }

    @Test("SRV-3 one-time link: answers once, then refused; a forged or expired key is 404 with nothing written; it reveals no respondent's data")
    func oneTimeLink() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let clock = TestClock()
        let (office, code) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let deskName = TestFixtures.unique("desk")
        try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        _ = try await TestFixtures.occupiedUnits(office: office, count: 3, suite: Self.suite)
        let template = try await TestFixtures.surveyTemplate(suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            var desk = try await TestApp.login(client, deskName)
            let campaign = try Self.id(try await TestApp.send(
                client, desk, .post, "/v1/survey-campaigns",
                #"{"officeId":\#(office),"name":"年底调查","variant":"year_end_full","templateId":\#(template),"opensOn":"2026-11-22","closesOn":"2026-11-24"}"#))
            let respondents = Self.items(try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(campaign)/respondents"))
            #expect(respondents.count == 3)
            #expect(respondents.allSatisfy { $0["reason"] as? String == "full" })
            let ids = respondents.compactMap { ($0["id"] as? NSNumber)?.int64Value }
            let issued = try await TestApp.send(client, desk, .post, "/v1/survey-respondents/\(ids[0])/link")
            #expect(issued.status == .created, "\(issued.json)")
            let key = try #require(issued.json["key"] as? String)
            let path = try #require(issued.json["path"] as? String)
            #expect(path == "/v1/public/survey-links/\(key)")
            #expect(issued.json["expiresAt"] as? String == "2026-11-24T16:00:00Z")  // the end of 11-24 in Shanghai

            func answerCount() async throws -> Int {
                let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
                let count: Int = try await admin.withConnection { connection in
                    try await connection.query("""
                        SELECT count(*) AS n FROM liaison.survey_answer a JOIN liaison.survey_respondent r ON r.id = a.respondent_id
                        WHERE r.campaign_id = \(campaign)
                        """).single().decode("n")
                }
                await admin.shutdown()
                return count
            }

            // The questionnaire: the campaign's name, last day, scale and questions; nothing of the unit.
            let anonymous: HTTPFields = [.contentType: "application/json"]
            let questionnaire = try await client.execute(uri: path, method: .get, headers: anonymous) { ($0.status, String(buffer: $0.body)) }
            #expect(questionnaire.0 == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(questionnaire.1.utf8)) as? [String: Any])
            #expect(Set(json.keys) == ["campaign", "closesOn", "scale", "questions"])
            #expect((json["questions"] as? [Any])?.count == 3)
            #expect((json["scale"] as? [[String: Any]])?.first?["label"] as? String == "非常满意")
            #expect(!questionnaire.1.contains("3栋") && !questionnaire.1.contains("业主") && !questionnaire.1.contains("unit"))

            // Bad forms are refused whole; the first good form is taken; the link is then spent.
            let form = #"{"answers":[{"position":1,"score":"very_satisfied"},{"position":2,"score":"fair"},{"position":3,"text":"夜间巡逻再加强"}]}"#
            for bad in [
                #"{"answers":[{"position":3,"score":"satisfied"}]}"#,  // a score for a text question
                #"{"answers":[{"position":9,"score":"satisfied"}]}"#,  // no such question
                #"{"answers":[{"position":1,"score":"satisfied"},{"position":1,"score":"fair"}]}"#,
                #"{"answers":[]}"#,
            ] {
                #expect(try await TestApp.send(client, anonymous, .post, path + "/response", bad).status == .unprocessableContent, "\(bad)")
            }
            #expect(try await TestApp.send(client, anonymous, .post, path + "/response", #"{"answers":[{"position":1,"score":"great"}]}"#).status == .badRequest)
            #expect(try await answerCount() == 0)
            #expect(try await TestApp.send(client, anonymous, .post, path + "/response", form).status == .noContent)
            #expect(try await answerCount() == 3)
            #expect(try await TestApp.send(client, anonymous, .post, path + "/response", form).status == .conflict)
            #expect(try await TestApp.send(client, anonymous, .get, path).status == .conflict)
            #expect(try await TestApp.send(client, desk, .post, "/v1/survey-respondents/\(ids[0])/link").status == .conflict)

            // Forged keys: 404, nothing written.
            for forged in [String(repeating: "A", count: 43), "short", String(key.dropLast()) + (key.hasSuffix("A") ? "B" : "A")] {
                let answer = try await client.execute(
                    uri: "/v1/public/survey-links/\(forged)/response", method: .post, headers: anonymous, body: ByteBuffer(string: form)
                ) { ($0.status, $0.headers[.contentType]) }
                #expect(answer.0 == .notFound, "\(forged)")
                #expect(answer.1 == "application/problem+json")
            }
            #expect(try await answerCount() == 3)

            // A staff key is no bearer token, and a link key opens no staff endpoint.
            #expect(try await TestApp.send(client, [.authorization: "Bearer \(key)"], .get, "/v1/survey-campaigns").status == .unauthorized)

            // Expired: the window ended (the 25th in Shanghai); the link is 404, nothing written.
            let second = try #require(try await TestApp.send(client, desk, .post, "/v1/survey-respondents/\(ids[1])/link").json["path"] as? String)
            clock.advance(by: 2 * 86_400 + 4 * 3600)  // Wednesday 11-25 00:00 Shanghai
            #expect(try await TestApp.send(client, anonymous, .get, second).status == .notFound)
            #expect(try await TestApp.send(client, anonymous, .post, second + "/response", form).status == .notFound)
            #expect(try await answerCount() == 3)

            // Paper forms still come in while the campaign is open; closing: 2 of 3 against 30%, target met.
            desk = try await TestApp.login(client, deskName)
            let paper = try await TestApp.send(client, desk, .post, "/v1/survey-respondents/\(ids[2])/response", #"{"answers":[{"position":1,"score":"satisfied"}]}"#)
            #expect(paper.status == .created, "\(paper.json)")
            #expect(paper.json["channel"] as? String == "paper")
            let listed = Self.items(try await TestApp.send(client, desk, .get, "/v1/survey-campaigns/\(campaign)/respondents?responded=true"))
            #expect(listed.compactMap { $0["channel"] as? String } == ["link", "paper"])
            let closed = try await TestApp.send(client, desk, .post, "/v1/survey-campaigns/\(campaign)/closure", "{}")
            #expect(closed.status == .ok, "\(closed.json)")
            #expect(closed.json["outcome"] as? String == "target_met")
            #expect(closed.json["recoveryRate"] as? String == "0.6667")
            #expect(closed.json["analysisDueOn"] as? String == "2026-12-02")  // closed on the 25th (Shanghai) + 7 days
            #expect(try await TestApp.send(client, desk, .post, "/v1/survey-respondents/\(ids[1])/response", #"{"answers":[{"position":1,"score":"fair"}]}"#).status == .conflict)
        }
    }

    @Test("SRV-3: a campaign below its recovery target closes only when told to, and never as successful; the public link is rate-limited")
    func belowTargetAndRateLimit() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let managerName = TestFixtures.unique("mgr")
        try await TestFixtures.user(managerName, roles: [.officeManager], officeCodes: [code], database: database)
        _ = try await TestFixtures.occupiedUnits(office: office, count: 2, suite: Self.suite)
        let template = try await TestFixtures.surveyTemplate(suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database, publicRequestsPerMinute: 3))
        try await app.test(.router) { client in
            let manager = try await TestApp.login(client, managerName)
            let campaign = try Self.id(try await TestApp.send(
                client, manager, .post, "/v1/survey-campaigns",
                #"{"officeId":\#(office),"name":"十一月满意率调查","variant":"semiannual_full","templateId":\#(template),"opensOn":"2026-11-01","closesOn":"2026-11-30"}"#))
            let first = try #require((Self.items(try await TestApp.send(client, manager, .get, "/v1/survey-campaigns/\(campaign)/respondents")).first?["id"] as? NSNumber)?.int64Value)
            _ = try await TestApp.send(client, manager, .post, "/v1/survey-respondents/\(first)/response", #"{"answers":[{"position":2,"score":"satisfied"}]}"#)
            // 1 of 2 = 50% < 60%.
            let refused = try await TestApp.send(client, manager, .post, "/v1/survey-campaigns/\(campaign)/closure", "{}")
            #expect(refused.status == .conflict)
            #expect((refused.json["detail"] as? String)?.contains("0.5000") == true)
            var stale = manager
            stale[.ifMatch] = "\"v9\""
            #expect(try await TestApp.send(client, stale, .post, "/v1/survey-campaigns/\(campaign)/closure", #"{"acceptBelowTarget":true}"#).status == .preconditionFailed)
            let closed = try await TestApp.send(client, manager, .post, "/v1/survey-campaigns/\(campaign)/closure", #"{"acceptBelowTarget":true}"#)
            #expect(closed.json["outcome"] as? String == "below_target")
            #expect(closed.json["targetMet"] as? Bool == false)
            #expect(try await TestApp.send(client, manager, .post, "/v1/survey-campaigns/\(campaign)/closure", #"{"acceptBelowTarget":true}"#).status == .conflict)

            // Three public requests a minute (this router's policy); the fourth waits.
            let forged = "/v1/public/survey-links/" + String(repeating: "B", count: 43)
            for _ in 1...3 { #expect(try await TestApp.send(client, [:], .get, forged).status == .notFound) }
            let limited = try await client.execute(uri: forged, method: .get, headers: [:]) { ($0.status, $0.headers[HTTPField.Name("Retry-After")!]) }
            #expect(limited.0 == .tooManyRequests)
            #expect(Int(limited.1 ?? "") ?? 0 >= 1)
        }
    }
}
