import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// The information register through HTTP (INF-1/2): the front desk records urgent external
/// information; QUALITY and the management representative hear of it at once; it closes only after
/// its corrective/preventive action report is approved by the management representative; offices
/// see their own entries only. Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Information register (INF-1, INF-2)")
struct InformationRegisterEndpointTests {
    static let suite = "http_information_register"

    @Test("INF-1/2: urgent information reaches QUALITY and the management representative, needs its action report approved before it closes; external marked *; offices see their own")
    func urgentInformation() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("I", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("J", suite: Self.suite)
        let deskName = TestFixtures.unique("desk"), otherName = TestFixtures.unique("desk"), qualityName = TestFixtures.unique("qa")
        let repName = TestFixtures.unique("rep"), gmName = TestFixtures.unique("gm")
        try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.frontDesk], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(qualityName, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(repName, roles: [.managementRep], database: database)
        try await TestFixtures.user(gmName, roles: [.generalManager], database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let desk = try await TestApp.login(client, deskName)
            let body = { (extra: String) in
                #"{"officeId":\#(office),"direction":"external","sourceKind":"authority","source":"市供水公司","content":"明日9时起管网抢修停水","receivedAt":"2026-11-22T11:30:00Z"\#(extra)}"#
            }
            for (bad, status) in [
                (body(#","receivedAt2":"x""#), HTTPResponse.Status.badRequest),
                (body("").replacingOccurrences(of: "2026-11-22T11:30:00Z", with: "2026-11-23T11:30:00Z"), .unprocessableContent),
                (body("").replacingOccurrences(of: #""officeId":\#(office),"#, with: ""), .unprocessableContent),
            ] {
                #expect(try await TestApp.send(client, desk, .post, "/v1/information-entries", bad).status == status, "\(bad)")
            }
            let recorded = try await TestApp.send(client, desk, .post, "/v1/information-entries", body(#","urgent":true,"told":"管理处主任""#))
            #expect(recorded.status == .created, "\(recorded.json)")
            let id = try #require((recorded.json["id"] as? NSNumber)?.int64Value)
            #expect(recorded.json["marker"] as? String == "*")
            #expect(recorded.json["actionReportRequired"] as? Bool == true)

            // At once to QUALITY and the management representative; not to the general manager.
            func kinds(_ name: String) async throws -> [String] {
                let headers = try await TestApp.login(client, name)
                return (try await TestApp.send(client, headers, .get, "/v1/notifications").json["items"] as? [[String: Any]] ?? [])
                    .map { "\($0["kind"] ?? "-") \($0["subject"] ?? "-") \($0["subjectId"] ?? "-")" }
            }
            #expect(try await kinds(qualityName) == ["urgent_information information_entry \(id)"])
            #expect(try await kinds(repName) == ["urgent_information information_entry \(id)"])
            #expect(try await kinds(gmName) == [])

            // It closes only after the action report is approved, by the management representative.
            let quality = try await TestApp.login(client, qualityName)
            #expect(try await TestApp.send(client, quality, .post, "/v1/information-entries/\(id)/closure").status == .conflict)
            #expect(try await TestApp.send(client, quality, .post, "/v1/information-entries/\(id)/action-report/approval").status == .forbidden)
            let rep = try await TestApp.login(client, repName)
            #expect(try await TestApp.send(client, rep, .post, "/v1/information-entries/\(id)/action-report/approval").status == .conflict)  // no report yet
            var current = desk
            current[.ifMatch] = "\"v1\""
            let reported = try await TestApp.send(
                client, current, .put, "/v1/information-entries/\(id)/action-report", #"{"report":"停水前逐户通知；储备应急用水；预防：与供水公司建立提前三日通报机制"}"#)
            #expect(reported.status == .ok, "\(reported.json)")
            #expect(try await TestApp.send(client, desk, .post, "/v1/information-entries/\(id)/action-report/approval").status == .forbidden)
            let approved = try await TestApp.send(client, rep, .post, "/v1/information-entries/\(id)/action-report/approval")
            #expect(approved.status == .ok, "\(approved.json)")
            #expect(try await TestApp.send(client, desk, .put, "/v1/information-entries/\(id)/action-report", #"{"report":"改"}"#).status == .conflict)
            let revised = try await TestApp.send(
                client, quality, .put, "/v1/information-entries/\(id)", #"{"told":"管理处主任、品质部","handling":"已逐户通知，次日恢复供水"}"#)
            #expect(revised.status == .ok, "\(revised.json)")
            let closed = try await TestApp.send(client, quality, .post, "/v1/information-entries/\(id)/closure")
            #expect(closed.json["closed"] as? Bool == true)
            #expect(try await TestApp.send(client, quality, .post, "/v1/information-entries/\(id)/closure").status == .conflict)

            // A possible major nonconformity goes to the management representative; a plain entry closes at once.
            let major = try await TestApp.send(
                client, desk, .post, "/v1/information-entries",
                #"{"officeId":\#(office),"direction":"internal","sourceKind":"office","source":"工程组","content":"消防泵连续两次点检未做","majorNonconformity":true,"receivedAt":"2026-11-22T10:00:00Z"}"#)
            #expect(major.status == .created)
            let majorID = try #require((major.json["id"] as? NSNumber)?.int64Value)
            #expect(major.json["marker"] as? String == "")
            #expect(try await kinds(repName).contains("major_nonconformity information_entry \(majorID)"))
            #expect(try await TestApp.send(
                client, quality, .put, "/v1/information-entries/\(majorID)", #"{"told":"","handling":"","reviewedMeetingId":999999999}"#).status
                == .unprocessableContent)
            #expect(try await TestApp.send(client, quality, .post, "/v1/information-entries/\(majorID)/closure").status == .ok)

            // Office isolation; HQ's own information is HQ's.
            let hqEntry = try await TestApp.send(
                client, quality, .post, "/v1/information-entries",
                #"{"direction":"external","sourceKind":"authority","source":"住建局","content":"物业服务收费新规","receivedAt":"2026-11-22T09:00:00Z"}"#)
            #expect(hqEntry.status == .created, "\(hqEntry.json)")
            let hqID = try #require((hqEntry.json["id"] as? NSNumber)?.int64Value)
            #expect(try await TestApp.send(client, desk, .get, "/v1/information-entries/\(hqID)").status == .notFound)
            let other = try await TestApp.login(client, otherName)
            #expect(try await TestApp.send(client, other, .get, "/v1/information-entries/\(id)").status == .notFound)
            #expect((try await TestApp.send(client, other, .get, "/v1/information-entries").json["items"] as? [Any])?.count == 0)
            let ownIDs = (try await TestApp.send(client, desk, .get, "/v1/information-entries").json["items"] as? [[String: Any]] ?? [])
                .compactMap { ($0["id"] as? NSNumber)?.int64Value }
            #expect(ownIDs == [id, majorID])
            #expect((try await TestApp.send(client, quality, .get, "/v1/information-entries?urgent=true").json["items"] as? [Any])?.count == 1)
        }
    }
}
