import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Checks after the repair of a major defect (SRV-2), with an injected clock.
@Suite("Major defect check endpoints (SRV-2)")
struct DefectCheckEndpointTests {
    static let suite = "http_defect_checks"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let clock: TestClock
        let office: Int64
        let desk: String
        let tech: String
        let techID: Int64
        let otherDesk: String
    }

    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("R", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let desk = TestFixtures.unique("desk"), tech = TestFixtures.unique("tech"), otherDesk = TestFixtures.unique("desk")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let technician = try await TestFixtures.user(tech, roles: [.technician], officeCodes: [code], database: database)
        try await TestFixtures.user(otherDesk, roles: [.frontDesk], officeCodes: [otherCode], database: database)
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), clock: clock, office: office, desk: desk,
            tech: tech, techID: technician.id, otherDesk: otherDesk)
    }

    func record(_ client: some TestClientProtocol, _ headers: HTTPFields, _ world: World, category: String = "engineering") async throws -> Int64 {
        let created = try await TestApp.send(client, headers, .post, "/v1/tickets", #"{"officeId":\#(world.office),"source":"owner_call","category":"\#(category)","urgency":"normal","serviceMode":"immediate","contactName":"吴女士","content":"卫生间天花渗水"}"#)
        return try #require((created.json["id"] as? NSNumber)?.int64Value)
    }

    /// A repair taken to `completed`.
    func repaired(_ client: some TestClientProtocol, _ world: World, desk: HTTPFields, tech: HTTPFields) async throws -> Int64 {
        let ticket = try await record(client, desk, world)
        for (headers, fields) in [
            (desk, #""transition":"classify""#), (desk, #""transition":"dispatch","assigneeId":\#(world.techID)"#),
            (tech, #""transition":"sign""#), (tech, #""transition":"complete","materials":"防水涂料""#),
        ] {
            let result = try await TestApp.send(client, headers, .post, "/v1/tickets/\(ticket)/transitions", "{\(fields)}")
            #expect(result.status == .ok, "\(fields): \(result.json)")
        }
        return ticket
    }

    @Test("SRV-2: a major defect's repair gets checks after 7, 30 and 90 days; a persisting defect names its rework ticket")
    func checksAfterRepair() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let desk = try await TestApp.login(client, world.desk)
            let tech = try await TestApp.login(client, world.tech)
            let unfinished = try await record(client, desk, world)
            #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(unfinished)/major-defect", #"{"defect":"roof_leak"}"#).status == .conflict)
            let inquiry = try await record(client, desk, world, category: "inquiry")
            #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(inquiry)/major-defect", #"{"defect":"roof_leak"}"#).status == .conflict)

            let ticket = try await repaired(client, world, desk: desk, tech: tech)
            let marked = try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/major-defect", #"{"defect":"bathroom_leak"}"#)
            #expect(marked.status == .ok)
            let checks = marked.json["items"] as? [[String: Any]] ?? []
            // Marked on 2026-11-22 (Asia/Shanghai).
            #expect(checks.compactMap { $0["dueOn"] as? String } == ["2026-11-29", "2026-12-22", "2027-02-20"])
            #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/major-defect", #"{"defect":"bathroom_leak"}"#).status == .conflict)
            let first = try #require((checks.first?["id"] as? NSNumber)?.int64Value)
            let second = try #require((checks.dropFirst().first?["id"] as? NSNumber)?.int64Value)

            let otherDesk = try await TestApp.login(client, world.otherDesk)
            #expect(try await TestApp.send(client, otherDesk, .post, "/v1/defect-checks/\(first)/result", #"{"result":"x","defectPersists":false}"#).status == .notFound)
            let unlinked = try await TestApp.send(client, tech, .post, "/v1/defect-checks/\(first)/result", #"{"result":"仍有渗水","defectPersists":true}"#)
            #expect(unlinked.status == .unprocessableContent)
            let rework = try await record(client, desk, world)
            let persisting = try await TestApp.send(
                client, tech, .post, "/v1/defect-checks/\(first)/result", #"{"result":"墙角仍有渗水痕迹","defectPersists":true,"followUpTicketId":\#(rework)}"#)
            #expect(persisting.status == .ok)
            #expect((persisting.json["followUpTicketId"] as? NSNumber)?.int64Value == rework)
            #expect(try await TestApp.send(client, tech, .post, "/v1/defect-checks/\(first)/result", #"{"result":"再记","defectPersists":false}"#).status == .conflict)

            world.clock.advance(by: 31 * 86_400)  // 2026-12-23: the second check (due 12-22) is overdue
            let deskLater = try await TestApp.login(client, world.desk)
            let pending = try await TestApp.send(client, deskLater, .get, "/v1/defect-checks?officeId=\(world.office)&pending=true")
            let items = pending.json["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { ($0["id"] as? NSNumber)?.int64Value }.contains(first) == false)
            #expect(items.first { ($0["id"] as? NSNumber)?.int64Value == second }?["overdue"] as? Bool == true)

            let history = try await TestApp.send(client, deskLater, .get, "/v1/tickets/\(ticket)/events?limit=200")
            let kinds = (history.json["items"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.suffix(2) == ["major_defect", "defect_check"])
        }
    }
}
