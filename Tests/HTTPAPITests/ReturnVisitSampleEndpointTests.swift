import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Weekly return-visit sampling (SRV-1). Its own database: a draw samples every office.
@Suite("Return-visit samples: /v1/return-visit-samples (SRV-1)", .serialized)
struct ReturnVisitSampleEndpointTests {
    static let suite = "http_samples"

    func sample(_ json: [String: Any], office: Int64) -> [String: Any]? {
        (json["items"] as? [[String: Any]])?.first { ($0["officeId"] as? NSNumber)?.int64Value == office }
    }

    func ticketIDs(_ sample: [String: Any]?) -> [Int64] {
        (sample?["items"] as? [[String: Any]] ?? []).compactMap { ($0["ticketId"] as? NSNumber)?.int64Value }
    }

    @Test("SRV-1: 20% (rounded up) of each office's repairs completed in the week, the same set when drawn twice; results recorded; offices see only their own")
    func weeklySample() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let (quiet, _) = try await TestFixtures.newOffice("Q", suite: Self.suite)
        let (other, otherCode) = try await TestFixtures.newOffice("O", suite: Self.suite)
        let quality = TestFixtures.unique("quality"), desk = TestFixtures.unique("desk"), otherDesk = TestFixtures.unique("desk")
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherDesk, roles: [.frontDesk], officeCodes: [otherCode], database: database)
        // The week of Monday 2026-11-16 in Asia/Shanghai: 2026-11-15T16:00Z … 2026-11-22T16:00Z.
        let monday = Date(timeIntervalSince1970: 1_794_758_400)
        var repairs: [Int64] = []
        for day in 0..<7 {
            repairs.append(try await TestFixtures.completedTicket(office: office, completedAt: monday.addingTimeInterval(Double(day) * 86_400 + 3600), suite: Self.suite))
        }
        _ = try await TestFixtures.completedTicket(office: office, category: "inquiry", completedAt: monday.addingTimeInterval(3600), suite: Self.suite)
        _ = try await TestFixtures.completedTicket(office: office, completedAt: monday.addingTimeInterval(-60), suite: Self.suite)  // the week before
        let otherRepair = try await TestFixtures.completedTicket(office: other, completedAt: monday.addingTimeInterval(7200), suite: Self.suite)
        let weekRepairs = repairs

        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let hq = try await TestApp.login(client, quality)
            let first = try await TestApp.send(client, hq, .post, "/v1/return-visit-samples", #"{"week":"2026-11-18"}"#)
            #expect(first.status == .ok)
            let drawn = sample(first.json, office: office)
            #expect(drawn?["weekStart"] as? String == "2026-11-16")
            #expect(drawn?["population"] as? Int == 7)
            let picked = ticketIDs(drawn)
            #expect(picked.count == 2)  // ceil(7 × 0.2)
            #expect(Set(picked).isSubset(of: weekRepairs))
            #expect(ticketIDs(sample(first.json, office: quiet)) == [])
            #expect(ticketIDs(sample(first.json, office: other)) == [otherRepair])  // ceil(1 × 0.2)

            let again = try await TestApp.send(client, hq, .post, "/v1/return-visit-samples", #"{"week":"2026-11-22","rate":"0.5"}"#)
            #expect(ticketIDs(sample(again.json, office: office)) == picked)
            #expect((sample(again.json, office: office)?["id"] as? NSNumber) == (drawn?["id"] as? NSNumber))

            let sampleID = try #require((drawn?["id"] as? NSNumber)?.int64Value)
            let recorded = try await TestApp.send(
                client, hq, .put, "/v1/return-visit-samples/\(sampleID)/items/\(picked[0])", #"{"fixed":false,"satisfaction":2,"comment":"仍有渗水"}"#)
            #expect(recorded.status == .ok)
            let item = (recorded.json["items"] as? [[String: Any]])?.first { ($0["ticketId"] as? NSNumber)?.int64Value == picked[0] }
            #expect(item?["fixed"] as? Bool == false)
            #expect(item?["visitedAt"] != nil)
            let notSampled = try #require(weekRepairs.first { !picked.contains($0) })
            #expect(try await TestApp.send(client, hq, .put, "/v1/return-visit-samples/\(sampleID)/items/\(notSampled)", #"{"fixed":true,"satisfaction":5}"#).status == .notFound)

            // Offices read their own samples and cannot draw.
            let deskHeaders = try await TestApp.login(client, desk)
            #expect(try await TestApp.send(client, deskHeaders, .post, "/v1/return-visit-samples", #"{"week":"2026-11-18"}"#).status == .forbidden)
            let own = try await TestApp.send(client, deskHeaders, .get, "/v1/return-visit-samples?week=2026-11-20")
            let offices = (own.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["officeId"] as? NSNumber)?.int64Value }
            #expect(offices == [office])
            let otherHeaders = try await TestApp.login(client, otherDesk)
            let foreign = try await TestApp.send(client, otherHeaders, .get, "/v1/return-visit-samples?officeId=\(office)")
            #expect((foreign.json["items"] as? [Any])?.isEmpty == true)
        }
    }
}
