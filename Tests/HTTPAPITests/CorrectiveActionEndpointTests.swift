import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// A complaint's corrective action through HTTP (CMP-3/4): QUALITY's plan, the office's
/// implementation, QUALITY's verifying return visit, the major complaint's published report.
@Suite("Corrective action endpoints (CMP-3, CMP-4)")
struct CorrectiveActionEndpointTests {
    static let suite = "http_corrective_actions"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let office: Int64
        let desk: String
        let techID: Int64
        let tech: String
        let quality: String
        let otherDesk: String
    }

    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("C", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("D", suite: Self.suite)
        let desk = TestFixtures.unique("desk"), tech = TestFixtures.unique("tech"), quality = TestFixtures.unique("qa")
        let otherDesk = TestFixtures.unique("desk")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let technician = try await TestFixtures.user(tech, roles: [.technician], officeCodes: [code], database: database)
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(otherDesk, roles: [.frontDesk], officeCodes: [otherCode], database: database)
        return World(
            app: Application(router: try TestApp.router(database: database)), office: office, desk: desk, techID: technician.id,
            tech: tech, quality: quality, otherDesk: otherDesk)
    }

    func id(_ json: [String: Any]) throws -> Int64 {
        try #require((json["id"] as? NSNumber)?.int64Value)
    }

    /// A complaint taken as far as a passed return visit: only `close` is left.
    func visitedComplaint(_ client: some TestClientProtocol, _ world: World, desk: HTTPFields, tech: HTTPFields) async throws -> Int64 {
        let created = try await TestApp.send(client, desk, .post, "/v1/tickets", #"{"officeId":\#(world.office),"source":"walk_in","category":"complaint","urgency":"normal","serviceMode":"immediate","contactName":"赵先生","content":"保安态度恶劣"}"#)
        let ticket = try id(created.json)
        for (headers, fields) in [
            (desk, #""transition":"classify""#), (desk, #""transition":"dispatch","assigneeId":\#(world.techID)"#),
            (tech, #""transition":"sign""#), (tech, #""transition":"complete""#), (desk, #""transition":"accept","acceptorName":"赵先生""#),
            (desk, #""transition":"return_visit","fixed":true,"satisfaction":4,"channel":"phone""#),
        ] {
            let result = try await TestApp.send(client, headers, .post, "/v1/tickets/\(ticket)/transitions", "{\(fields)}")
            #expect(result.status == .ok, "\(fields): \(result.json)")
        }
        return ticket
    }

    static let closing = #"{"transition":"close","causeAnalysis":"岗前培训不足","preventiveMeasures":"每月服务礼仪培训"}"#

    @Test("CMP-3/4: plan → implementation → failed and passed verification → report; the complaint closes only at the end")
    func fullCorrectiveLoop() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let desk = try await TestApp.login(client, world.desk)
            let tech = try await TestApp.login(client, world.tech)
            let quality = try await TestApp.login(client, world.quality)
            let otherDesk = try await TestApp.login(client, world.otherDesk)
            let ticket = try await visitedComplaint(client, world, desk: desk, tech: tech)
            let base = "/v1/tickets/\(ticket)/corrective-action"

            #expect(try await TestApp.send(client, desk, .get, base).status == .notFound)
            #expect(try await TestApp.send(client, desk, .post, base, #"{"plan":"自行整改"}"#).status == .forbidden)  // QUALITY issues it
            #expect(try await TestApp.send(client, tech, .post, "\(base)/implementation", #"{"implementation":"已整改"}"#).status == .conflict)

            let planned = try await TestApp.send(client, quality, .post, base, #"{"plan":"涉事保安停岗培训，管理处书面致歉","major":true}"#)
            #expect(planned.status == .ok)
            #expect(planned.json["major"] as? Bool == true)
            #expect((planned.json["closeBlockers"] as? [String])?.count == 3)

            // CMP-3/4: not closable before the loop is done; the 409 names what is missing.
            let early = try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/transitions", Self.closing)
            #expect(early.status == .conflict)
            #expect((early.json["detail"] as? String)?.contains("CMP-3") == true)

            #expect(try await TestApp.send(client, quality, .post, "\(base)/verification", #"{"result":"回访","effective":true}"#).status == .conflict)
            let implemented = try await TestApp.send(client, tech, .post, "\(base)/implementation", #"{"implementation":"已停岗培训并致歉"}"#)
            #expect(implemented.json["implementedAt"] != nil)
            #expect(try await TestApp.send(client, quality, .post, base, #"{"plan":"改计划"}"#).status == .conflict)  // carried out: fixed

            let failed = try await TestApp.send(client, quality, .post, "\(base)/verification", #"{"result":"业主称未收到致歉","effective":false}"#)
            #expect(failed.status == .ok)
            #expect(failed.json["implementedAt"] == nil)  // the office carries it out again
            _ = try await TestApp.send(client, tech, .post, "\(base)/implementation", #"{"implementation":"经理上门致歉"}"#)
            let verified = try await TestApp.send(client, quality, .post, "\(base)/verification", #"{"result":"业主满意","effective":true}"#)
            #expect(verified.json["verifiedAt"] != nil)
            #expect((verified.json["closeBlockers"] as? [String])?.count == 1)  // the major complaint's report

            #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/transitions", Self.closing).status == .conflict)
            let missingCause = try await TestApp.send(client, quality, .post, "\(base)/report", #"{"nonconformity":"服务态度","cause":" ","action":"培训"}"#)
            #expect(missingCause.status == .unprocessableContent)
            let published = try await TestApp.send(
                client, quality, .post, "\(base)/report",
                #"{"nonconformity":"保安对业主态度恶劣","cause":"岗前培训不足","action":"全员服务礼仪培训","effect":"回访满意"}"#)
            #expect(published.status == .ok)
            #expect((published.json["closeBlockers"] as? [String])?.isEmpty == true)
            #expect(try await TestApp.send(client, quality, .post, "\(base)/report", #"{"nonconformity":"x","cause":"y","action":"z"}"#).status == .conflict)

            // CMP-4: announced company-wide: another office's staff read the report, but not the complaint itself.
            let reports = try await TestApp.send(client, otherDesk, .get, "/v1/corrective-action-reports?limit=200")
            #expect((reports.json["items"] as? [[String: Any]] ?? []).contains { ($0["ticketId"] as? NSNumber)?.int64Value == ticket })
            #expect(try await TestApp.send(client, otherDesk, .get, base).status == .notFound)
            #expect(try await TestApp.send(client, otherDesk, .get, "/v1/tickets/\(ticket)").status == .notFound)

            let closed = try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/transitions", Self.closing)
            #expect(closed.status == .ok)
            let history = try await TestApp.send(client, desk, .get, "/v1/tickets/\(ticket)/events?limit=200")
            let kinds = (history.json["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.filter { $0.hasPrefix("corrective_") } == [
                "corrective_plan", "corrective_implemented", "corrective_verified", "corrective_implemented", "corrective_verified",
                "corrective_report_published",
            ])
            #expect(try await TestApp.send(client, quality, .post, base, #"{"plan":"再改"}"#).status == .conflict)  // closed
        }
    }

    @Test("CMP-3: corrective action is for complaints; without a plan a complaint closes on cause and measures alone (CMP-4)")
    func onlyComplaints() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let desk = try await TestApp.login(client, world.desk)
            let tech = try await TestApp.login(client, world.tech)
            let quality = try await TestApp.login(client, world.quality)
            let repair = try await TestApp.send(client, desk, .post, "/v1/tickets", #"{"officeId":\#(world.office),"source":"owner_call","category":"engineering","urgency":"normal","serviceMode":"immediate","contactName":"钱女士","content":"门锁坏"}"#)
            let refused = try await TestApp.send(client, quality, .post, "/v1/tickets/\(try id(repair.json))/corrective-action", #"{"plan":"x"}"#)
            #expect(refused.status == .conflict)
            let ticket = try await visitedComplaint(client, world, desk: desk, tech: tech)
            #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/transitions", Self.closing).status == .ok)
        }
    }
}
