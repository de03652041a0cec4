import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Exchanges between offices through HTTP (INF-7): recorded by the office that went, signed in by the host
/// (another office, or HQ), seen by both and by HQ, by no other office. Clock: Sunday 2026-11-22.
@Suite("Exchanges between offices (INF-7)")
struct OfficeExchangeEndpointTests {
    static let suite = "http_office_exchanges"

    @Test("INF-7: a visit recorded by the office that went is signed in once by the host office; HQ signs in its trainings; a third office sees neither")
    func visitsAndTrainings() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (a, aCode) = try await TestFixtures.newOffice("G", suite: Self.suite)
        let (b, bCode) = try await TestFixtures.newOffice("H", suite: Self.suite)
        let (_, cCode) = try await TestFixtures.newOffice("K", suite: Self.suite)
        let aName = TestFixtures.unique("mgr"), bName = TestFixtures.unique("mgr"), cName = TestFixtures.unique("mgr"), adminName = TestFixtures.unique("hr")
        try await TestFixtures.user(aName, roles: [.officeManager], officeCodes: [aCode], database: database)
        try await TestFixtures.user(bName, roles: [.officeManager], officeCodes: [bCode], database: database)
        try await TestFixtures.user(cName, roles: [.officeManager], officeCodes: [cCode], database: database)
        try await TestFixtures.user(adminName, roles: [.adminStaff], department: "ADMIN", database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let managerA = try await TestApp.login(client, aName)
            let body = { (host: String, day: String) in
                #"{"officeId":\#(a),\#(host)"kind":"visit","heldOn":"\#(day)","topic":"学习西苑的垃圾分类做法","participants":"主任、客服助理、保洁领班","participantCount":3}"#
            }
            #expect(try await TestApp.send(client, managerA, .post, "/v1/office-exchanges", body(#""hostOfficeId":\#(a),"#, "2026-11-20")).status
                == .unprocessableContent)  // not to itself
            #expect(try await TestApp.send(client, managerA, .post, "/v1/office-exchanges", body(#""hostOfficeId":\#(b),"#, "2026-11-23")).status
                == .unprocessableContent)  // not yet held
            let visit = try await TestApp.send(client, managerA, .post, "/v1/office-exchanges", body(#""hostOfficeId":\#(b),"#, "2026-11-20"))
            #expect(visit.status == .created, "\(visit.json)")
            let visitID = try #require((visit.json["id"] as? NSNumber)?.int64Value)
            #expect(visit.json["signed"] as? Bool == false)

            // Only the host signs it in, once.
            #expect(try await TestApp.send(client, managerA, .post, "/v1/office-exchanges/\(visitID)/host-sign-in", "{}").status == .forbidden)
            let managerC = try await TestApp.login(client, cName)
            #expect(try await TestApp.send(client, managerC, .post, "/v1/office-exchanges/\(visitID)/host-sign-in", "{}").status == .notFound)
            #expect(try await TestApp.send(client, managerC, .get, "/v1/office-exchanges/\(visitID)").status == .notFound)
            let managerB = try await TestApp.login(client, bName)
            let hosted = (try await TestApp.send(client, managerB, .get, "/v1/office-exchanges?signed=false").json["items"] as? [[String: Any]] ?? [])
            #expect(hosted.compactMap { ($0["id"] as? NSNumber)?.int64Value } == [visitID])
            let signed = try await TestApp.send(client, managerB, .post, "/v1/office-exchanges/\(visitID)/host-sign-in", #"{"comment":"已接待，交流了分类督导经验"}"#)
            #expect(signed.status == .ok, "\(signed.json)")
            #expect(signed.json["signed"] as? Bool == true)
            #expect(try await TestApp.send(client, managerB, .post, "/v1/office-exchanges/\(visitID)/host-sign-in", "{}").status == .conflict)

            // A training HQ hosted: HQ (ADMIN) signs it in; the office cannot.
            let training = try await TestApp.send(
                client, managerA, .post, "/v1/office-exchanges",
                #"{"officeId":\#(a),"kind":"training","heldOn":"2026-11-18","topic":"消防器材使用培训","participants":"全体保安","participantCount":12}"#)
            let trainingID = try #require((training.json["id"] as? NSNumber)?.int64Value)
            #expect(try await TestApp.send(client, managerA, .post, "/v1/office-exchanges/\(trainingID)/host-sign-in", "{}").status == .forbidden)
            let admin = try await TestApp.login(client, adminName)
            #expect(try await TestApp.send(client, admin, .post, "/v1/office-exchanges/\(trainingID)/host-sign-in", "{}").json["signed"] as? Bool == true)
            #expect((try await TestApp.send(client, managerC, .get, "/v1/office-exchanges").json["items"] as? [Any])?.count == 0)
            let ofA = (try await TestApp.send(client, admin, .get, "/v1/office-exchanges?officeId=\(a)").json["items"] as? [[String: Any]] ?? [])
            #expect(ofA.compactMap { ($0["id"] as? NSNumber)?.int64Value } == [visitID, trainingID])
        }
    }
}
