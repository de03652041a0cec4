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

/// The deadline sweeper's notifications beyond developer matters (MTG-2, EXT-6): minutes not sent
/// by their due day go to the meeting's organizer, resolutions open past their day to the person
/// responsible (a company meeting's to HQ, without an office), reports not submitted by their day
/// to the office managers; each record once. Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Overdue minutes, resolutions and reports notify their people once (MTG-2, EXT-6)")
struct CommunicationOverdueNotificationTests {
    static let suite = "http_overdue_notifications"

    static func items(_ json: [String: Any]) -> [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }

    static func at(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    @Test("MTG-2/EXT-6: one sweep after the due days notifies organizer, responsible people and office managers; a second sweep nothing")
    func overdueNotifications() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("O", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("P", suite: Self.suite)
        let gm = TestFixtures.unique("gm"), manager = TestFixtures.unique("mgr"), other = TestFixtures.unique("mgr")
        let gmUser = try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        let managerUser = try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(other, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let clock = TestClock()
        let sweeper = DeadlineSweeper(database: database, now: clock.function)
        // A quarterly report of the office due to QUALITY on Tuesday 11-24 and to the owners on 11-30.
        let report = try await TestFixtures.document(office: office, kind: "quarterly_report", suite: Self.suite)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        try await admin.withConnection { connection in
            try await connection.execute("""
                UPDATE liaison.document SET submit_due_on = DATE '2026-11-24', publish_due_on = DATE '2026-11-30' WHERE id = \(report)
                """)
        }
        await admin.shutdown()
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            var hq = try await TestApp.login(client, gm), office1 = try await TestApp.login(client, manager)
            // Monday 11-23: the office's morning meeting and the president office meeting; minutes due Thursday 11-26.
            let morning = try await TestApp.send(
                client, office1, .post, "/v1/meetings",
                #"{"officeId":\#(office),"type":"office_morning","title":"周一早会","scheduledAt":"2026-11-23T08:30:00+08:00"}"#)
            #expect(morning.status == .created, "\(morning.json)")
            #expect(morning.json["minutesDueOn"] as? String == "2026-11-26")
            let president = try await TestApp.send(
                client, hq, .post, "/v1/meetings", #"{"type":"president_office","title":"总裁办公会","scheduledAt":"2026-11-23T10:00:00+08:00"}"#)
            #expect(president.status == .created, "\(president.json)")
            let presidentID = try #require((president.json["id"] as? NSNumber)?.int64Value)

            // The president office meeting's minutes go out on time, with two resolutions due Tuesday 11-24.
            clock.advance(by: try Self.at("2026-11-23T12:00:00+08:00").timeIntervalSince(clock.now))
            hq = try await TestApp.login(client, gm)
            let minutes = try await TestApp.send(
                client, hq, .post, "/v1/meetings/\(presidentID)/minutes",
                #"{"minutes":"纪要","resolutions":[{"text":"整改门禁","responsibleId":\#(managerUser.id),"dueOn":"2026-11-24"},{"text":"审定预算","responsibleId":\#(gmUser.id),"dueOn":"2026-11-24"}]}"#)
            #expect(minutes.status == .ok, "\(minutes.json)")

            // The last second of Wednesday 11-25: the resolutions and the report are late, the morning minutes not yet.
            clock.advance(by: try Self.at("2026-11-25T23:59:59+08:00").timeIntervalSince(clock.now))
            #expect(try await sweeper.sweep() == .init(notifications: 3, overdueRecords: 3))
            // Friday 00:00: the morning meeting's minutes (due Thursday) are late too; each record is notified once.
            clock.advance(by: try Self.at("2026-11-27T00:00:00+08:00").timeIntervalSince(clock.now))
            #expect(try await sweeper.sweep() == .init(notifications: 1, overdueRecords: 1))
            #expect(try await sweeper.sweep() == .init())

            office1 = try await TestApp.login(client, manager)
            let mine = Self.items(try await TestApp.send(client, office1, .get, "/v1/notifications").json)
            #expect(Set(mine.compactMap { $0["kind"] as? String }) == ["resolution_overdue", "submission_overdue", "minutes_overdue"])
            #expect(mine.allSatisfy { ($0["officeId"] as? NSNumber)?.int64Value == office })
            let minutesNotice = try #require(mine.first { $0["kind"] as? String == "minutes_overdue" })
            #expect(minutesNotice["subject"] as? String == "meeting")
            #expect((minutesNotice["subjectId"] as? NSNumber)?.int64Value == (morning.json["id"] as? NSNumber)?.int64Value)
            #expect(try (minutesNotice["dueAt"] as? String).map { try Self.at($0) } == (try Self.at("2026-11-27T00:00:00+08:00")))
            let reportNotice = try #require(mine.first { $0["kind"] as? String == "submission_overdue" })
            #expect(reportNotice["subject"] as? String == "document")
            #expect((reportNotice["subjectId"] as? NSNumber)?.int64Value == report)

            // The GM's own resolution of a company meeting: a notification without an office.
            hq = try await TestApp.login(client, gm)
            let gms = Self.items(try await TestApp.send(client, hq, .get, "/v1/notifications").json)
            #expect(gms.count == 1)
            #expect(gms.first?["kind"] as? String == "resolution_overdue")
            #expect(gms.first?["subject"] as? String == "meeting_resolution")
            #expect(gms.first?["officeId"] == nil)
            // Another office's manager hears of nothing.
            let otherOffice = try await TestApp.login(client, other)
            #expect(Self.items(try await TestApp.send(client, otherOffice, .get, "/v1/notifications").json).isEmpty)
        }
    }
}
