import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// SAF-4 quotas through HTTP: the week Mon 2026-11-23 to Sun 2026-11-29 with Wednesday a holiday
/// and Saturday a make-up workday (Asia/Shanghai). Cards are filed day by day as the clock moves;
/// the compliance table equals the one computed by hand below.
@Suite("Safety quotas (SAF-4)")
struct SafetyQuotaEndpointTests {
    static let suite = "http_safety_quotas"

    /// The instant of a Shanghai wall-clock time in that week (UTC+8, no daylight saving).
    static func shanghai(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        // 2026-11-22 00:00 Shanghai is 2026-11-21 16:00 UTC = 1_795_276_800.
        let seconds: Int = (day - 22) * 86_400 + hour * 3600 + minute * 60
        return Date(timeIntervalSince1970: 1_795_276_800 + TimeInterval(seconds))
    }

    @Test("SAF-4: managers one a working day, shift leaders one a shift, the rest of a shift one together; holiday owes nothing, make-up Saturday owes; random cards and other shifts' cards do not count; the table equals the hand-computed one")
    func weekWithHolidayAndMakeUpDay() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("Q", suite: Self.suite)
        func user(_ prefix: String, _ role: Role) async throws -> (name: String, id: Int64) {
            let name = TestFixtures.unique(prefix)
            return (name, try await TestFixtures.user(name, roles: [role], officeCodes: [code], database: database).id)
        }
        // Managers (管理人员及大班): the office manager M and the supervisor S. Day shift: leader L1, crew C1 and C2. Night shift: leader L2 alone.
        let m = try await user("m", .officeManager), s = try await user("s", .supervisor)
        let l1 = try await user("l1", .technician), c1 = try await user("c1", .technician), c2 = try await user("c2", .frontDesk)
        let l2 = try await user("l2", .technician)
        let gm = TestFixtures.unique("gm")
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        let clock = TestClock()
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            let hq = try await TestApp.login(client, gm)
            #expect(try await TestApp.send(client, hq, .put, "/v1/calendar-days/2026-11-25", #"{"kind":"holiday","name":"测试假日"}"#).status == .ok)
            #expect(try await TestApp.send(client, hq, .put, "/v1/calendar-days/2026-11-28", #"{"kind":"workday","name":"调休上班"}"#).status == .ok)

            var manager = try await TestApp.login(client, m.name)
            let unit = #""officeId":\#(office)"#
            let area = try #require((try await TestApp.send(client, manager, .post, "/v1/safety-areas", #"{\#(unit),"name":"泵房"}"#).json["id"] as? NSNumber)?.int64Value)
            func team(_ name: String, _ leader: Int64, _ other: Int64) async throws -> Int64 {
                let created = try await TestApp.send(
                    client, manager, .post, "/v1/safety-teams", #"{\#(unit),"name":"\#(name)","leaderId":\#(leader),"memberIds":[\#(other)]}"#)
                #expect(created.status == .created, "\(created.json)")
                return try #require((created.json["id"] as? NSNumber)?.int64Value)
            }
            let teamA = try await team("A组", m.id, l1.id), teamB = try await team("B组", s.id, c1.id), teamC = try await team("C组", l2.id, c2.id)
            let day = try await TestApp.send(
                client, manager, .post, "/v1/safety-shifts", #"{\#(unit),"code":"day","name":"白班","leaderId":\#(l1.id),"crewIds":[\#(c1.id),\#(c2.id)]}"#)
            #expect(day.status == .created, "\(day.json)")
            #expect(try await TestApp.send(
                client, manager, .post, "/v1/safety-shifts", #"{\#(unit),"code":"night","name":"夜班","leaderId":\#(l2.id),"crewIds":[]}"#).status == .created)
            // A leader is not in the own crew; codes are unique in the unit.
            #expect(try await TestApp.send(
                client, manager, .post, "/v1/safety-shifts", #"{\#(unit),"code":"late","name":"中班","leaderId":\#(l1.id),"crewIds":[\#(l1.id)]}"#).status
                == .unprocessableContent)
            #expect(try await TestApp.send(
                client, manager, .post, "/v1/safety-shifts", #"{\#(unit),"code":"day","name":"白班二","leaderId":\#(l2.id),"crewIds":[]}"#).status
                == .conflict)
            let setup = try await TestApp.send(client, manager, .get, "/v1/safety-setup?officeId=\(office)")
            #expect((setup.json["shifts"] as? [[String: Any]])?.map { $0["code"] as? String } == ["day", "night"])

            /// Moves the clock to the Shanghai time and files a card as `who`.
            func card(_ who: String, _ dayOfMonth: Int, _ hour: Int, _ minute: Int = 0, team: Int64?, shift: String) async throws {
                let at = Self.shanghai(dayOfMonth, hour, minute)
                clock.advance(by: at.timeIntervalSince(clock.now) + 60)  // filed a minute later, the same day
                let headers = try await TestApp.login(client, who)
                let kind = team == nil ? #""kind":"random""# : #""kind":"planned","teamId":\#(team!)"#
                let observedAt = ISO8601DateFormatter().string(from: at)
                let filed = try await TestApp.send(
                    client, headers, .post, "/v1/stop-cards",
                    #"{\#(unit),\#(kind),"areaId":\#(area),"shift":"\#(shift)","observedAt":"\#(observedAt)","observations":[{"category":"positions","safe":true,"actions":["praise"]}]}"#)
                #expect(filed.status == .created, "\(filed.json)")
            }
            // Monday: team A (M, L1) in the day shift; S files a random card, which never counts.
            try await card(m.name, 23, 10, team: teamA, shift: "day")
            try await card(s.name, 23, 11, team: nil, shift: "day")
            // Tuesday: team B (S, C1) in the day shift; team C (L2, C2) in the night shift at 23:30.
            try await card(c1.name, 24, 9, team: teamB, shift: "day")
            try await card(l2.name, 24, 23, 30, team: teamC, shift: "night")
            // Wednesday, a holiday: team A's card owes and counts for nothing.
            try await card(l1.name, 25, 10, team: teamA, shift: "day")
            // Thursday 00:30 (Wednesday 16:30 UTC): team C's night card counts on Thursday; team A in the day shift.
            try await card(l2.name, 26, 0, 30, team: teamC, shift: "night")
            try await card(l1.name, 26, 14, team: teamA, shift: "day")
            // Friday: nothing. Saturday, a make-up workday: team B (day), team A in the night shift (M counts, L1 is the day shift's leader).
            try await card(s.name, 28, 9, team: teamB, shift: "day")
            try await card(m.name, 28, 21, team: teamA, shift: "night")
            // Sunday: a weekend day owes and counts for nothing.
            try await card(m.name, 29, 10, team: teamA, shift: "day")
            // An undeclared shift is refused now that the unit declares its shifts.
            manager = try await TestApp.login(client, m.name)
            let undeclared = try await TestApp.send(
                client, manager, .post, "/v1/stop-cards",
                #"{\#(unit),"kind":"random","areaId":\#(area),"shift":"late","observedAt":"\#(ISO8601DateFormatter().string(from: clock.now))","observations":[{"category":"positions","safe":true,"actions":[]}]}"#)
            #expect(undeclared.status == .unprocessableContent)

            let report = try await TestApp.send(client, manager, .get, "/v1/safety-compliance?officeId=\(office)&from=2026-11-23&to=2026-11-29")
            #expect(report.status == .ok, "\(report.json)")
            #expect(report.json["workingDays"] as? [String] == ["2026-11-23", "2026-11-24", "2026-11-26", "2026-11-27", "2026-11-28"])
            // Rows per working day: M, S (managers by id), the day shift's leader L1 and crew, the night shift's leader L2 (no crew).
            let rows = (report.json["rows"] as? [[String: Any]] ?? []).map { row in
                "\(row["day"] ?? "-") \(row["obligation"] ?? "-") \(row["userId"] ?? "-") \(row["shift"] ?? "-") \(row["done"] ?? "-") \(row["met"] as? Bool == true ? "met" : "missed")"
            }
            func table(_ day: String, _ done: [Int]) -> [String] {
                let obligations = [
                    "manager \(m.id) -", "manager \(s.id) -", "shift_leader \(l1.id) day", "shift_crew - day", "shift_leader \(l2.id) night",
                ]
                return zip(obligations, done).map { "\(day) \($0) \($1) \($1 >= 1 ? "met" : "missed")" }
            }
            #expect(rows == table("2026-11-23", [1, 0, 1, 0, 0]) + table("2026-11-24", [0, 1, 0, 1, 1]) + table("2026-11-26", [1, 0, 1, 0, 1])
                + table("2026-11-27", [0, 0, 0, 0, 0]) + table("2026-11-28", [1, 1, 0, 1, 0]))
            let people = (report.json["people"] as? [[String: Any]] ?? []).map { "\($0["userId"] ?? "-") \($0["due"] ?? "-") \($0["met"] ?? "-")" }
            // Users were created M, S, L1, C1, C2, L2: ids ascending in that order.
            let expectedPeople: [String] = ["\(m.id) 5 3", "\(s.id) 5 2", "\(l1.id) 5 2", "\(l2.id) 5 2"]
            #expect(people == expectedPeople)
            #expect(report.json["due"] as? Int == 25)
            #expect(report.json["met"] as? Int == 11)

            // At most 62 days; another office's unit is not the caller's.
            #expect(try await TestApp.send(client, manager, .get, "/v1/safety-compliance?officeId=\(office)&from=2026-09-01&to=2026-11-29").status
                == .unprocessableContent)
            let (other, _) = try await TestFixtures.newOffice("R", suite: Self.suite)
            #expect(try await TestApp.send(client, manager, .get, "/v1/safety-compliance?officeId=\(other)&from=2026-11-23&to=2026-11-29").status
                == .unprocessableContent)
        }
    }
}
