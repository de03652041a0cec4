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

/// GET /v1/rankings and /v1/offices/{id}/kpi (issue 5): HQ sees every office, an office its own
/// rows and its rank; tickets recorded through the API show up after the next refresh.
@Suite("KPI and ranking endpoints")
struct KPIEndpointTests {
    static let suite = "http_kpis"

    @Test("BI-1: the ranking API honours office isolation; another office's KPIs are 404; a technician may not read KPIs")
    func isolation() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("K", suite: Self.suite)
        let (other, otherCode) = try await TestFixtures.newOffice("L", suite: Self.suite)
        let desk = TestFixtures.unique("desk"), otherDesk = TestFixtures.unique("desk"), manager = TestFixtures.unique("mgr")
        let quality = TestFixtures.unique("qa"), tech = TestFixtures.unique("tech")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherDesk, roles: [.frontDesk], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(tech, roles: [.technician], officeCodes: [code], database: database)
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        let clock = TestClock()
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            for (user, id) in [(desk, office), (otherDesk, other)] {
                let recorded = try await TestApp.send(
                    client, try await TestApp.login(client, user), .post, "/v1/tickets",
                    #"{"officeId":\#(id),"source":"owner_call","category":"engineering","urgency":"normal","serviceMode":"immediate","contactName":"吴女士","content":"水管漏水"}"#)
                #expect(recorded.status == .created)
            }
            try await KPIRefresher(database: database).refreshAll()

            let hq = try await TestApp.login(client, quality)
            let all = try await TestApp.send(client, hq, .get, "/v1/rankings?period=month&at=2026-11&metric=sla_breaches")
            #expect(all.status == .ok)
            let hqOffices = Set((all.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["officeId"] as? NSNumber)?.int64Value })
            #expect(hqOffices.isSuperset(of: [office, other]))
            #expect((all.json["period"] as? [String: Any])?["lastDay"] as? String == "2026-11-30")

            let own = try await TestApp.send(client, try await TestApp.login(client, manager), .get, "/v1/rankings?period=month&at=2026-11")
            let items = own.json["items"] as? [[String: Any]] ?? []
            #expect(own.status == .ok && items.count == KPIMetric.allCases.count)
            #expect(items.allSatisfy { ($0["officeId"] as? NSNumber)?.int64Value == office })
            let breaches = try #require(items.first { $0["metric"] as? String == "sla_breaches" })
            #expect((breaches["rankedOffices"] as? Int ?? 0) >= 2 && breaches["rank"] as? Int != nil)

            let managerHeaders = try await TestApp.login(client, manager)
            #expect(try await TestApp.send(client, managerHeaders, .get, "/v1/offices/\(other)/kpi?period=month").status == .notFound)
            let kpi = try await TestApp.send(client, managerHeaders, .get, "/v1/offices/\(office)/kpi?period=month&at=2026-11")
            #expect(kpi.status == .ok && kpi.json["received"] as? Int == 1 && kpi.json["officeCode"] as? String == code)
            #expect((kpi.json["receivedByCategory"] as? [String: Int])?["engineering"] == 1)

            let techHeaders = try await TestApp.login(client, tech)
            #expect(try await TestApp.send(client, techHeaders, .get, "/v1/rankings?period=month").status == .forbidden)
        }
    }

    @Test("BI-1: a ticket recorded through the API is in the KPIs after the next refresh, not before (the writing transaction marks its day)")
    func freshness() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("F", suite: Self.suite)
        let desk = TestFixtures.unique("desk")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let app = Application(router: try TestApp.router(database: database, clock: TestClock()))
        let refresher = KPIRefresher(database: database)
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, desk)
            let record = #"{"officeId":\#(office),"source":"walk_in","category":"help","urgency":"normal","serviceMode":"immediate","contactName":"王先生","content":"门禁卡失效"}"#
            #expect(try await TestApp.send(client, headers, .post, "/v1/tickets", record).status == .created)
            try await refresher.refreshAll()
            func received() async throws -> Int? {
                try await TestApp.send(client, headers, .get, "/v1/offices/\(office)/kpi?period=day&at=2026-11-22").json["received"] as? Int
            }
            #expect(try await received() == 1)
            #expect(try await TestApp.send(client, headers, .post, "/v1/tickets", record).status == .created)
            #expect(try await received() == 1)
            try await refresher.refreshAll()
            #expect(try await received() == 2)
        }
    }

    @Test("bad period parameters: a missing period is 400, a label of another shape is 422 naming `at`, an unknown metric 400")
    func badParameters() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let quality = TestFixtures.unique("qa")
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        let app = Application(router: try TestApp.router(database: database, clock: TestClock()))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, quality)
            #expect(try await TestApp.send(client, headers, .get, "/v1/rankings").status == .badRequest)
            let label = try await TestApp.send(client, headers, .get, "/v1/rankings?period=quarter&at=2026-10")
            #expect(label.status == .unprocessableContent)
            #expect((label.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "at", "\(label.json)")
            #expect(try await TestApp.send(client, headers, .get, "/v1/rankings?period=month&metric=happiness").status == .badRequest)
        }
    }
}
