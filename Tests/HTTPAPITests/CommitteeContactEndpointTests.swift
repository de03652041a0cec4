import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Scheduled communication with owners' committees (EXT-5): each committee's cadence and whether
/// the office manager contacted it in the current period, with an injected clock (Sunday
/// 2026-11-22 20:00 in Shanghai).
@Suite("Owners' committee contact cadence (EXT-5)")
struct CommitteeContactEndpointTests {
    static let suite = "http_committee_contacts"

    @Test("EXT-5: a quarterly committee contacted in November counts for 2026-Q4; a monthly one not contacted yet is flagged; the cadence is kept")
    func contactsThisPeriod() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("K", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("L", suite: Self.suite)
        let manager = TestFixtures.unique("mgr"), otherManager = TestFixtures.unique("mgr")
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let quarterly = try await TestFixtures.estateWithDeveloper(office: office, suite: Self.suite)
        let monthly = try await TestFixtures.estateWithDeveloper(office: office, suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, manager)
            let set = try await TestApp.send(
                client, headers, .put, "/v1/estates/\(quarterly)/committee",
                #"{"name":"季度业委会","formedOn":"2026-09-15","contactCadence":"quarter","members":[{"name":"陈主任","role":"chair"}]}"#)
            #expect(set.status == .ok)
            #expect(set.json["contactCadence"] as? String == "quarter")
            // Saved again without a cadence: kept.
            let again = try await TestApp.send(
                client, headers, .put, "/v1/estates/\(quarterly)/committee", #"{"name":"季度业委会","formedOn":"2026-09-15","members":[{"name":"陈主任","role":"chair"}]}"#)
            #expect(again.json["contactCadence"] as? String == "quarter")
            let fresh = try await TestApp.send(
                client, headers, .put, "/v1/estates/\(monthly)/committee", #"{"name":"月度业委会","formedOn":"2026-09-15","members":[{"name":"林主任","role":"chair"}]}"#)
            #expect(fresh.json["contactCadence"] as? String == "month")
            let weekly = try await TestApp.send(
                client, headers, .put, "/v1/estates/\(monthly)/committee", #"{"name":"月度业委会","contactCadence":"week","members":[{"name":"林主任","role":"chair"}]}"#)
            #expect([.badRequest, .unprocessableContent].contains(weekly.status))

            // One meeting with the quarterly committee on Friday 2026-11-20 (Shanghai).
            let recorded = try await TestApp.send(
                client, headers, .post, "/v1/communications",
                #"{"officeId":\#(office),"estateId":\#(quarterly),"party":"owners_committee","channel":"meeting","occurredAt":"2026-11-20T10:00:00+08:00","counterparts":"陈主任","summary":"季度沟通"}"#)
            #expect(recorded.status == .created)

            let contacts = try await TestApp.send(client, headers, .get, "/v1/committee-contacts?officeId=\(office)")
            #expect(contacts.status == .ok)
            let items = contacts.json["items"] as? [[String: Any]] ?? []
            let byEstate = Dictionary(uniqueKeysWithValues: items.compactMap { item in
                (item["estateId"] as? NSNumber).map { ($0.int64Value, item) }
            })
            #expect(byEstate.count == 2)
            #expect(byEstate[quarterly]?["period"] as? String == "2026-Q4")
            #expect(byEstate[quarterly]?["lastDay"] as? String == "2026-12-31")
            #expect(byEstate[quarterly]?["communications"] as? Int == 1)
            #expect(byEstate[quarterly]?["contacted"] as? Bool == true)
            #expect(byEstate[monthly]?["period"] as? String == "2026-11")
            #expect(byEstate[monthly]?["contacted"] as? Bool == false)
            #expect(byEstate[monthly]?["lastContactAt"] == nil)

            // Another office's manager sees none of them.
            let otherHeaders = try await TestApp.login(client, otherManager)
            let hidden = try await TestApp.send(client, otherHeaders, .get, "/v1/committee-contacts?officeId=\(office)")
            #expect((hidden.json["items"] as? [[String: Any]] ?? []).isEmpty)
        }

        // BI: the monthly committee formed on 2026-09-15 missed September and October (closed, no contact);
        // the quarterly one had its 2026-Q3 without and its 2026-Q4 with a contact. The view closes periods by the
        // database's real clock, so only periods already over in any run are checked for `closed`.
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        let rows: [String] = try await admin.withConnection { connection in
            try await connection.query("""
                SELECT label || ' ' || communications || ' ' || contacted || ' '
                       || CASE WHEN period_start < DATE '2026-10-01' OR (cadence = 'month' AND period_start < DATE '2026-11-01') THEN closed::text ELSE '-' END
                       AS line
                FROM bi.committee_contact
                WHERE (estate_id IN (\(quarterly), \(monthly)) AND period_start < DATE '2026-11-01')
                   OR (estate_id = \(quarterly) AND period_start = DATE '2026-10-01')
                ORDER BY estate_id, period_start
                """).map { try $0.decode("line") }
        }
        await admin.shutdown()
        #expect(rows == ["2026-Q3 0 false true", "2026-Q4 1 true -", "2026-09 0 false true", "2026-10 0 false true"])
    }
}
