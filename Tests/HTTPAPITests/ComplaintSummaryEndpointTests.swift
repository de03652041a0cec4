import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Weekly and monthly complaint summaries per office (CMP-5), with an injected clock.
@Suite("Complaint summary endpoints (CMP-5)")
struct ComplaintSummaryEndpointTests {
    static let suite = "http_complaint_summaries"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let clock: TestClock
        let office: Int64
        let desk: String
        let manager: String
        let otherManager: String
    }

    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("K", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("L", suite: Self.suite)
        let desk = TestFixtures.unique("desk"), manager = TestFixtures.unique("mgr"), otherManager = TestFixtures.unique("mgr")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), clock: clock, office: office, desk: desk,
            manager: manager, otherManager: otherManager)
    }

    func complaint(_ client: some TestClientProtocol, _ headers: HTTPFields, _ world: World, against manager: Bool = false) async throws -> Int64 {
        let created = try await TestApp.send(client, headers, .post, "/v1/tickets", #"{"officeId":\#(world.office),"source":"owner_call","category":"complaint","urgency":"normal","serviceMode":"immediate","contactName":"孙先生","content":"电梯噪音大","againstManager":\#(manager)}"#)
        #expect(created.status == .created)
        return try #require((created.json["id"] as? NSNumber)?.int64Value)
    }

    @Test("CMP-5: the monthly summary counts the month's complaints, is approved by the office manager after the month, by the 5th")
    func monthlySummary() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var desk = try await TestApp.login(client, world.desk)
            // 2026-11-22 20:00 in Asia/Shanghai: two complaints of November, one for leadership (CMP-2).
            let first = try await complaint(client, desk, world)
            _ = try await complaint(client, desk, world, against: true)
            _ = try await TestApp.send(client, desk, .post, "/v1/tickets", #"{"officeId":\#(world.office),"source":"owner_call","category":"inquiry","urgency":"normal","serviceMode":"immediate","contactName":"孙先生","content":"停车费多少"}"#)

            let prepared = try await TestApp.send(
                client, desk, .post, "/v1/complaint-summaries", #"{"officeId":\#(world.office),"period":"month","day":"2026-11-03"}"#)
            #expect(prepared.status == .created)
            let id = try #require((prepared.json["id"] as? NSNumber)?.int64Value)
            #expect(prepared.json["periodStart"] as? String == "2026-11-01")
            #expect(prepared.json["lastDay"] as? String == "2026-11-30")
            #expect(prepared.json["dueOn"] as? String == "2026-12-05")
            #expect(prepared.json["received"] as? Int == 2)  // the inquiry is not a complaint
            #expect(prepared.json["open"] as? Int == 2)
            #expect(prepared.json["forLeadership"] as? Int == 1)
            #expect(prepared.json["late"] as? Bool == false)
            let again = try await TestApp.send(
                client, desk, .post, "/v1/complaint-summaries", #"{"officeId":\#(world.office),"period":"month","day":"2026-11-30"}"#)
            #expect(again.status == .conflict)
            let future = try await TestApp.send(
                client, desk, .post, "/v1/complaint-summaries", #"{"officeId":\#(world.office),"period":"month","day":"2026-12-01"}"#)
            #expect(future.status == .unprocessableContent)

            let manager = try await TestApp.login(client, world.manager)
            let tooEarly = try await TestApp.send(client, manager, .post, "/v1/complaint-summaries/\(id)/approve")
            #expect(tooEarly.status == .conflict)  // November has not ended

            // A complaint is cancelled before the summary is revised: the revision compiles it as it stands.
            var cancel = desk
            cancel[.contentType] = "application/json"
            let cancelled = try await TestApp.send(
                client, cancel, .post, "/v1/tickets/\(first)/transitions", #"{"transition":"cancel","reason":"业主撤回"}"#)
            #expect(cancelled.status == .ok)

            world.clock.advance(by: 11 * 86_400)  // 2026-12-03
            desk = try await TestApp.login(client, world.desk)
            let manager2 = try await TestApp.login(client, world.manager)
            let otherManager = try await TestApp.login(client, world.otherManager)
            #expect(try await TestApp.send(client, otherManager, .get, "/v1/complaint-summaries/\(id)").status == .notFound)
            #expect(try await TestApp.send(client, desk, .post, "/v1/complaint-summaries/\(id)/approve").status == .forbidden)
            #expect(try await TestApp.send(client, manager2, .post, "/v1/complaint-summaries/\(id)/approve").status == .conflict)  // no handling

            var stale = desk
            stale[.ifMatch] = "\"v7\""
            #expect(try await TestApp.send(client, stale, .put, "/v1/complaint-summaries/\(id)", #"{"handling":"x"}"#).status == .preconditionFailed)
            let revised = try await TestApp.send(client, desk, .put, "/v1/complaint-summaries/\(id)", #"{"handling":"电梯已报维保单位检修，物业经理致电业主说明"}"#)
            #expect(revised.status == .ok)
            #expect(revised.json["cancelled"] as? Int == 1)
            #expect(revised.json["open"] as? Int == 1)
            let approved = try await TestApp.send(client, manager2, .post, "/v1/complaint-summaries/\(id)/approve")
            #expect(approved.status == .ok)
            #expect(approved.json["published"] as? Bool == true)
            #expect(approved.json["late"] as? Bool == false)  // 3 December ≤ 5 December
            #expect(try await TestApp.send(client, desk, .put, "/v1/complaint-summaries/\(id)", #"{"handling":"改"}"#).status == .conflict)
            #expect(try await TestFixtures.auditCount(action: "complaint_summary.approve", entityID: String(id), suite: Self.suite) == 1)
        }
    }

    @Test("CMP-5: the weekly summary is due the Monday after its week; unapproved after that it shows late")
    func weeklySummaryLate() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let desk = try await TestApp.login(client, world.desk)
            _ = try await complaint(client, desk, world)
            let prepared = try await TestApp.send(
                client, desk, .post, "/v1/complaint-summaries", #"{"officeId":\#(world.office),"period":"week","day":"2026-11-18","handling":"已处理"}"#)
            #expect(prepared.json["periodStart"] as? String == "2026-11-16")
            #expect(prepared.json["lastDay"] as? String == "2026-11-22")
            #expect(prepared.json["dueOn"] as? String == "2026-11-23")
            #expect(prepared.json["received"] as? Int == 1)
            let id = try #require((prepared.json["id"] as? NSNumber)?.int64Value)
            world.clock.advance(by: 2 * 86_400)  // 2026-11-24 20:00 in the company zone
            let manager = try await TestApp.login(client, world.manager)
            let read = try await TestApp.send(client, manager, .get, "/v1/complaint-summaries/\(id)")
            #expect(read.json["late"] as? Bool == true)
            let approved = try await TestApp.send(client, manager, .post, "/v1/complaint-summaries/\(id)/approve")
            #expect(approved.json["late"] as? Bool == true)  // approved after its due day: stays late
            let listed = try await TestApp.send(client, manager, .get, "/v1/complaint-summaries?officeId=\(world.office)&period=week")
            #expect((listed.json["items"] as? [[String: Any]])?.count == 1)
        }
    }
}
