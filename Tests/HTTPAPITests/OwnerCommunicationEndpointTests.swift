import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// The owner communication meeting's records through HTTP (MTG-3, seed 003): the invitation list
/// with statuses and the reminder calls the day before and 10 minutes before, owners' opinions by
/// area answered on the spot or later, the rectification plan tracked item by item to done, and a
/// budget whose totals are exact decimals.
///
/// The TestClock starts on Sunday 2026-11-22 20:00 in Asia/Shanghai (12:00 UTC). Days are the
/// company's (Asia/Shanghai): the tests put the clock just either side of Shanghai's midnight, where
/// the UTC date is still the day before.
@Suite("Owner communication meeting endpoints (MTG-3)")
struct OwnerCommunicationEndpointTests {
    static let suite = "http_owner_communication"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let suite: String
        let clock: TestClock
        let office: Int64
        let otherOffice: Int64
        /// OFFICE_MANAGER of `office`: organizes the office's owner communication meetings.
        let manager: String
        let managerID: Int64
        /// SUPERVISOR of `office` (meetings.manage in the office).
        let supervisor: String
        let supervisorID: Int64
        /// FRONT_DESK of `office` (meetings.read only).
        let desk: String
        /// SALES_STAFF of `office` (meetings.manage in the office).
        let sales: String
        /// OFFICE_MANAGER of `otherOffice`.
        let otherManager: String
        /// GENERAL_MANAGER (all offices).
        let gm: String
        /// QUALITY_STAFF (all offices).
        let quality: String
    }

    func world() async throws -> World {
        let suite = Self.suite
        let database = try await TestDatabase.appDatabase(suite: suite)
        let (office, code) = try await TestFixtures.newOffice("O", suite: suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("P", suite: suite)
        let manager = TestFixtures.unique("mgr"), supervisor = TestFixtures.unique("sup"), desk = TestFixtures.unique("desk")
        let sales = TestFixtures.unique("sales"), otherManager = TestFixtures.unique("mgr"), gm = TestFixtures.unique("gm")
        let quality = TestFixtures.unique("qa")
        let managerUser = try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        let supervisorUser = try await TestFixtures.user(supervisor, roles: [.supervisor], officeCodes: [code], database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(sales, roles: [.salesStaff], officeCodes: [code], database: database)
        try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), suite: suite, clock: clock, office: office,
            otherOffice: otherOffice, manager: manager, managerID: managerUser.id, supervisor: supervisor, supervisorID: supervisorUser.id,
            desk: desk, sales: sales, otherManager: otherManager, gm: gm, quality: quality)
    }

    /// Everyone logged in at the clock's current time (sessions live 12 hours: log in again after moving the clock).
    struct Sessions {
        let manager: HTTPFields
        let supervisor: HTTPFields
        let desk: HTTPFields
        let sales: HTTPFields
        let otherManager: HTTPFields
        let gm: HTTPFields
        let quality: HTTPFields
    }

    func login(_ client: some TestClientProtocol, _ world: World) async throws -> Sessions {
        Sessions(
            manager: try await TestApp.login(client, world.manager), supervisor: try await TestApp.login(client, world.supervisor),
            desk: try await TestApp.login(client, world.desk), sales: try await TestApp.login(client, world.sales),
            otherManager: try await TestApp.login(client, world.otherManager), gm: try await TestApp.login(client, world.gm),
            quality: try await TestApp.login(client, world.quality))
    }

    // MARK: - Helpers

    typealias Reply = (status: HTTPResponse.Status, eTag: String?, json: [String: Any])

    static func id(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

    /// The fields a 422 names.
    static func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func list(_ json: [String: Any], _ key: String) -> [[String: Any]] {
        json[key] as? [[String: Any]] ?? []
    }

    /// An instant written with its offset, e.g. "2026-11-22T20:00:00+08:00".
    static func instant(_ text: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(fractional.date(from: text), "not an ISO 8601 instant: \(text)")
    }

    /// The instant a JSON field holds, if any.
    static func instant(of value: Any?) throws -> Date? {
        try (value as? String).map(instant)
    }

    /// An exact decimal from a JSON string (to compare quantities by value, whatever their spelling).
    static func decimal(_ value: Any?) -> Decimal? {
        (value as? String).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
    }

    /// Moves the clock to an instant.
    func move(_ clock: TestClock, to text: String) throws {
        clock.advance(by: try Self.instant(text).timeIntervalSince(clock.now))
    }

    /// A JSON body from an object (no hand escaping).
    static func body(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Sends a request; its status, ETag and JSON object body.
    func exchange(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        ifMatch: String? = nil
    ) async throws -> Reply {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            let json = text.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:])
            return (response.status, response.headers[.eTag], json)
        }
    }

    func schedule(
        _ client: some TestClientProtocol, _ headers: HTTPFields, type: String = "owner_communication", office: Int64?, at scheduledAt: String
    ) async throws -> Int64 {
        let officeField = office.map { #""officeId":\#($0),"# } ?? ""
        let created = try await TestApp.send(
            client, headers, .post, "/v1/meetings",
            #"{\#(officeField)"type":"\#(type)","title":"2026年第四季度业主沟通会","scheduledAt":"\#(scheduledAt)","location":"会所多功能厅"}"#)
        #expect(created.status == .created, "\(type): \(created.json)")
        return try #require(Self.id(created.json["id"]))
    }

    func records(_ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64) async throws -> Reply {
        try await exchange(client, headers, .get, "/v1/meetings/\(meeting)/owner-communication")
    }

    /// The records, which must be readable (200).
    func readRecords(_ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64) async throws -> [String: Any] {
        let read = try await records(client, headers, meeting)
        #expect(read.status == .ok, "\(read.json)")
        return read.json
    }

    func invite(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64, name: String, unit: String? = nil, phone: String? = nil,
        status: String? = nil
    ) async throws -> Reply {
        var object: [String: Any] = ["name": name]
        if let unit { object["unit"] = unit }
        if let phone { object["phone"] = phone }
        if let status { object["status"] = status }
        return try await exchange(client, headers, .post, "/v1/meetings/\(meeting)/invitations", try Self.body(object))
    }

    func updateInvitation(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ invitation: Int64, status: String, remindedDayBefore: Bool? = nil,
        remindedSoon: Bool? = nil, ifMatch: String? = nil
    ) async throws -> Reply {
        var object: [String: Any] = ["status": status]
        if let remindedDayBefore { object["remindedDayBefore"] = remindedDayBefore }
        if let remindedSoon { object["remindedSoon"] = remindedSoon }
        return try await exchange(client, headers, .put, "/v1/meeting-invitations/\(invitation)", try Self.body(object), ifMatch: ifMatch)
    }

    func opinion(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64, area: String, ownerName: String? = nil, unit: String? = nil,
        opinion: String, answer: String? = nil
    ) async throws -> Reply {
        var object: [String: Any] = ["area": area, "opinion": opinion]
        if let ownerName { object["ownerName"] = ownerName }
        if let unit { object["unit"] = unit }
        if let answer { object["answer"] = answer }
        return try await exchange(client, headers, .post, "/v1/meetings/\(meeting)/opinions", try Self.body(object))
    }

    func answer(_ client: some TestClientProtocol, _ headers: HTTPFields, _ opinion: Int64, _ text: String) async throws -> Reply {
        try await exchange(client, headers, .post, "/v1/meeting-opinions/\(opinion)/answer", try Self.body(["answer": text]))
    }

    func addItem(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64, problem: String = "3号楼地下车库积水",
        location: String = "3号楼地下车库B2", measure: String = "疏通排水沟并加装水泵", expectedOn: String, opinionID: Int64? = nil
    ) async throws -> Reply {
        var object: [String: Any] = ["problem": problem, "location": location, "measure": measure, "expectedOn": expectedOn]
        if let opinionID { object["opinionId"] = opinionID }
        return try await exchange(client, headers, .post, "/v1/meetings/\(meeting)/rectification-items", try Self.body(object))
    }

    func complete(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ item: Int64, result: String = "已疏通排水沟，加装两台水泵", ifMatch: String? = nil
    ) async throws -> Reply {
        try await exchange(
            client, headers, .post, "/v1/rectification-items/\(item)/completion", try Self.body(["result": result]), ifMatch: ifMatch)
    }

    struct Line {
        let item: String
        let quantity: String
        let unitPrice: String
    }

    func budget(_ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64, _ lines: [Line]) async throws -> Reply {
        let items = lines.map { ["item": $0.item, "quantity": $0.quantity, "unitPrice": $0.unitPrice] }
        return try await exchange(client, headers, .put, "/v1/meetings/\(meeting)/budget", try Self.body(["items": items]))
    }

    /// The budget as stored, read as the superuser: the number of lines, the lines' totals in order
    /// and `sum(total)`, all as PostgreSQL writes them.
    static func storedBudget(suite: String, meeting: Int64) async throws -> (lines: Int64, totals: String, sum: String?) {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        do {
            let result = try await admin.withConnection { connection in
                let row = try await connection.query("""
                    SELECT count(*) AS lines, coalesce(string_agg(total::text, ' ' ORDER BY position), '') AS totals, sum(total)::text AS sum
                    FROM liaison.meeting_budget_item WHERE meeting_id = \(meeting)
                    """).single()
                return (try row.decode("lines", as: Int64.self), try row.decode("totals", as: String.self), try row.decode("sum", as: String?.self))
            }
            await admin.shutdown()
            return result
        } catch {
            await admin.shutdown()
            throw error
        }
    }

    // MARK: - 1. Budget

    @Test("MTG-3: the budget's line totals and budgetTotal are exact decimals (3 × 0.10 = 0.30, 0.15 × 0.30 = 0.05, sum 100003704.75), as is the database's sum(total); replacing the budget replaces the lines; quantity 0, '1,5', '1.234' → 422")
    func budgetIsExact() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let meeting = try await schedule(client, s.manager, office: world.office, at: "2026-11-23T19:00:00+08:00")

            // Each line: round(quantity × unit price, 2), by hand.
            //   3 × 0.10           = 0.30         (binary floating point: 0.30000000000000004)
            //   7 × 0.10           = 0.70         (binary floating point: 0.7000000000000001)
            //   0.10 × 0.20        = 0.02         (binary floating point: 0.020000000000000004)
            //   3 × 1234.56        = 3703.68      (binary floating point: 3703.6799999999998)
            //   1 × 99999999.99    = 99999999.99
            //   0.15 × 0.30        = 0.045 → 0.05 (half away from zero; floating point 0.045 is 0.04499999… → 0.04)
            //   0.05 × 0.10        = 0.005 → 0.01
            // Sum of the rounded lines: 0.30 + 0.70 + 0.02 + 3703.68 + 99999999.99 + 0.05 + 0.01 = 100003704.75
            // (the unrounded products would sum to 100003704.74: the total is the sum of the lines' totals).
            let first = [
                Line(item: "矿泉水", quantity: "3", unitPrice: "0.10"),
                Line(item: "纸杯", quantity: "7", unitPrice: "0.10"),
                Line(item: "签到表复印", quantity: "0.10", unitPrice: "0.20"),
                Line(item: "茶歇", quantity: "3", unitPrice: "1234.56"),
                Line(item: "场地租金", quantity: "1", unitPrice: "99999999.99"),
                Line(item: "横幅", quantity: "0.15", unitPrice: "0.30"),
                Line(item: "胶带", quantity: "0.05", unitPrice: "0.10"),
            ]
            let set = try await budget(client, s.manager, meeting, first)
            #expect(set.status == .ok, "\(set.json)")
            #expect(Self.id(set.json["meetingId"]) == meeting)
            let expectedTotals = ["0.30", "0.70", "0.02", "3703.68", "99999999.99", "0.05", "0.01"]
            for view in [set.json, try await readRecords(client, s.manager, meeting)] {
                let lines = Self.list(view, "budget")
                #expect(lines.map { $0["item"] as? String } == first.map(\.item))
                #expect(lines.map { $0["total"] as? String } == expectedTotals)
                // Unit prices in yuan, with two decimals.
                #expect(lines.map { $0["unitPrice"] as? String } == ["0.10", "0.10", "0.20", "1234.56", "99999999.99", "0.30", "0.10"])
                // Quantities by value (their spelling is not fixed by the contract).
                #expect(lines.map { Self.decimal($0["quantity"]) } == ["3", "7", "0.1", "3", "1", "0.15", "0.05"].map { Decimal(string: $0) })
                #expect(view["budgetTotal"] as? String == "100003704.75")
            }
            // The database computed the same, in numeric.
            let stored = try await Self.storedBudget(suite: world.suite, meeting: meeting)
            #expect(stored.lines == 7)
            #expect(stored.totals == expectedTotals.joined(separator: " "))
            #expect(stored.sum == "100003704.75")

            // Replacing the budget replaces every line.
            //   2.5 × 1280.00            = 3200.00
            //   3 × 0.33                 = 0.99       (binary floating point: 0.9900000000000001)
            //   1 × 0                    = 0.00       (a free venue)
            //   99999999.99 × 99999999.99 = 9999999998000000.0001 → 9999999998000000.00 (the largest line the contract allows)
            // Sum: 3200.00 + 0.99 + 0.00 + 9999999998000000.00 = 9999999998003200.99
            let second = [
                Line(item: "场地布置", quantity: "2.5", unitPrice: "1280.00"),
                Line(item: "宣传单", quantity: "3", unitPrice: "0.33"),
                Line(item: "业委会借用场地", quantity: "1", unitPrice: "0"),
                Line(item: "最大金额行", quantity: "99999999.99", unitPrice: "99999999.99"),
            ]
            let replaced = try await budget(client, s.supervisor, meeting, second)
            #expect(replaced.status == .ok, "\(replaced.json)")
            let secondTotals = ["3200.00", "0.99", "0.00", "9999999998000000.00"]
            for view in [replaced.json, try await readRecords(client, s.desk, meeting)] {
                let lines = Self.list(view, "budget")
                #expect(lines.map { $0["item"] as? String } == second.map(\.item))
                #expect(lines.map { $0["total"] as? String } == secondTotals)
                #expect(lines.map { $0["unitPrice"] as? String } == ["1280.00", "0.33", "0.00", "99999999.99"])
                #expect(view["budgetTotal"] as? String == "9999999998003200.99")
            }
            let restored = try await Self.storedBudget(suite: world.suite, meeting: meeting)
            #expect(restored.lines == 4)
            #expect(restored.totals == secondTotals.joined(separator: " "))
            #expect(restored.sum == "9999999998003200.99")

            // Invalid quantities and prices: 422 naming the field; nothing changes.
            let invalid: [(Line, String)] = [
                (Line(item: "矿泉水", quantity: "0", unitPrice: "0.10"), "items/0/quantity"),
                (Line(item: "矿泉水", quantity: "0.00", unitPrice: "0.10"), "items/0/quantity"),
                (Line(item: "矿泉水", quantity: "1,5", unitPrice: "0.10"), "items/0/quantity"),
                (Line(item: "矿泉水", quantity: "1.234", unitPrice: "0.10"), "items/0/quantity"),
                (Line(item: "矿泉水", quantity: "-1", unitPrice: "0.10"), "items/0/quantity"),
                (Line(item: "矿泉水", quantity: "123456789", unitPrice: "0.10"), "items/0/quantity"),  // 9 digits
                (Line(item: "矿泉水", quantity: "1", unitPrice: "0.105"), "items/0/unitPrice"),
                (Line(item: "矿泉水", quantity: "1", unitPrice: "1,50"), "items/0/unitPrice"),
            ]
            for (line, field) in invalid {
                let refused = try await budget(client, s.manager, meeting, [line])
                #expect(refused.status == .unprocessableContent, "\(line.quantity) × \(line.unitPrice): \(refused.status) \(refused.json)")
                #expect(Self.fields(refused.json) == [field], "\(line.quantity) × \(line.unitPrice)")
            }
            // A bad second line refuses the whole budget.
            let badSecond = try await budget(client, s.manager, meeting, [second[0], Line(item: "纸杯", quantity: "0", unitPrice: "0.10")])
            #expect(badSecond.status == .unprocessableContent, "\(badSecond.json)")
            #expect(Self.fields(badSecond.json) == ["items/1/quantity"])
            let unchanged = try await readRecords(client, s.manager, meeting)
            #expect(Self.list(unchanged, "budget").map { $0["total"] as? String } == secondTotals)
            #expect(unchanged["budgetTotal"] as? String == "9999999998003200.99")
            #expect(try await Self.storedBudget(suite: world.suite, meeting: meeting).lines == 4)

            // An empty budget clears it: total 0.00.
            let cleared = try await budget(client, s.manager, meeting, [])
            #expect(cleared.status == .ok, "\(cleared.json)")
            #expect(Self.list(cleared.json, "budget").isEmpty)
            #expect(cleared.json["budgetTotal"] as? String == "0.00")
            let empty = try await Self.storedBudget(suite: world.suite, meeting: meeting)
            #expect(empty.lines == 0)
            #expect(empty.sum == nil)
        }
    }

    // MARK: - 2. Rectification plan

    @Test("MTG-3: a rectification item stays open until done: open and not overdue on 11-25 (its day), overdue from 00:00 Shanghai 11-26, done with a result is not overdue; again → 409, stale If-Match → 412; expectedOn before the meeting's day (Shanghai) → 422")
    func rectificationItemsStayOpenUntilDone() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            // Monday 2026-11-23 19:00 Shanghai.
            let meeting = try await schedule(client, s.manager, office: world.office, at: "2026-11-23T19:00:00+08:00")

            let added = try await addItem(client, s.manager, meeting, expectedOn: "2026-11-25")
            #expect(added.status == .created, "\(added.json)")
            #expect(added.eTag == "\"v1\"")
            let item = try #require(Self.id(added.json["id"]))
            #expect(Self.id(added.json["meetingId"]) == meeting)
            #expect(added.json["problem"] as? String == "3号楼地下车库积水")
            #expect(added.json["location"] as? String == "3号楼地下车库B2")
            #expect(added.json["measure"] as? String == "疏通排水沟并加装水泵")
            #expect(added.json["expectedOn"] as? String == "2026-11-25")
            #expect(added.json["status"] as? String == "open")
            #expect(added.json["overdue"] as? Bool == false)
            #expect(added.json["version"] as? Int == 1)
            #expect(added.json["result"] == nil)
            #expect(added.json["doneAt"] == nil)
            #expect(added.json["opinionId"] == nil)

            // Expected on the meeting's own day: allowed ("not before").
            let sameDay = try await addItem(
                client, s.supervisor, meeting, problem: "大堂灯具损坏", location: "5号楼大堂", measure: "更换LED灯具", expectedOn: "2026-11-23")
            #expect(sameDay.status == .created, "\(sameDay.json)")
            let lamps = try #require(Self.id(sameDay.json["id"]))
            // The day before the meeting: 422.
            let early = try await addItem(client, s.manager, meeting, expectedOn: "2026-11-22")
            #expect(early.status == .unprocessableContent, "\(early.json)")
            #expect(Self.fields(early.json) == ["expectedOn"])

            // The meeting's day is Shanghai's: a meeting on Tuesday 2026-11-24 07:30 Shanghai is Monday 23:30 UTC,
            // so an item expected on 2026-11-23 is before it (422) and one on 2026-11-24 is not.
            let morningMeeting = try await schedule(client, s.manager, office: world.office, at: "2026-11-24T07:30:00+08:00")
            let beforeInShanghai = try await addItem(client, s.manager, morningMeeting, expectedOn: "2026-11-23")
            #expect(beforeInShanghai.status == .unprocessableContent, "\(beforeInShanghai.json)")
            #expect(Self.fields(beforeInShanghai.json) == ["expectedOn"])
            #expect(try await addItem(client, s.manager, morningMeeting, expectedOn: "2026-11-24").status == .created)

            // The records show both open, neither overdue.
            let opened = try await readRecords(client, s.desk, meeting)
            let openItems = Self.list(opened, "rectificationItems")
            #expect(openItems.map { Self.id($0["id"]) } == [item, lamps])
            #expect(openItems.map { $0["status"] as? String } == ["open", "open"])
            #expect(openItems.map { $0["overdue"] as? Bool } == [false, false])

            // Wednesday 2026-11-25 23:59 Shanghai: the item's own day → not overdue; the lamps (due 11-23) are.
            try move(world.clock, to: "2026-11-25T23:59:00+08:00")
            s = try await login(client, world)
            let onItsDay = Self.list(try await readRecords(client, s.manager, meeting), "rectificationItems")
            #expect(onItsDay.map { $0["overdue"] as? Bool } == [false, true])
            #expect(onItsDay.map { $0["status"] as? String } == ["open", "open"])

            // Thursday 2026-11-26 00:00:30 Shanghai (still 11-25 in UTC): open after its day → overdue.
            try move(world.clock, to: "2026-11-26T00:00:30+08:00")
            s = try await login(client, world)
            let late = Self.list(try await readRecords(client, s.manager, meeting), "rectificationItems")
            #expect(late.map { $0["overdue"] as? Bool } == [true, true])
            #expect(late.map { $0["status"] as? String } == ["open", "open"])

            // Done, with what was done.
            let done = try await complete(client, s.manager, item, ifMatch: "\"v1\"")
            #expect(done.status == .ok, "\(done.json)")
            #expect(done.eTag == "\"v2\"")
            #expect(done.json["status"] as? String == "done")
            #expect(done.json["result"] as? String == "已疏通排水沟，加装两台水泵")
            #expect(try Self.instant(of: done.json["doneAt"]) == Self.instant("2026-11-26T00:00:30+08:00"))
            #expect(done.json["overdue"] as? Bool == false)
            #expect(done.json["version"] as? Int == 2)
            #expect(done.json["expectedOn"] as? String == "2026-11-25")

            // Stale If-Match: 412 with the current ETag.
            let stale = try await complete(client, s.manager, item, result: "重复提交", ifMatch: "\"v1\"")
            #expect(stale.status == .preconditionFailed, "\(stale.json)")
            #expect(stale.eTag == "\"v2\"")
            // Done is final: 409 with the current version or without If-Match.
            let again = try await complete(client, s.manager, item, result: "重复提交", ifMatch: "\"v2\"")
            #expect(again.status == .conflict, "\(again.json)")
            #expect(try await complete(client, s.supervisor, item, result: "重复提交").status == .conflict)
            // A blank result: 422.
            let blank = try await complete(client, s.manager, lamps, result: "   ", ifMatch: "\"v1\"")
            #expect(blank.status == .unprocessableContent, "\(blank.json)")
            #expect(Self.fields(blank.json) == ["result"])

            let after = Self.list(try await readRecords(client, s.desk, meeting), "rectificationItems")
            #expect(after.map { $0["status"] as? String } == ["done", "open"])
            #expect(after.map { $0["overdue"] as? Bool } == [false, true])
            #expect(after.first?["result"] as? String == "已疏通排水沟，加装两台水泵")  // the refused second completion changed nothing
            #expect(after.map { $0["version"] as? Int } == [2, 1])
        }
    }

    // MARK: - 3. Invitations and reminder calls

    @Test("MTG-3: the invitation list: pending/confirmed/declined; the day-before call is due on Tue 11-24 (Shanghai) for a Wed 19:00 meeting, the 10-minute call from 18:50; a recorded call (the first time counts) or declining stops them being due")
    func invitationsAndReminders() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            // Wednesday 2026-11-25 19:00 Shanghai: the day before is Tuesday 11-24; the 10-minute call from 18:50.
            let meeting = try await schedule(client, s.manager, office: world.office, at: "2026-11-25T19:00:00+08:00")

            let wang = try await invite(client, s.manager, meeting, name: "王先生", unit: "3-502", phone: "138 0013 8000")
            #expect(wang.status == .created, "\(wang.json)")
            #expect(wang.eTag == "\"v1\"")
            #expect(wang.json["status"] as? String == "pending")  // the default
            #expect(wang.json["name"] as? String == "王先生")
            #expect(wang.json["unit"] as? String == "3-502")
            #expect(wang.json["phone"] as? String == "138 0013 8000")
            #expect(Self.id(wang.json["meetingId"]) == meeting)
            #expect(wang.json["version"] as? Int == 1)
            #expect(wang.json["dayBeforeReminderDue"] as? Bool == false)  // Sunday: not yet the day before
            #expect(wang.json["soonReminderDue"] as? Bool == false)
            #expect(wang.json["remindedDayBeforeAt"] == nil)
            #expect(wang.json["remindedSoonAt"] == nil)
            let li = try await invite(client, s.supervisor, meeting, name: "李女士", unit: "5-1201", phone: "13900139000", status: "confirmed")
            #expect(li.status == .created, "\(li.json)")
            #expect(li.json["status"] as? String == "confirmed")
            let zhang = try await invite(client, s.manager, meeting, name: "张先生", unit: "7-302", status: "declined")
            #expect(zhang.status == .created, "\(zhang.json)")
            #expect(zhang.json["status"] as? String == "declined")
            #expect(zhang.json["phone"] as? String == "")
            let zhao = try await invite(client, s.manager, meeting, name: "赵女士", unit: "2-101")
            #expect(zhao.status == .created, "\(zhao.json)")
            let ids = try [wang, li, zhang, zhao].map { try #require(Self.id($0.json["id"])) }
            let (liID, zhaoID) = (ids[1], ids[3])

            // A blank name: 422.
            let nameless = try await invite(client, s.manager, meeting, name: "  ")
            #expect(nameless.status == .unprocessableContent, "\(nameless.json)")
            #expect(Self.fields(nameless.json) == ["name"])

            func due(_ key: String) async throws -> [Bool?] {
                Self.list(try await readRecords(client, s.manager, meeting), "invitations").map { $0[key] as? Bool }
            }

            let listed = Self.list(try await readRecords(client, s.desk, meeting), "invitations")
            #expect(listed.map { Self.id($0["id"]) } == ids)
            #expect(listed.map { $0["status"] as? String } == ["pending", "confirmed", "declined", "pending"])
            #expect(try await due("dayBeforeReminderDue") == [false, false, false, false])

            // Monday 2026-11-23 23:59:59 Shanghai: two days before → nothing due.
            try move(world.clock, to: "2026-11-23T23:59:59+08:00")
            s = try await login(client, world)
            #expect(try await due("dayBeforeReminderDue") == [false, false, false, false])
            #expect(try await due("soonReminderDue") == [false, false, false, false])

            // Tuesday 2026-11-24 00:00 Shanghai (Monday 16:00 UTC): the day before → the call is due for all but the declined.
            try move(world.clock, to: "2026-11-24T00:00:00+08:00")
            s = try await login(client, world)
            #expect(try await due("dayBeforeReminderDue") == [true, true, false, true])
            #expect(try await due("soonReminderDue") == [false, false, false, false])

            // Tuesday 10:00: 李女士 is called and confirms.
            try move(world.clock, to: "2026-11-24T10:00:00+08:00")
            s = try await login(client, world)
            let called = try await updateInvitation(client, s.manager, liID, status: "confirmed", remindedDayBefore: true, ifMatch: "\"v1\"")
            #expect(called.status == .ok, "\(called.json)")
            #expect(called.eTag == "\"v2\"")
            #expect(called.json["version"] as? Int == 2)
            #expect(try Self.instant(of: called.json["remindedDayBeforeAt"]) == Self.instant("2026-11-24T10:00:00+08:00"))
            #expect(called.json["remindedSoonAt"] == nil)
            #expect(called.json["dayBeforeReminderDue"] as? Bool == false)
            #expect(called.json["soonReminderDue"] as? Bool == false)
            // Stale If-Match: 412 with the current ETag.
            let stale = try await updateInvitation(client, s.manager, liID, status: "declined", ifMatch: "\"v1\"")
            #expect(stale.status == .preconditionFailed, "\(stale.json)")
            #expect(stale.eTag == "\"v2\"")

            // 赵女士 phones to say she will not come: declined → nothing due for her, though no call was made.
            let declined = try await updateInvitation(client, s.supervisor, zhaoID, status: "declined", ifMatch: "\"v1\"")
            #expect(declined.status == .ok, "\(declined.json)")
            #expect(declined.json["status"] as? String == "declined")
            #expect(declined.json["remindedDayBeforeAt"] == nil)
            #expect(declined.json["dayBeforeReminderDue"] as? Bool == false)

            // Tuesday 11:00: a second day-before call to 李女士 keeps the first time (10:00).
            world.clock.advance(by: 3600)
            let second = try await updateInvitation(client, s.manager, liID, status: "confirmed", remindedDayBefore: true, ifMatch: "\"v2\"")
            #expect(second.status == .ok, "\(second.json)")
            #expect(try Self.instant(of: second.json["remindedDayBeforeAt"]) == Self.instant("2026-11-24T10:00:00+08:00"))
            #expect(second.json["version"] as? Int == 3)
            // 王先生 (never called) is still due; 李女士 called; 张先生 and 赵女士 declined.
            #expect(try await due("dayBeforeReminderDue") == [true, false, false, false])

            // Wednesday 2026-11-25 18:49:59: the meeting's day — the day-before call is no longer due; the 10-minute call not yet.
            try move(world.clock, to: "2026-11-25T18:49:59+08:00")
            s = try await login(client, world)
            #expect(try await due("dayBeforeReminderDue") == [false, false, false, false])
            #expect(try await due("soonReminderDue") == [false, false, false, false])

            // 18:50:00, 10 minutes before: due for 王先生 (pending) and 李女士 (confirmed), not for those who declined.
            world.clock.advance(by: 1)
            #expect(try await due("soonReminderDue") == [true, true, false, false])

            // 18:52: 李女士 is called.
            world.clock.advance(by: 120)
            let soon = try await updateInvitation(client, s.manager, liID, status: "confirmed", remindedSoon: true, ifMatch: "\"v3\"")
            #expect(soon.status == .ok, "\(soon.json)")
            #expect(try Self.instant(of: soon.json["remindedSoonAt"]) == Self.instant("2026-11-25T18:52:00+08:00"))
            #expect(try Self.instant(of: soon.json["remindedDayBeforeAt"]) == Self.instant("2026-11-24T10:00:00+08:00"))
            #expect(soon.json["soonReminderDue"] as? Bool == false)
            #expect(soon.eTag == "\"v4\"")

            // 18:59:59: 王先生's call is still due.
            try move(world.clock, to: "2026-11-25T18:59:59+08:00")
            #expect(try await due("soonReminderDue") == [true, false, false, false])
            // 19:00: the meeting began → no call is due.
            world.clock.advance(by: 1)
            #expect(try await due("soonReminderDue") == [false, false, false, false])
            #expect(try await due("dayBeforeReminderDue") == [false, false, false, false])

            let final = Self.list(try await readRecords(client, s.desk, meeting), "invitations")
            #expect(final.map { $0["status"] as? String } == ["pending", "confirmed", "declined", "declined"])
            #expect(try final.map { try Self.instant(of: $0["remindedDayBeforeAt"]) }
                == [nil, try Self.instant("2026-11-24T10:00:00+08:00"), nil, nil])
            #expect(try final.map { try Self.instant(of: $0["remindedSoonAt"]) } == [nil, try Self.instant("2026-11-25T18:52:00+08:00"), nil, nil])
        }
    }

    // MARK: - 4. Opinions

    @Test("MTG-3: opinions by area (environment, engineering, security, customer_service, other) from the start of the meeting (409 before); answered on the spot (onTheSpot true) or later (false); answering twice → 409; a rectification item may name an opinion of the same meeting only")
    func opinionsByArea() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            // The meeting: Monday 2026-11-23 19:00 Shanghai; another of the office's at 15:00 the same day.
            let meeting = try await schedule(client, s.manager, office: world.office, at: "2026-11-23T19:00:00+08:00")
            let earlier = try await schedule(client, s.manager, office: world.office, at: "2026-11-23T15:00:00+08:00")

            // Sunday: neither has begun.
            let tooEarly = try await opinion(client, s.manager, meeting, area: "environment", ownerName: "王先生", opinion: "垃圾清运不及时")
            #expect(tooEarly.status == .conflict, "\(tooEarly.json)")

            // 15:00: the earlier meeting began; ours has not.
            try move(world.clock, to: "2026-11-23T15:00:00+08:00")
            s = try await login(client, world)
            let elsewhere = try await opinion(client, s.manager, earlier, area: "other", ownerName: "周先生", opinion: "希望增加停车位")
            #expect(elsewhere.status == .created, "\(elsewhere.json)")
            let elsewhereID = try #require(Self.id(elsewhere.json["id"]))
            try move(world.clock, to: "2026-11-23T18:59:59+08:00")
            #expect(try await opinion(client, s.manager, meeting, area: "environment", opinion: "垃圾清运不及时").status == .conflict)
            #expect(Self.list(try await readRecords(client, s.manager, meeting), "opinions").isEmpty)

            // 19:00: the meeting began.
            world.clock.advance(by: 1)
            let environment = try await opinion(
                client, s.manager, meeting, area: "environment", ownerName: "王先生", unit: "3-502", opinion: "垃圾清运不及时，夏天有异味",
                answer: "即日起每日清运两次，垃圾桶每周清洗")
            #expect(environment.status == .created, "\(environment.json)")
            #expect(environment.json["area"] as? String == "environment")
            #expect(environment.json["ownerName"] as? String == "王先生")
            #expect(environment.json["unit"] as? String == "3-502")
            #expect(environment.json["opinion"] as? String == "垃圾清运不及时，夏天有异味")
            #expect(environment.json["answer"] as? String == "即日起每日清运两次，垃圾桶每周清洗")
            #expect(environment.json["onTheSpot"] as? Bool == true)
            #expect(try Self.instant(of: environment.json["answeredAt"]) == Self.instant("2026-11-23T19:00:00+08:00"))
            #expect(Self.id(environment.json["answeredBy"]) == world.managerID)
            #expect(try Self.instant(of: environment.json["recordedAt"]) == Self.instant("2026-11-23T19:00:00+08:00"))
            #expect(Self.id(environment.json["meetingId"]) == meeting)

            let engineering = try await opinion(
                client, s.manager, meeting, area: "engineering", ownerName: "李女士", unit: "5-1201", opinion: "2号电梯经常停运")
            #expect(engineering.status == .created, "\(engineering.json)")
            #expect(engineering.json["answer"] == nil)
            #expect(engineering.json["onTheSpot"] == nil)  // unanswered
            #expect(engineering.json["answeredAt"] == nil)
            #expect(engineering.json["answeredBy"] == nil)
            let security = try await opinion(
                client, s.supervisor, meeting, area: "security", ownerName: "张先生", opinion: "夜间外来车辆随意进出", answer: "已安排门岗夜间逐车登记")
            #expect(security.status == .created, "\(security.json)")
            #expect(security.json["onTheSpot"] as? Bool == true)
            #expect(Self.id(security.json["answeredBy"]) == world.supervisorID)
            let service = try await opinion(client, s.manager, meeting, area: "customer_service", opinion: "前台电话晚上无人接听")
            #expect(service.status == .created, "\(service.json)")
            #expect(service.json["ownerName"] as? String == "")  // anonymous
            #expect(service.json["unit"] == nil)
            let other = try await opinion(client, s.manager, meeting, area: "other", ownerName: "赵女士", opinion: "希望增设儿童游乐设施")
            #expect(other.status == .created, "\(other.json)")
            let ids = try [environment, engineering, security, service, other].map { try #require(Self.id($0.json["id"])) }
            let (environmentID, engineeringID) = (ids[0], ids[1])

            // No such area: refused (the contract's enum).
            let parking = try await opinion(client, s.manager, meeting, area: "parking", opinion: "车位不足")
            #expect(parking.status == .badRequest || parking.status == .unprocessableContent, "\(parking.json)")
            // A blank opinion: 422.
            let blank = try await opinion(client, s.manager, meeting, area: "other", opinion: "   ")
            #expect(blank.status == .unprocessableContent, "\(blank.json)")
            #expect(Self.fields(blank.json) == ["opinion"])

            // Tuesday 2026-11-24 10:00: the engineering opinion is answered later.
            try move(world.clock, to: "2026-11-24T10:00:00+08:00")
            s = try await login(client, world)
            let later = try await answer(client, s.supervisor, engineeringID, "已联系电梯维保单位，本周五前更换控制板")
            #expect(later.status == .ok, "\(later.json)")
            #expect(later.json["answer"] as? String == "已联系电梯维保单位，本周五前更换控制板")
            #expect(later.json["onTheSpot"] as? Bool == false)
            #expect(try Self.instant(of: later.json["answeredAt"]) == Self.instant("2026-11-24T10:00:00+08:00"))
            #expect(Self.id(later.json["answeredBy"]) == world.supervisorID)
            #expect(try Self.instant(of: later.json["recordedAt"]) == Self.instant("2026-11-23T19:00:00+08:00"))
            // Answering twice: 409, whether answered later or on the spot.
            let twice = try await answer(client, s.manager, engineeringID, "再次答复")
            #expect(twice.status == .conflict, "\(twice.json)")
            #expect(try await answer(client, s.manager, environmentID, "再次答复").status == .conflict)
            // A blank answer: 422; an unknown opinion: 404.
            let blankAnswer = try await answer(client, s.manager, ids[3], "  ")
            #expect(blankAnswer.status == .unprocessableContent, "\(blankAnswer.json)")
            #expect(Self.fields(blankAnswer.json) == ["answer"])
            #expect(try await answer(client, s.manager, 9_000_000_000, "答复").status == .notFound)

            let recorded = Self.list(try await readRecords(client, s.desk, meeting), "opinions")
            #expect(recorded.map { Self.id($0["id"]) } == ids)
            #expect(recorded.map { $0["area"] as? String } == ["environment", "engineering", "security", "customer_service", "other"])
            #expect(recorded.map { $0["onTheSpot"] as? Bool } == [true, false, true, nil, nil])
            #expect(recorded.map { $0["answer"] as? String } == [
                "即日起每日清运两次，垃圾桶每周清洗", "已联系电梯维保单位，本周五前更换控制板", "已安排门岗夜间逐车登记", nil, nil,
            ])
            // The other meeting's opinion is not among them.
            #expect(!recorded.contains { Self.id($0["id"]) == elsewhereID })

            // A rectification item answering the engineering opinion.
            let linked = try await addItem(
                client, s.manager, meeting, problem: "2号电梯经常停运", location: "2号楼电梯", measure: "更换电梯控制板", expectedOn: "2026-11-27",
                opinionID: engineeringID)
            #expect(linked.status == .created, "\(linked.json)")
            #expect(Self.id(linked.json["opinionId"]) == engineeringID)
            // Another meeting's opinion, or none at all: 422.
            let foreign = try await addItem(client, s.manager, meeting, expectedOn: "2026-11-27", opinionID: elsewhereID)
            #expect(foreign.status == .unprocessableContent, "\(foreign.json)")
            #expect(Self.fields(foreign.json) == ["opinionId"])
            let missing = try await addItem(client, s.manager, meeting, expectedOn: "2026-11-27", opinionID: 9_000_000_000)
            #expect(missing.status == .unprocessableContent, "\(missing.json)")
            #expect(Self.fields(missing.json) == ["opinionId"])
            #expect(Self.list(try await readRecords(client, s.manager, meeting), "rectificationItems").map { Self.id($0["opinionId"]) }
                == [engineeringID])
        }
    }

    // MARK: - 5. Meeting type and access

    @Test("MTG-3: the records belong to an office's owner communication meeting only (office_morning or board → 409); another office's manager gets 404; the office's FRONT_DESK reads (200) but does not write (403)")
    func ownerMeetingOnlyAndOfficeIsolation() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            let morning = try await schedule(client, s.manager, type: "office_morning", office: world.office, at: "2026-11-23T08:30:00+08:00")
            let board = try await schedule(client, s.gm, type: "board", office: nil, at: "2026-12-16T10:00:00+08:00")
            let meeting = try await schedule(client, s.manager, office: world.office, at: "2026-11-23T19:00:00+08:00")
            let theirs = try await schedule(client, s.otherManager, office: world.otherOffice, at: "2026-11-23T19:00:00+08:00")

            // Another type of meeting has none of these records: 409.
            for other in [morning, board] {
                let headers = other == board ? s.gm : s.manager
                let read = try await records(client, headers, other)
                #expect(read.status == .conflict, "\(read.json)")
                #expect(try await invite(client, headers, other, name: "王先生").status == .conflict)
                #expect(try await addItem(client, headers, other, expectedOn: "2026-12-31").status == .conflict)
                #expect(try await budget(client, headers, other, [Line(item: "矿泉水", quantity: "3", unitPrice: "0.10")]).status == .conflict)
            }
            #expect(try await records(client, s.manager, 9_000_000_000).status == .notFound)
            #expect(try await exchange(client, TestApp.jsonHeaders, .get, "/v1/meetings/\(meeting)/owner-communication").status == .unauthorized)

            // The office's organizers keep the records: the manager, the supervisor and sales staff.
            let invited = try await invite(client, s.manager, meeting, name: "王先生", unit: "3-502")
            #expect(invited.status == .created, "\(invited.json)")
            let invitation = try #require(Self.id(invited.json["id"]))
            #expect(try await invite(client, s.supervisor, meeting, name: "李女士").status == .created)
            #expect(try await invite(client, s.sales, meeting, name: "张先生").status == .created)
            let added = try await addItem(client, s.manager, meeting, expectedOn: "2026-11-30")
            #expect(added.status == .created, "\(added.json)")
            let item = try #require(Self.id(added.json["id"]))
            #expect(try await budget(client, s.manager, meeting, [Line(item: "矿泉水", quantity: "3", unitPrice: "0.10")]).status == .ok)
            try move(world.clock, to: "2026-11-23T19:05:00+08:00")
            s = try await login(client, world)
            let said = try await opinion(client, s.manager, meeting, area: "engineering", ownerName: "李女士", opinion: "2号电梯经常停运")
            #expect(said.status == .created, "\(said.json)")
            let opinionID = try #require(Self.id(said.json["id"]))
            // The other office's opinions stay out: an opinion at the other office's meeting.
            let theirOpinion = try await opinion(client, s.otherManager, theirs, area: "security", opinion: "门禁损坏")
            #expect(theirOpinion.status == .created, "\(theirOpinion.json)")
            let theirOpinionID = try #require(Self.id(theirOpinion.json["id"]))
            let crossOffice = try await addItem(client, s.manager, meeting, expectedOn: "2026-11-30", opinionID: theirOpinionID)
            #expect(crossOffice.status == .unprocessableContent, "\(crossOffice.json)")
            #expect(Self.fields(crossOffice.json) == ["opinionId"])

            // Another office's manager: 404 for everything, reads and writes alike.
            let o = s.otherManager
            #expect(try await records(client, o, meeting).status == .notFound)
            #expect(try await invite(client, o, meeting, name: "外来者").status == .notFound)
            #expect(try await updateInvitation(client, o, invitation, status: "declined").status == .notFound)
            #expect(try await opinion(client, o, meeting, area: "other", opinion: "外来意见").status == .notFound)
            #expect(try await answer(client, o, opinionID, "外来答复").status == .notFound)
            #expect(try await addItem(client, o, meeting, expectedOn: "2026-11-30").status == .notFound)
            #expect(try await complete(client, o, item).status == .notFound)
            #expect(try await budget(client, o, meeting, [Line(item: "外来", quantity: "1", unitPrice: "1")]).status == .notFound)

            // The office's front desk: reads (200), never writes (403).
            let d = s.desk
            let read = try await records(client, d, meeting)
            #expect(read.status == .ok, "\(read.json)")
            #expect(Self.id(read.json["meetingId"]) == meeting)
            #expect(Self.list(read.json, "invitations").map { $0["name"] as? String } == ["王先生", "李女士", "张先生"])
            #expect(Self.list(read.json, "opinions").map { Self.id($0["id"]) } == [opinionID])
            #expect(Self.list(read.json, "rectificationItems").map { Self.id($0["id"]) } == [item])
            #expect(Self.list(read.json, "budget").map { $0["total"] as? String } == ["0.30"])
            #expect(read.json["budgetTotal"] as? String == "0.30")
            #expect(try await invite(client, d, meeting, name: "前台邀请").status == .forbidden)
            #expect(try await updateInvitation(client, d, invitation, status: "confirmed", remindedDayBefore: true).status == .forbidden)
            #expect(try await opinion(client, d, meeting, area: "other", opinion: "前台记录").status == .forbidden)
            #expect(try await answer(client, d, opinionID, "前台答复").status == .forbidden)
            #expect(try await addItem(client, d, meeting, expectedOn: "2026-11-30").status == .forbidden)
            #expect(try await complete(client, d, item).status == .forbidden)
            #expect(try await budget(client, d, meeting, [Line(item: "前台", quantity: "1", unitPrice: "1")]).status == .forbidden)

            // HQ reads every office's: the general manager and QUALITY.
            #expect(try await records(client, s.gm, meeting).status == .ok)
            #expect(try await records(client, s.quality, meeting).status == .ok)

            // Nothing the refused calls sent was kept.
            let after = try await readRecords(client, s.manager, meeting)
            #expect(Self.list(after, "invitations").count == 3)
            #expect(Self.list(after, "invitations").first?["status"] as? String == "pending")
            #expect(Self.list(after, "invitations").first?["remindedDayBeforeAt"] == nil)
            #expect(Self.list(after, "opinions").first?["answer"] == nil)
            #expect(Self.list(after, "rectificationItems").map { $0["status"] as? String } == ["open"])
            #expect(Self.list(after, "budget").map { $0["item"] as? String } == ["矿泉水"])
            #expect(after["budgetTotal"] as? String == "0.30")
        }
    }
}
