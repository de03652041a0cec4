import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Notices to customers and the estates' public feeds through HTTP (INF-4). Office A has estates E1
/// and E2, office B estate F. The test clock starts Sunday 2026-11-22 12:00 UTC and moves forward.
@Suite("Notices to customers and the public feed (INF-4)")
struct CustomerNoticeEndpointTests {
    static let suite = "http_customer_notices"

    @Test("INF-4: the public feed shows only the estate's current published notices (its own and office-wide), nothing with a wrong or revoked key")
    func publicFeed() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let clock = TestClock()
        let (office, code) = try await TestFixtures.newOffice("N", suite: Self.suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("P", suite: Self.suite)
        let deskName = TestFixtures.unique("desk"), managerName = TestFixtures.unique("mgr"), otherName = TestFixtures.unique("mgr")
        try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(managerName, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            let desk = try await TestApp.login(client, deskName)
            var manager = try await TestApp.login(client, managerName)
            let other = try await TestApp.login(client, otherName)
            func id(_ answer: (status: HTTPResponse.Status, json: [String: Any])) throws -> Int64 {
                #expect(answer.status == .created, "\(answer.json)")
                return try #require((answer.json["id"] as? NSNumber)?.int64Value)
            }
            let e1 = try id(try await TestApp.send(client, manager, .post, "/v1/estates", #"{"officeId":\#(office),"code":"NE1","name":"东苑","kind":"residential"}"#))
            let e2 = try id(try await TestApp.send(client, manager, .post, "/v1/estates", #"{"officeId":\#(office),"code":"NE2","name":"西苑","kind":"residential"}"#))
            let f = try id(try await TestApp.send(client, other, .post, "/v1/estates", #"{"officeId":\#(otherOffice),"code":"PF","name":"南苑","kind":"residential"}"#))

            func notice(_ headers: HTTPFields, office: Int64, estate: Int64?, kind: String, title: String, from: String, until: String) async throws -> Int64 {
                let estateField = estate.map { #""estateId":\#($0),"# } ?? ""
                return try id(try await TestApp.send(
                    client, headers, .post, "/v1/customer-notices",
                    #"{"officeId":\#(office),\#(estateField)"kind":"\#(kind)","title":"\#(title)","body":"\#(title)：详见公告栏","validFrom":"\#(from)","validUntil":"\#(until)"}"#))
            }
            let water = try await notice(desk, office: office, estate: e1, kind: "water_outage", title: "停水 <1栋&2栋>", from: "2026-11-22T00:00:00Z", until: "2026-11-24T00:00:00Z")
            let typhoon = try await notice(desk, office: office, estate: nil, kind: "typhoon_warning", title: "台风预警", from: "2026-11-22T00:00:00Z", until: "2026-11-23T00:00:00Z")
            let event = try await notice(desk, office: office, estate: e2, kind: "event", title: "西苑游园会", from: "2026-11-22T00:00:00Z", until: "2026-11-30T00:00:00Z")
            let pest = try await notice(desk, office: office, estate: e1, kind: "pest_control", title: "消杀", from: "2026-11-25T00:00:00Z", until: "2026-11-26T00:00:00Z")
            let parking = try await notice(desk, office: office, estate: e1, kind: "parking_cards", title: "办理停车卡", from: "2026-11-22T00:00:00Z", until: "2026-12-22T00:00:00Z")
            let power = try await notice(desk, office: office, estate: e1, kind: "power_outage", title: "停电", from: "2026-11-22T00:00:00Z", until: "2026-11-28T00:00:00Z")
            let south = try await notice(other, office: otherOffice, estate: f, kind: "event", title: "南苑活动", from: "2026-11-22T00:00:00Z", until: "2026-11-30T00:00:00Z")

            // The front desk drafts; the office manager publishes and withdraws.
            #expect(try await TestApp.send(client, desk, .post, "/v1/customer-notices/\(water)/publication").status == .forbidden)
            for published in [water, typhoon, event, pest, power] {
                let answer = try await TestApp.send(client, manager, .post, "/v1/customer-notices/\(published)/publication")
                #expect(answer.status == .ok, "\(answer.json)")
            }
            #expect(try await TestApp.send(client, other, .post, "/v1/customer-notices/\(south)/publication").status == .ok)
            #expect(try await TestApp.send(client, manager, .post, "/v1/customer-notices/\(power)/withdrawal", #"{"reason":"供电局取消检修"}"#).status == .ok)
            let pestAnswer = try await TestApp.send(client, manager, .get, "/v1/customer-notices/\(pest)")
            #expect(pestAnswer.json["status"] as? String == "published")
            #expect(pestAnswer.json["current"] as? Bool == false)  // its window opens on the 25th

            // Lists: what E1's customers see now; drafts; another office sees nothing of A's.
            func ids(_ headers: HTTPFields, _ query: String) async throws -> [Int64] {
                (try await TestApp.send(client, headers, .get, "/v1/customer-notices\(query)").json["items"] as? [[String: Any]] ?? [])
                    .compactMap { ($0["id"] as? NSNumber)?.int64Value }
            }
            #expect(try await ids(desk, "?estateId=\(e1)&current=true") == [water, typhoon])
            #expect(try await ids(desk, "?status=draft") == [parking])
            #expect(try await ids(desk, "?kind=event") == [event])
            #expect(try await ids(other, "") == [south])
            #expect(try await TestApp.send(client, other, .get, "/v1/customer-notices/\(water)").status == .notFound)

            // Feed keys: issued by the office manager of the estate's office only.
            #expect(try await TestApp.send(client, desk, .post, "/v1/estates/\(e1)/notice-feed").status == .forbidden)
            #expect(try await TestApp.send(client, other, .post, "/v1/estates/\(e1)/notice-feed").status == .notFound)
            let issued = try await TestApp.send(client, manager, .post, "/v1/estates/\(e1)/notice-feed")
            #expect(issued.status == .created, "\(issued.json)")
            let key = try #require(issued.json["key"] as? String)
            let path = try #require(issued.json["jsonPath"] as? String)
            #expect(path == "/v1/public/notice-feeds/\(key)")
            #expect(issued.json["atomPath"] as? String == path + "/atom")
            let westKey = try #require(try await TestApp.send(client, manager, .post, "/v1/estates/\(e2)/notice-feed").json["key"] as? String)
            let southKey = try #require(try await TestApp.send(client, other, .post, "/v1/estates/\(f)/notice-feed").json["key"] as? String)

            // The public feed needs no login; it lists the estate's current notices, newest first (same instant: higher id first).
            let anonymous: HTTPFields = [:]
            func feed(_ key: String) async throws -> (status: HTTPResponse.Status, ids: [Int64], json: [String: Any]) {
                let answer = try await TestApp.send(client, anonymous, .get, "/v1/public/notice-feeds/\(key)")
                let notices = answer.json["notices"] as? [[String: Any]] ?? []
                return (answer.status, notices.compactMap { ($0["id"] as? NSNumber)?.int64Value }, answer.json)
            }
            let east = try await feed(key)
            #expect(east.status == .ok)
            #expect(east.ids == [typhoon, water])
            #expect(east.json["estate"] as? String == "东苑")
            // The feed reveals the notices' public face only.
            let first = try #require((east.json["notices"] as? [[String: Any]])?.first)
            #expect(Set(first.keys) == ["id", "kind", "title", "body", "officeWide", "validFrom", "validUntil", "publishedAt"])
            #expect(first["officeWide"] as? Bool == true)
            #expect(Set(east.json.keys) == ["estate", "office", "generatedAt", "notices"])
            #expect(try await feed(westKey).ids == [event, typhoon])
            #expect(try await feed(southKey).ids == [south])

            // Atom: the same notices, escaped.
            let atom = try await client.execute(uri: path + "/atom", method: .get, headers: anonymous) { response in
                (response.status, response.headers[.contentType], response.headers[.cacheControl], String(buffer: response.body))
            }
            #expect(atom.0 == .ok)
            #expect(atom.1?.hasPrefix("application/atom+xml") == true)
            #expect(atom.2 == "public, max-age=60")
            #expect(atom.3.contains("<title>停水 &lt;1栋&amp;2栋&gt;</title>"))
            #expect(atom.3.contains("<id>urn:liaison:notice:\(typhoon)</id>"))
            #expect(!atom.3.contains("消杀") && !atom.3.contains("停电") && !atom.3.contains("停车卡") && !atom.3.contains("游园会"))

            // Wrong keys: a forged well-formed key, a malformed one, a key with a suffix; all 404 problem+json alike.
            let forged = String(repeating: "A", count: 43)
            for bad in [forged, "short", key + "x", String(key.dropLast()) + (key.hasSuffix("A") ? "B" : "A")] {
                let answer = try await client.execute(uri: "/v1/public/notice-feeds/\(bad)", method: .get, headers: anonymous) { response in
                    (response.status, response.headers[.contentType])
                }
                #expect(answer.0 == .notFound, "\(bad)")
                #expect(answer.1 == "application/problem+json", "\(bad)")
                #expect(try await client.execute(uri: "/v1/public/notice-feeds/\(bad)/atom", method: .get, headers: anonymous) { $0.status } == .notFound)
            }
            // Other endpoints do not open with a feed key.
            #expect(try await TestApp.send(client, [.authorization: "Bearer \(key)"], .get, "/v1/customer-notices").status == .unauthorized)

            // Time moves: Monday 12:00 the typhoon warning has ended; Wednesday 01:00 the water notice too, and pest control began.
            clock.advance(by: 86_400)
            #expect(try await feed(key).ids == [water])
            clock.advance(by: 2 * 86_400 - 11 * 3600)
            #expect(try await feed(key).ids == [pest])

            // A new key replaces the old one; a revoked feed is gone.
            manager = try await TestApp.login(client, managerName)
            let replaced = try #require(try await TestApp.send(client, manager, .post, "/v1/estates/\(e1)/notice-feed").json["key"] as? String)
            #expect(try await feed(key).status == .notFound)
            #expect(try await feed(replaced).ids == [pest])
            #expect(try await TestApp.send(client, manager, .delete, "/v1/estates/\(e1)/notice-feed").status == .noContent)
            #expect(try await feed(replaced).status == .notFound)
            #expect(try await TestApp.send(client, manager, .delete, "/v1/estates/\(e1)/notice-feed").status == .notFound)
            #expect(try await feed(southKey).ids == [south])
        }
    }

    @Test("INF-4: drafting rules, edits only while a draft, the publish/withdraw order, If-Match, office isolation")
    func rules() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("N", suite: Self.suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("P", suite: Self.suite)
        let managerName = TestFixtures.unique("mgr"), otherName = TestFixtures.unique("mgr"), qualityName = TestFixtures.unique("qa")
        try await TestFixtures.user(managerName, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.officeManager], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(qualityName, roles: [.qualityStaff], department: "QUALITY", database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let manager = try await TestApp.login(client, managerName)
            let other = try await TestApp.login(client, otherName)
            let otherEstate = try #require((try await TestApp.send(
                client, other, .post, "/v1/estates", #"{"officeId":\#(otherOffice),"code":"PX","name":"北苑","kind":"residential"}"#
            ).json["id"] as? NSNumber)?.int64Value)
            func body(_ fields: String, from: String = "2026-11-22T00:00:00Z", until: String = "2026-11-29T00:00:00Z") -> String {
                #"{"officeId":\#(office),\#(fields)"kind":"other","title":"通知","body":"内容","validFrom":"\#(from)","validUntil":"\#(until)"}"#
            }
            for (bad, status) in [
                (body(""), HTTPResponse.Status.created),
                (body(#""estateId":\#(otherEstate),"#), .unprocessableContent),  // another office's estate
                (body("", until: "2026-11-21T00:00:00Z"), .unprocessableContent),  // until before from
                (body("", from: "2026-11-01T00:00:00Z", until: "2026-11-22T06:00:00Z"), .unprocessableContent),  // already over
                (body("", until: "2027-11-23T00:00:01Z"), .unprocessableContent),  // a second longer than 366 days
                (body(#""colour":"red","#), .badRequest),  // not a field
                (body("").replacingOccurrences(of: #""kind":"other""#, with: #""kind":"flood""#), .badRequest),
            ] {
                let answer = try await TestApp.send(client, manager, .post, "/v1/customer-notices", bad)
                #expect(answer.status == status, "\(bad) \(answer.json)")
            }
            #expect(try await TestApp.send(
                client, other, .post, "/v1/customer-notices", body("")).status == .unprocessableContent)  // another office

            // QUALITY may publish the answers to a company survey's common issues into any office (SRV-3).
            let quality = try await TestApp.login(client, qualityName)
            let campaign = try await TestFixtures.surveyCampaign(office: nil, suite: Self.suite)
            let answers = try await TestApp.send(
                client, quality, .post, "/v1/customer-notices",
                body(#""surveyCampaignId":\#(campaign),"#).replacingOccurrences(of: #""kind":"other""#, with: #""kind":"survey_answer""#))
            #expect(answers.status == .created, "\(answers.json)")
            let id = try #require((answers.json["id"] as? NSNumber)?.int64Value)
            var stale = manager
            stale[.ifMatch] = "\"v7\""
            #expect(try await TestApp.send(client, stale, .put, "/v1/customer-notices/\(id)", #"{"kind":"survey_answer","title":"答复","body":"内容","validFrom":"2026-11-22T00:00:00Z","validUntil":"2026-11-29T00:00:00Z","surveyCampaignId":\#(campaign)}"#).status == .preconditionFailed)
            let edited = try await TestApp.send(
                client, manager, .put, "/v1/customer-notices/\(id)",
                #"{"kind":"survey_answer","title":"满意度调查意见答复","body":"电梯维保已加密","validFrom":"2026-11-22T00:00:00Z","validUntil":"2026-11-29T00:00:00Z","surveyCampaignId":\#(campaign)}"#)
            #expect(edited.json["title"] as? String == "满意度调查意见答复")
            #expect(edited.json["version"] as? Int == 2)
            #expect(try await TestApp.send(client, quality, .post, "/v1/customer-notices/\(id)/withdrawal", #"{"reason":"x"}"#).status == .conflict)
            let published = try await TestApp.send(client, quality, .post, "/v1/customer-notices/\(id)/publication")
            #expect(published.json["current"] as? Bool == true)
            #expect(try await TestApp.send(
                client, manager, .put, "/v1/customer-notices/\(id)",
                #"{"kind":"other","title":"改","body":"改","validFrom":"2026-11-22T00:00:00Z","validUntil":"2026-11-29T00:00:00Z"}"#).status == .conflict)
            #expect(try await TestApp.send(client, manager, .post, "/v1/customer-notices/\(id)/withdrawal", #"{"reason":" "}"#).status == .unprocessableContent)
            let withdrawn = try await TestApp.send(client, manager, .post, "/v1/customer-notices/\(id)/withdrawal", #"{"reason":"内容有误"}"#)
            #expect(withdrawn.json["status"] as? String == "withdrawn")
            #expect(withdrawn.json["withdrawalReason"] as? String == "内容有误")
            #expect(try await TestApp.send(client, manager, .post, "/v1/customer-notices/\(id)/publication").status == .conflict)
            #expect(try await TestApp.send(client, other, .post, "/v1/customer-notices/\(id)/withdrawal", #"{"reason":"x"}"#).status == .notFound)
        }
    }
}
