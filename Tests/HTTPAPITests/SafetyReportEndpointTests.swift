import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// SAF-4/5 reports through the approval workflow: a unit's monthly summary submitted up the line
/// to the QHSE side (rejected once with a reason, revised, approved, published), and the company's
/// quarterly bulletin written by QHSE and approved by leadership; figures from planned cards only.
/// Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Safety reports (SAF-4, SAF-5)")
struct SafetyReportEndpointTests {
    static let suite = "http_safety_reports"

    @Test("SAF-4/5: monthly summary up the line and company bulletin approved by leadership; each step by its role; rejection needs a reason; figures count planned cards only; offices see their own, bulletins HQ only")
    func summaryAndBulletin() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("W", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("V", suite: Self.suite)
        let managerName = TestFixtures.unique("mgr"), deskName = TestFixtures.unique("desk"), otherName = TestFixtures.unique("mgr")
        let securityName = TestFixtures.unique("sec"), qualityName = TestFixtures.unique("qa"), gmName = TestFixtures.unique("gm")
        let manager = try await TestFixtures.user(managerName, roles: [.officeManager], officeCodes: [code], database: database)
        let desk = try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.officeManager], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(securityName, roles: [.securityStaff], department: "QHSE", database: database)
        try await TestFixtures.user(qualityName, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(gmName, roles: [.generalManager], database: database)
        let area = try await TestFixtures.safetyArea(office: office, suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let m = try await TestApp.login(client, managerName)
            let team = try #require((try await TestApp.send(
                client, m, .post, "/v1/safety-teams", #"{"officeId":\#(office),"name":"一组","leaderId":\#(manager.id),"memberIds":[\#(desk.id)]}"#
            ).json["id"] as? NSNumber)?.int64Value)
            // One planned card (a safe position) and one random card (an unsafe posture) this Sunday.
            for kind in [#""kind":"planned","teamId":\#(team)"#, #""kind":"random""#] {
                let observation = kind.contains("planned") ? #"{"category":"positions","safe":true,"actions":["praise"]}"# : #"{"category":"ergonomics","safe":false,"actions":["stop"]}"#
                #expect(try await TestApp.send(
                    client, m, .post, "/v1/stop-cards",
                    #"{"officeId":\#(office),\#(kind),"areaId":\#(area),"observedAt":"2026-11-22T10:00:00Z","observations":[\#(observation)]}"#).status
                    == .created)
            }

            // The office's November summary.
            let summaryBody = #"{"kind":"monthly_summary","officeId":\#(office),"period":"2026-11","title":"11月安全观察小结","body":"本月观察一次"}"#
            for (body, status) in [
                (summaryBody.replacingOccurrences(of: "2026-11", with: "2026-12"), HTTPResponse.Status.unprocessableContent),  // not begun
                (summaryBody.replacingOccurrences(of: "2026-11", with: "2026-13"), .unprocessableContent),
                (#"{"kind":"monthly_summary","period":"2026-11","title":"无单位"}"#, .unprocessableContent),
            ] {
                #expect(try await TestApp.send(client, m, .post, "/v1/safety-reports", body).status == status, "\(body)")
            }
            let written = try await TestApp.send(client, m, .post, "/v1/safety-reports", summaryBody)
            #expect(written.status == .created, "\(written.json)")
            let summary = try #require((written.json["id"] as? NSNumber)?.int64Value)
            #expect(written.json["figures"] as? String == "planned cards 1, random cards 1; reactions 0 safe 0 unsafe; positions 1 safe 0 unsafe; protective_equipment 0 safe 0 unsafe; tools_equipment 0 safe 0 unsafe; procedures_order 0 safe 0 unsafe; ergonomics 0 safe 0 unsafe")
            #expect(try await TestApp.send(client, m, .post, "/v1/safety-reports", summaryBody).status == .conflict)

            func decide(_ headers: HTTPFields, _ id: Int64, _ decision: String, comment: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
                let body = comment.map { #"{"decision":"\#(decision)","comment":"\#($0)"}"# } ?? #"{"decision":"\#(decision)"}"#
                let response = try await TestApp.send(client, headers, .post, "/v1/safety-reports/\(id)/decisions", body)
                return (response.status, response.json)
            }
            let submitted = try await decide(m, summary, "submit")
            #expect(submitted.0 == .ok, "\(submitted.1)")
            #expect(submitted.1["waitingFor"] as? String == "qhse_review")
            #expect(try await decide(m, summary, "approve").0 == .forbidden)
            let security = try await TestApp.login(client, securityName)
            #expect(try await decide(security, summary, "reject").0 == .unprocessableContent)
            #expect(try await decide(security, summary, "reject", comment: "缺少整改措施").1["status"] as? String == "draft")
            var current = m
            current[.ifMatch] = "\"v3\""
            let revised = try await TestApp.send(
                client, current, .put, "/v1/safety-reports/\(summary)", #"{"title":"11月安全观察小结","body":"本月观察一次；整改：泵房加装护栏"}"#)
            #expect(revised.status == .ok, "\(revised.json)")
            #expect(try await decide(m, summary, "submit").0 == .ok)
            let quality = try await TestApp.login(client, qualityName)
            #expect(try await decide(quality, summary, "approve").1["status"] as? String == "approved")
            let published = try await decide(m, summary, "publish")
            #expect(published.1["status"] as? String == "published")
            #expect((published.1["decisions"] as? [[String: Any]])?.map { "\($0["decision"] ?? "-") \($0["step"] ?? "-")" }
                == ["submit -", "reject qhse_review", "submit -", "approve qhse_review", "publish -"])
            #expect(try await TestApp.send(client, m, .put, "/v1/safety-reports/\(summary)", #"{"title":"改"}"#).status == .conflict)

            // The company's fourth-quarter bulletin: QHSE writes, leadership approves; no unit; offices neither write nor see it.
            let bulletinBody = #"{"kind":"quarterly_bulletin","period":"2026-Q4","title":"第四季度安全观察通报"}"#
            #expect(try await TestApp.send(client, m, .post, "/v1/safety-reports", bulletinBody).status == .forbidden)
            #expect(try await TestApp.send(
                client, quality, .post, "/v1/safety-reports", #"{"kind":"quarterly_bulletin","officeId":\#(office),"period":"2026-Q4","title":"x"}"#).status
                == .unprocessableContent)
            let bulletin = try await TestApp.send(client, quality, .post, "/v1/safety-reports", bulletinBody)
            #expect(bulletin.status == .created, "\(bulletin.json)")
            let bulletinID = try #require((bulletin.json["id"] as? NSNumber)?.int64Value)
            #expect((bulletin.json["figures"] as? String)?.hasPrefix("planned cards 1, random cards 1;") == true)
            #expect(try await decide(quality, bulletinID, "submit").0 == .ok)
            #expect(try await decide(quality, bulletinID, "approve").0 == .forbidden)
            let gm = try await TestApp.login(client, gmName)
            #expect(try await decide(gm, bulletinID, "approve").1["status"] as? String == "approved")
            #expect(try await decide(quality, bulletinID, "publish").1["status"] as? String == "published")
            #expect(try await TestApp.send(client, m, .get, "/v1/safety-reports/\(bulletinID)").status == .notFound)
            let other = try await TestApp.login(client, otherName)
            #expect(try await TestApp.send(client, other, .get, "/v1/safety-reports/\(summary)").status == .notFound)
            #expect((try await TestApp.send(client, other, .get, "/v1/safety-reports").json["items"] as? [Any])?.count == 0)
            let ids = (try await TestApp.send(client, m, .get, "/v1/safety-reports").json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
            #expect(ids == [summary])
        }
    }
}
