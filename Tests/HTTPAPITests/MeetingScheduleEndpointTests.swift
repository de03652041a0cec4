import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Scheduling from the cadence through HTTP (MTG-1): `GET /v1/meeting-schedule` with the injected
/// clock on Sunday 2026-11-22 20:00 Asia/Shanghai. Company meetings and meeting types are
/// company-wide, so the suite has a database of its own and runs its steps in one test.
@Suite("Meeting schedule from the cadence (MTG-1)", .serialized)
struct MeetingScheduleEndpointTests {
    static let suite = "http_meeting_schedule"

    static func entries(_ json: [String: Any], type: String, office: Int64? = nil) -> [[String: Any]] {
        (json["items"] as? [[String: Any]] ?? []).filter {
            $0["type"] as? String == type && ($0["officeId"] as? NSNumber)?.int64Value == office
        }
    }

    @Test("MTG-1: the president office meeting is due by the 3rd working day; overdue until one is held; offices see their own types only")
    func schedule() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let (otherOffice, _) = try await TestFixtures.newOffice("T", suite: Self.suite)
        let gm = TestFixtures.unique("gm"), manager = TestFixtures.unique("mgr")
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        let app = Application(router: try TestApp.router(database: database, clock: TestClock()))
        try await app.test(.router) { client in
            let hq = try await TestApp.login(client, gm), office1 = try await TestApp.login(client, manager)

            // November: Mon 2, Tue 3, Wed 4 are the first three working days; the agenda is due a week before.
            var all = try await TestApp.send(client, hq, .get, "/v1/meeting-schedule")
            #expect(all.status == .ok)
            var president = try #require(Self.entries(all.json, type: "president_office").first)
            #expect(president["windowStart"] as? String == "2026-11-01")
            #expect(president["windowLastDay"] as? String == "2026-11-30")
            #expect(president["dueOn"] as? String == "2026-11-04")
            #expect(president["agendaDueOn"] as? String == "2026-10-28")
            #expect(president["overdue"] as? Bool == true)
            #expect(president["previousWindowStart"] as? String == "2026-10-01")
            #expect(president["previousMissed"] as? Bool == true)
            // As-needed types have no schedule; office types appear once per office.
            #expect(Self.entries(all.json, type: "owner_communication", office: office).isEmpty)
            #expect(Self.entries(all.json, type: "office_staff", office: office).first?["dueOn"] as? String == "2026-11-30")
            #expect(Self.entries(all.json, type: "office_staff", office: otherOffice).count == 1)
            // Sunday: the office morning meeting is not due today.
            let morning = try #require(Self.entries(all.json, type: "office_morning", office: office).first)
            #expect(morning["dueOn"] == nil)
            #expect(morning["overdue"] as? Bool == false)

            // A president office meeting held on 11-03 fills the window.
            let held = try await TestApp.send(
                client, hq, .post, "/v1/meetings", #"{"type":"president_office","title":"十一月总裁办公会","scheduledAt":"2026-11-03T01:00:00Z"}"#)
            #expect(held.status == .created, "\(held.json)")
            all = try await TestApp.send(client, hq, .get, "/v1/meeting-schedule")
            president = try #require(Self.entries(all.json, type: "president_office").first)
            #expect(president["overdue"] as? Bool == false)
            #expect(president["meetingOn"] as? String == "2026-11-03")
            #expect((president["meetingId"] as? NSNumber)?.int64Value == (held.json["id"] as? NSNumber)?.int64Value)

            // HQ policy: within the first 2 working days makes the due day 11-03; not for a daily type.
            let types = try await TestApp.send(client, hq, .get, "/v1/meeting-types")
            let presidentType = try #require((types.json["items"] as? [[String: Any]])?.first { $0["code"] as? String == "president_office" })
            #expect((presidentType["heldByWorkingDay"] as? NSNumber)?.intValue == 3)
            let changed = try await TestApp.send(
                client, hq, .put, "/v1/meeting-types/president_office",
                #"{"cadence":"monthly","agendaLeadDays":7,"minutesDueWorkingDays":3,"heldByWorkingDay":2}"#)
            #expect(changed.status == .ok, "\(changed.json)")
            let refused = try await TestApp.send(
                client, hq, .put, "/v1/meeting-types/office_morning",
                #"{"cadence":"daily","agendaLeadDays":0,"minutesDueWorkingDays":3,"heldByWorkingDay":1}"#)
            #expect(refused.status == .unprocessableContent)
            all = try await TestApp.send(client, hq, .get, "/v1/meeting-schedule")
            #expect(Self.entries(all.json, type: "president_office").first?["dueOn"] as? String == "2026-11-03")

            // The office manager sees the office's types of his office only, and no company type.
            let own = try await TestApp.send(client, office1, .get, "/v1/meeting-schedule")
            #expect(own.status == .ok)
            let offices = Set((own.json["items"] as? [[String: Any]] ?? []).map { ($0["officeId"] as? NSNumber)?.int64Value })
            #expect(offices == [office])
            #expect(Self.entries(own.json, type: "president_office").isEmpty)
            #expect(try await TestApp.send(client, office1, .get, "/v1/meeting-schedule?officeId=\(otherOffice)").status == .unprocessableContent)
        }
    }
}
