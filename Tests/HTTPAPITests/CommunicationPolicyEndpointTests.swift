import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// The communication deadlines as stored HQ policy (EXT-2, EXT-6, EXT-7): the seed's numbers by
/// default, changed with If-Match by HQ, refused to offices, and taken by records written after the
/// change. The policy is company-wide: the suite has a database of its own. Clock: Sunday
/// 2026-11-22 20:00 Asia/Shanghai.
@Suite("Communication policy (EXT-2, EXT-6, EXT-7)", .serialized)
struct CommunicationPolicyEndpointTests {
    static let suite = "http_communication_policy"

    static func body(developerAnswer: String, days: Int, submission: Int = 8) -> String {
        #"{"developerAnswer":{"days":\#(days),"unit":"\#(developerAnswer)"},"reportSubmission":{"day":\#(submission),"unit":"working_day"},"reportPublication":{"day":18,"unit":"calendar_day"},"reportQuestionWindow":{"days":7,"unit":"calendar_days"},"briefingDelivery":{"day":3,"unit":"calendar_day"},"consultingReportAnswer":{"days":3,"unit":"working_days"}}"#
    }

    @Test("EXT-2: the seed's 3 working days by default; HQ switches to 2 calendar days and a letter received on Sunday is due on Tuesday, not Wednesday")
    func policyDrivesNewDueDays() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("C", suite: Self.suite)
        let estate = try await TestFixtures.estateWithDeveloper(office: office, suite: Self.suite)
        let gm = TestFixtures.unique("gm"), manager = TestFixtures.unique("mgr")
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        let app = Application(router: try TestApp.router(database: database, clock: TestClock()))
        try await app.test(.router) { client in
            let hq = try await TestApp.login(client, gm), office1 = try await TestApp.login(client, manager)
            func letterDueOn() async throws -> (id: Int64?, dueOn: String?) {
                let letter = try await TestApp.send(
                    client, office1, .post, "/v1/developer-matters",
                    #"{"officeId":\#(office),"estateId":\#(estate),"kind":"developer_letter","subject":"来函","receivedAt":"2026-11-22T10:00:00+08:00"}"#)
                #expect(letter.status == .created, "\(letter.json)")
                return ((letter.json["id"] as? NSNumber)?.int64Value, letter.json["dueOn"] as? String)
            }

            let seeded = try await TestApp.send(client, office1, .get, "/v1/communication-policy")
            #expect(seeded.status == .ok)
            #expect((seeded.json["developerAnswer"] as? [String: Any])?["unit"] as? String == "working_days")
            #expect((seeded.json["developerAnswer"] as? [String: Any])?["days"] as? Int == 3)
            #expect((seeded.json["reportSubmission"] as? [String: Any])?["day"] as? Int == 8)
            #expect((seeded.json["reportPublication"] as? [String: Any])?["unit"] as? String == "calendar_day")
            // Sunday: Mon 23, Tue 24, Wed 25 are the 3 working days.
            let first = try await letterDueOn()
            #expect(first.dueOn == "2026-11-25")

            // Offices may not change it; a stale version is 412; a 24th working day is 422.
            let calendarDays = Self.body(developerAnswer: "calendar_days", days: 2)
            #expect(try await TestApp.send(client, office1, .put, "/v1/communication-policy", calendarDays).status == .forbidden)
            var stale = hq
            stale[.ifMatch] = "\"v9\""
            #expect(try await TestApp.send(client, stale, .put, "/v1/communication-policy", calendarDays).status == .preconditionFailed)
            let tooLate = try await TestApp.send(client, hq, .put, "/v1/communication-policy", Self.body(developerAnswer: "working_days", days: 3, submission: 24))
            #expect(tooLate.status == .unprocessableContent)
            #expect((tooLate.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "reportSubmission")

            var current = hq
            current[.ifMatch] = "\"v1\""
            let changed = try await TestApp.send(client, current, .put, "/v1/communication-policy", calendarDays)
            #expect(changed.status == .ok, "\(changed.json)")
            #expect((changed.json["developerAnswer"] as? [String: Any])?["unit"] as? String == "calendar_days")
            #expect(try await TestFixtures.auditCount(action: "communication_policy.update", suite: Self.suite) == 1)
            // Sunday + 2 calendar days: Tuesday. The letter recorded before keeps its due day.
            #expect(try await letterDueOn().dueOn == "2026-11-24")
            let kept = try await TestApp.send(client, office1, .get, "/v1/developer-matters/\(try #require(first.id))")
            #expect(kept.json["dueOn"] as? String == "2026-11-25")
        }
    }
}
