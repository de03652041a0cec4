import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Deviations from the safety observation procedure through HTTP (SAF-6): approved by the unit's
/// head in writing, at most a year (366 days is refused, 365 accepted), applying through their last
/// day and expired after it; an office sees its own, HQ every unit's. Clock: Sunday 2026-11-22
/// 20:00 Asia/Shanghai.
@Suite("Safety deviations (SAF-6)")
struct SafetyDeviationEndpointTests {
    static let suite = "http_safety_deviations"

    static func body(unit: String, startsOn: String = "2026-11-22", endsOn: String) -> String {
        #"{\#(unit),"clause":"5.4.1 班组其他人员当班合计不少于1人次","deviation":"夜班两人合计每班一次","reasons":"夜班仅两人值守，事实见排班表","startsOn":"\#(startsOn)","endsOn":"\#(endsOn)"}"#
    }

    static func ids(_ json: [String: Any]) -> [Int64] {
        (json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    @Test("SAF-6: 366 days is refused with nothing written; 365 applies through its last day and expires the day after; offices see their own")
    func deviations() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("D", suite: Self.suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("E", suite: Self.suite)
        let manager = TestFixtures.unique("mgr"), otherManager = TestFixtures.unique("mgr"), desk = TestFixtures.unique("desk")
        let gm = TestFixtures.unique("gm"), quality = TestFixtures.unique("qa")
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        let qhse: Int64 = try await admin.withConnection { connection in
            try await connection.query("SELECT id FROM liaison.department WHERE code = 'QHSE'").single().decode("id")
        }
        await admin.shutdown()
        let clock = TestClock()
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            var office1 = try await TestApp.login(client, manager)
            let own = #""officeId":\#(office)"#

            let tooLong = try await TestApp.send(client, office1, .post, "/v1/safety-deviations", Self.body(unit: own, endsOn: "2027-11-22"))
            #expect(tooLong.status == .unprocessableContent)
            #expect((tooLong.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "endsOn")
            #expect(try await TestFixtures.auditCount(action: "safety_deviation.create", suite: Self.suite) == 0)

            let approved = try await TestApp.send(client, office1, .post, "/v1/safety-deviations", Self.body(unit: own, endsOn: "2027-11-21"))
            #expect(approved.status == .created, "\(approved.json)")
            #expect(approved.json["days"] as? Int == 365)
            #expect(approved.json["applies"] as? Bool == true)
            #expect(approved.json["expired"] as? Bool == false)
            let id = try #require((approved.json["id"] as? NSNumber)?.int64Value)

            // Units: not another office's, not a department's, never both; the front desk is no unit head.
            let otherUnit = #""officeId":\#(otherOffice)"#
            #expect(try await TestApp.send(client, office1, .post, "/v1/safety-deviations", Self.body(unit: otherUnit, endsOn: "2026-12-31")).status
                == .unprocessableContent)
            let department = #""departmentId":\#(qhse)"#
            #expect(try await TestApp.send(client, office1, .post, "/v1/safety-deviations", Self.body(unit: department, endsOn: "2026-12-31")).status
                == .forbidden)
            #expect(try await TestApp.send(client, office1, .post, "/v1/safety-deviations", Self.body(unit: own + "," + department, endsOn: "2026-12-31"))
                .status == .unprocessableContent)
            let frontDesk = try await TestApp.login(client, desk)
            #expect(try await TestApp.send(client, frontDesk, .post, "/v1/safety-deviations", Self.body(unit: own, endsOn: "2026-12-31")).status
                == .forbidden)
            #expect(Self.ids(try await TestApp.send(client, frontDesk, .get, "/v1/safety-deviations").json) == [id])

            // The general manager approves QHSE's; HQ sees both, offices only their own.
            let hq = try await TestApp.login(client, gm)
            let headOffice = try await TestApp.send(client, hq, .post, "/v1/safety-deviations", Self.body(unit: department, endsOn: "2026-12-31"))
            #expect(headOffice.status == .created, "\(headOffice.json)")
            let departmentDeviation = try #require((headOffice.json["id"] as? NSNumber)?.int64Value)
            let qa = try await TestApp.login(client, quality)
            #expect(Set(Self.ids(try await TestApp.send(client, qa, .get, "/v1/safety-deviations").json)) == [id, departmentDeviation])
            #expect(Self.ids(try await TestApp.send(client, qa, .get, "/v1/safety-deviations?departmentId=\(qhse)").json) == [departmentDeviation])
            #expect(try await TestApp.send(client, office1, .get, "/v1/safety-deviations/\(departmentDeviation)").status == .notFound)
            let other = try await TestApp.login(client, otherManager)
            #expect(Self.ids(try await TestApp.send(client, other, .get, "/v1/safety-deviations").json) == [])
            #expect(try await TestApp.send(client, other, .get, "/v1/safety-deviations/\(id)").status == .notFound)

            // Its last day, 2027-11-21, late evening in Shanghai: it still applies.
            clock.advance(by: 364 * 86_400 + 3 * 3600 + 59 * 60)
            office1 = try await TestApp.login(client, manager)
            let lastDay = try await TestApp.send(client, office1, .get, "/v1/safety-deviations/\(id)")
            #expect(lastDay.json["applies"] as? Bool == true)
            #expect(Self.ids(try await TestApp.send(client, office1, .get, "/v1/safety-deviations?applying=true").json) == [id])
            // Midnight: expired by itself.
            clock.advance(by: 60)
            let expired = try await TestApp.send(client, office1, .get, "/v1/safety-deviations/\(id)")
            #expect(expired.json["applies"] as? Bool == false)
            #expect(expired.json["expired"] as? Bool == true)
            #expect(Self.ids(try await TestApp.send(client, office1, .get, "/v1/safety-deviations?applying=true").json) == [])
        }
    }
}
