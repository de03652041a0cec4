import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// SAF-2 yearly plans through HTTP (seed 4.1.2, 5.1): a unit declares areas, time slots and shifts;
/// its plan's coverage names what it leaves out until every area, time slot, shift and month is
/// covered. Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Safety plans (SAF-2)")
struct SafetyPlanEndpointTests {
    static let suite = "http_safety_plans"

    static func id(_ json: [String: Any]) throws -> Int64 {
        try #require((json["id"] as? NSNumber)?.int64Value, "\(json)")
    }

    static func ids(_ value: Any?) -> [Int64] {
        (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.int64Value }
    }

    @Test("SAF-2: the coverage names the areas, time slots, shifts and months a plan leaves out, until it covers all; one plan per unit and year; only the unit's own setup; If-Match; offices see their own")
    func planCoverage() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("P", suite: Self.suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("O", suite: Self.suite)
        let managerName = TestFixtures.unique("mgr"), deskName = TestFixtures.unique("desk"), otherName = TestFixtures.unique("mgr")
        let manager = try await TestFixtures.user(managerName, roles: [.officeManager], officeCodes: [code], database: database)
        let desk = try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let foreignArea = try await TestFixtures.safetyArea(office: otherOffice, suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, managerName)
            let unit = #""officeId":\#(office)"#
            func post(_ path: String, _ body: String) async throws -> Int64 {
                let created = try await TestApp.send(client, headers, .post, path, body)
                #expect(created.status == .created, "\(path) \(created.json)")
                return try Self.id(created.json)
            }
            let pumps = try await post("/v1/safety-areas", #"{\#(unit),"name":"泵房"}"#)
            let garage = try await post("/v1/safety-areas", #"{\#(unit),"name":"地下车库"}"#)
            let morning = try await post("/v1/safety-time-slots", #"{\#(unit),"name":"上午","startsAt":"08:00","endsAt":"12:00"}"#)
            let night = try await post("/v1/safety-time-slots", #"{\#(unit),"name":"夜间","startsAt":"22:00","endsAt":"06:00"}"#)
            #expect(try await TestApp.send(client, headers, .post, "/v1/safety-time-slots", #"{\#(unit),"name":"错","startsAt":"25:00","endsAt":"06:00"}"#).status
                == .unprocessableContent)
            let dayShift = try await post("/v1/safety-shifts", #"{\#(unit),"code":"day","name":"白班","leaderId":\#(desk.id),"crewIds":[]}"#)
            let nightShift = try await post("/v1/safety-shifts", #"{\#(unit),"code":"night","name":"夜班","leaderId":\#(manager.id),"crewIds":[]}"#)
            let team = try await post("/v1/safety-teams", #"{\#(unit),"name":"一组","leaderId":\#(manager.id),"memberIds":[\#(desk.id)]}"#)
            let setup = try await TestApp.send(client, headers, .get, "/v1/safety-setup?officeId=\(office)")
            #expect((setup.json["timeSlots"] as? [[String: Any]])?.map { "\($0["name"] ?? "-") \($0["startsAt"] ?? "-")-\($0["endsAt"] ?? "-")" }
                == ["上午 08:00-12:00", "夜间 22:00-06:00"])

            let item = { (month: Int, area: Int64, slot: Int64, shift: Int64) in
                #"{"month":\#(month),"areaId":\#(area),"timeSlotId":\#(slot),"shiftId":\#(shift),"teamId":\#(team)}"#
            }
            // Monthly in the pump room, mornings, day shift, January to November: the garage, nights, the night shift and December are uncovered.
            let partial = (1...11).map { item($0, pumps, morning, dayShift) }.joined(separator: ",")
            let created = try await TestApp.send(client, headers, .post, "/v1/safety-plans", #"{\#(unit),"year":2027,"items":[\#(partial)]}"#)
            #expect(created.status == .created, "\(created.json)")
            let plan = try Self.id(created.json)
            let coverage = created.json["coverage"] as? [String: Any] ?? [:]
            #expect(coverage["complete"] as? Bool == false)
            #expect(Self.ids(coverage["uncoveredAreaIds"]) == [garage])
            #expect(Self.ids(coverage["uncoveredTimeSlotIds"]) == [night])
            #expect(Self.ids(coverage["uncoveredShiftIds"]) == [nightShift])
            #expect(coverage["uncoveredMonths"] as? [Int] == [12])

            // Refused, nothing written: another office's area, a month 13, a second plan for 2027, a year too far.
            let refusals: [(String, HTTPResponse.Status)] = [
                (#"{\#(unit),"year":2026,"items":[\#(item(1, foreignArea, morning, dayShift))]}"#, .unprocessableContent),
                (#"{\#(unit),"year":2026,"items":[\#(item(13, pumps, morning, dayShift))]}"#, .unprocessableContent),
                (#"{\#(unit),"year":2027,"items":[\#(item(1, pumps, morning, dayShift))]}"#, .conflict),
                (#"{\#(unit),"year":2030,"items":[\#(item(1, pumps, morning, dayShift))]}"#, .unprocessableContent),
                (#"{\#(unit),"year":2026,"items":[]}"#, .unprocessableContent),
            ]
            for (body, status) in refusals {
                #expect(try await TestApp.send(client, headers, .post, "/v1/safety-plans", body).status == status, "\(body)")
            }
            let deskHeaders = try await TestApp.login(client, deskName)
            #expect(try await TestApp.send(client, deskHeaders, .post, "/v1/safety-plans", #"{\#(unit),"year":2026,"items":[\#(item(1, pumps, morning, dayShift))]}"#).status
                == .forbidden)
            #expect(try await TestApp.send(client, deskHeaders, .get, "/v1/safety-plans/\(plan)").status == .ok)

            // December in the garage, at night, in the night shift: complete.
            var stale = headers
            stale[.ifMatch] = "\"v7\""
            let full = partial + "," + item(12, garage, night, nightShift)
            #expect(try await TestApp.send(client, stale, .put, "/v1/safety-plans/\(plan)", #"{"items":[\#(full)]}"#).status == .preconditionFailed)
            var current = headers
            current[.ifMatch] = "\"v1\""
            let updated = try await TestApp.send(client, current, .put, "/v1/safety-plans/\(plan)", #"{"items":[\#(full)]}"#)
            #expect(updated.status == .ok, "\(updated.json)")
            #expect(updated.json["version"] as? Int == 2)
            #expect((updated.json["items"] as? [Any])?.count == 12)
            let complete = updated.json["coverage"] as? [String: Any] ?? [:]
            #expect(complete["complete"] as? Bool == true)
            #expect(Self.ids(complete["uncoveredAreaIds"]) == [])
            #expect(complete["uncoveredMonths"] as? [Int] == [])
            #expect(try await TestFixtures.auditCount(action: "safety_plan.update", entityID: String(plan), suite: Self.suite) == 1)

            let list = try await TestApp.send(client, headers, .get, "/v1/safety-plans?officeId=\(office)")
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["year"] as? Int } == [2027])
            let other = try await TestApp.login(client, otherName)
            #expect(try await TestApp.send(client, other, .get, "/v1/safety-plans/\(plan)").status == .notFound)
        }
    }
}
