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

/// Communication with developers and owners' committees through HTTP (EXT-1..5): the
/// communication record, signed outgoing documents, developer questions and letters answered
/// within 3 working days, requests for the developer's written assistance, the overdue
/// notification of the deadline sweeper and the BI views, with an injected clock.
///
/// The calendar test and the sweeper test each use a database of their own: calendar days are
/// company-wide (a holiday would move the other tests' due days) and a sweep touches every
/// office it can see.
@Suite("Developer communication endpoints (EXT-1..5)")
struct DeveloperCommunicationEndpointTests {
    static let suite = "http_developer_communication"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let database: Database
        let suite: String
        let clock: TestClock
        let office: Int64
        let otherOffice: Int64
        /// ADMIN_STAFF (no office): creates developers and estates, sets calendar days.
        let admin: String
        let manager: String
        let managerID: Int64
        let desk: String
        let otherManager: String
    }

    func world(suite: String = Self.suite) async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: suite)
        let (office, code) = try await TestFixtures.newOffice("X", suite: suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("Y", suite: suite)
        let admin = TestFixtures.unique("admin"), manager = TestFixtures.unique("mgr"), desk = TestFixtures.unique("desk")
        let otherManager = TestFixtures.unique("mgr")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        let managerUser = try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), database: database, suite: suite, clock: clock,
            office: office, otherOffice: otherOffice, admin: admin, manager: manager, managerID: managerUser.id, desk: desk,
            otherManager: otherManager)
    }

    // MARK: - Helpers

    /// An instant written with its offset, e.g. "2026-11-23T09:00:00+08:00".
    static func instant(_ text: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(fractional.date(from: text), "not an ISO 8601 instant: \(text)")
    }

    /// Moves the clock to an instant (the TestClock starts on Sunday 2026-11-22 20:00 in Shanghai).
    func move(_ clock: TestClock, to text: String) throws {
        clock.advance(by: try Self.instant(text).timeIntervalSince(clock.now))
    }

    static func id(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

    static func ids(_ page: [String: Any]) -> [Int64] {
        (page["items"] as? [[String: Any]] ?? []).compactMap { id($0["id"]) }
    }

    /// The ids of a list page, which must be 200.
    func listIDs(_ client: some TestClientProtocol, _ headers: HTTPFields, _ uri: String) async throws -> [Int64] {
        let page = try await TestApp.send(client, headers, .get, uri)
        #expect(page.status == .ok, "\(uri): \(page.json)")
        return Self.ids(page.json)
    }

    /// The fields a 422 names.
    static func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    func newDeveloper(_ client: some TestClientProtocol, _ admin: HTTPFields) async throws -> Int64 {
        let created = try await TestApp.send(client, admin, .post, "/v1/developers", #"{"name":"\#(TestFixtures.unique("发展商"))"}"#)
        #expect(created.status == .created, "\(created.json)")
        return try #require(Self.id(created.json["id"]))
    }

    /// An estate of the office, with the developer when given.
    func newEstate(_ client: some TestClientProtocol, _ admin: HTTPFields, office: Int64, developer: Int64?) async throws -> Int64 {
        let code = "D" + TestFixtures.unique("").uppercased()
        let developerField = developer.map { #","developerId":\#($0)"# } ?? ""
        let created = try await TestApp.send(
            client, admin, .post, "/v1/estates", #"{"officeId":\#(office),"code":"\#(code)","name":"锦绣花园","kind":"residential"\#(developerField)}"#)
        #expect(created.status == .created, "\(created.json)")
        return try #require(Self.id(created.json["id"]))
    }

    /// A document the office manager signs (EXT-3), with its copy as text; its id.
    func sign(
        _ client: some TestClientProtocol, _ manager: HTTPFields, office: Int64, estate: Int64, toDeveloper: Bool = true,
        text: String = "关于来函的复函"
    ) async throws -> Int64 {
        let signed = try await TestApp.send(
            client, manager, .post, "/v1/outgoing-documents",
            #"{"officeId":\#(office),"estateId":\#(estate),"toDeveloper":\#(toDeveloper),"recipient":"发展商工程部","subject":"复函","channel":"letter","copyText":"\#(text)"}"#)
        #expect(signed.status == .created, "\(signed.json)")
        return try #require(Self.id(signed.json["id"]))
    }

    /// Records a developer matter; `extra` adds fields (starting with a comma).
    func matter(
        _ client: some TestClientProtocol, _ headers: HTTPFields, office: Int64, estate: Int64, kind: String, receivedAt: String,
        extra: String = ""
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        try await TestApp.send(
            client, headers, .post, "/v1/developer-matters",
            #"{"officeId":\#(office),"estateId":\#(estate),"kind":"\#(kind)","subject":"关于地下车库渗水","content":"发展商来函询问处理进度","receivedAt":"\#(receivedAt)"\#(extra)}"#)
    }

    /// Records a matter that must succeed; its id.
    func recorded(
        _ client: some TestClientProtocol, _ headers: HTTPFields, office: Int64, estate: Int64, kind: String, receivedAt: String,
        extra: String = ""
    ) async throws -> (id: Int64, json: [String: Any]) {
        let created = try await matter(client, headers, office: office, estate: estate, kind: kind, receivedAt: receivedAt, extra: extra)
        #expect(created.status == .created, "\(created.json)")
        return (try #require(Self.id(created.json["id"])), created.json)
    }

    func answer(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ matter: Int64, channel: String, document: Int64? = nil,
        ifMatch: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        let documentField = document.map { #","documentId":\#($0)"# } ?? ""
        return try await TestApp.send(
            client, headers, .post, "/v1/developer-matters/\(matter)/answer", #"{"channel":"\#(channel)","answer":"已书面答复处理安排"\#(documentField)}"#)
    }

    // MARK: - 1. Due day, on time and late, BI

    @Test("EXT-2: letters received Monday are due Thursday; answered Thursday 17:00 on time, Friday 10:00 late; BI counts 1 on time, 1 late, rate 0.5")
    func lettersOnTimeAndLate() async throws {
        let world = try await world()
        try move(world.clock, to: "2026-11-23T10:00:00+08:00")  // Monday
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let developer = try await newDeveloper(client, admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: developer)
            var manager = try await TestApp.login(client, world.manager)

            // Received Monday 23; 3 working days after it: Tue 24, Wed 25, Thu 26 → due 2026-11-26.
            let (first, firstJSON) = try await recorded(
                client, manager, office: world.office, estate: estate, kind: "developer_letter", receivedAt: "2026-11-23T09:00:00+08:00")
            #expect(firstJSON["dueOn"] as? String == "2026-11-26")
            #expect(firstJSON["status"] as? String == "open")
            #expect(firstJSON["overdue"] as? Bool == false)
            #expect(Self.id(firstJSON["developerId"]) == developer)
            #expect(firstJSON["answeredOnTime"] == nil)
            #expect(firstJSON["version"] as? Int == 1)
            let (second, secondJSON) = try await recorded(
                client, manager, office: world.office, estate: estate, kind: "forwarded_owner_letter", receivedAt: "2026-11-23T09:00:00+08:00")
            #expect(secondJSON["dueOn"] as? String == "2026-11-26")

            // Thursday 17:00: before the end of the due day (Friday 00:00 in Shanghai) → on time.
            try move(world.clock, to: "2026-11-26T17:00:00+08:00")
            manager = try await TestApp.login(client, world.manager)
            let reply = try await sign(client, manager, office: world.office, estate: estate)
            let onTime = try await answer(client, manager, first, channel: "written", document: reply)
            #expect(onTime.status == .ok, "\(onTime.json)")
            #expect(onTime.json["status"] as? String == "answered")
            #expect(onTime.json["answeredOnTime"] as? Bool == true)
            #expect(onTime.json["answerChannel"] as? String == "written")
            #expect(Self.id(onTime.json["answerDocumentId"]) == reply)
            #expect(Self.id(onTime.json["answeredBy"]) == world.managerID)
            #expect(try (onTime.json["answeredAt"] as? String).map(Self.instant) == Self.instant("2026-11-26T17:00:00+08:00"))
            #expect(onTime.json["overdue"] as? Bool == false)
            #expect(onTime.json["version"] as? Int == 2)
            // Still the due day: the other letter is not overdue yet.
            #expect(try await TestApp.send(client, manager, .get, "/v1/developer-matters/\(second)").json["overdue"] as? Bool == false)

            // Friday 10:00: the due day ended at Friday 00:00 → overdue while open, late once answered.
            try move(world.clock, to: "2026-11-27T10:00:00+08:00")
            manager = try await TestApp.login(client, world.manager)
            #expect(try await TestApp.send(client, manager, .get, "/v1/developer-matters/\(second)").json["overdue"] as? Bool == true)
            let lateReply = try await sign(client, manager, office: world.office, estate: estate)
            let late = try await answer(client, manager, second, channel: "written", document: lateReply)
            #expect(late.status == .ok, "\(late.json)")
            #expect(late.json["answeredOnTime"] as? Bool == false)
            #expect(late.json["overdue"] as? Bool == false)  // answered: no longer overdue, but late

            // BI: one row each, received Monday, due Thursday, on time / late.
            let replies = try await TestDatabase.readAsBI(suite: Self.suite) { tx in
                try await tx.query("""
                    SELECT matter_id, kind, received_on::text AS received_on, due_on::text AS due_on, answer_channel,
                           answered_on_time::text AS on_time, overdue::text AS overdue
                    FROM bi.developer_replies WHERE office_id = \(world.office) ORDER BY matter_id
                    """).map { row in
                    [String(try row.decode("matter_id", as: Int64.self)), try row.decode("kind", as: String.self),
                     try row.decode("received_on", as: String.self), try row.decode("due_on", as: String.self),
                     try row.decode("answer_channel", as: String?.self) ?? "-", try row.decode("on_time", as: String?.self) ?? "-",
                     try row.decode("overdue", as: String.self)]
                }
            }
            #expect(replies == [
                [String(first), "developer_letter", "2026-11-23", "2026-11-26", "written", "true", "false"],
                [String(second), "forwarded_owner_letter", "2026-11-23", "2026-11-26", "written", "false", "false"],
            ])
            // Both due on 2026-11-26 (November): due 2, on time 1, late 1, overdue 0, rate 1 / (1 + 1 + 0) = 0.5000.
            let timeliness = try await TestDatabase.readAsBI(suite: Self.suite) { tx in
                try await tx.query("""
                    SELECT label, last_day::text AS last_day, due, answered_on_time, answered_late, overdue, on_time_rate::text AS rate
                    FROM bi.office_reply_timeliness
                    WHERE office_id = \(world.office) AND period = 'month' AND period_start = DATE '2026-11-01'
                    """).map { row in
                    [try row.decode("label", as: String.self), try row.decode("last_day", as: String.self),
                     String(try row.decode("due", as: Int64.self)), String(try row.decode("answered_on_time", as: Int64.self)),
                     String(try row.decode("answered_late", as: Int64.self)), String(try row.decode("overdue", as: Int64.self)),
                     try row.decode("rate", as: String?.self) ?? "-"]
                }
            }
            #expect(timeliness == [["2026-11", "2026-11-30", "2", "1", "1", "0", "0.5000"]])
        }
    }

    // MARK: - 2. The company calendar

    @Test("EXT-2: due days count working days of the company calendar: holidays are skipped, make-up workdays count, days are Shanghai days")
    func dueDaysFollowTheCalendar() async throws {
        let suite = Self.suite + "_calendar"
        let world = try await world(suite: suite)
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let developer = try await newDeveloper(client, admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: developer)
            let manager = try await TestApp.login(client, world.manager)
            func dueOn(_ kind: String, _ receivedAt: String) async throws -> String? {
                try await recorded(client, manager, office: world.office, estate: estate, kind: kind, receivedAt: receivedAt).json["dueOn"] as? String
            }

            // Friday 20, no exceptions: Mon 23 (1), Tue 24 (2), Wed 25 (3).
            #expect(try await dueOn("developer_letter", "2026-11-20T10:00:00+08:00") == "2026-11-25")

            let holiday = try await TestApp.send(client, admin, .put, "/v1/calendar-days/2026-11-24", #"{"kind":"holiday","name":"测试假日"}"#)
            #expect(holiday.status == .ok, "\(holiday.json)")
            // Friday 20 with Tuesday 24 a holiday: Mon 23 (1), Wed 25 (2), Thu 26 (3).
            #expect(try await dueOn("developer_letter", "2026-11-20T10:00:00+08:00") == "2026-11-26")

            let workday = try await TestApp.send(client, admin, .put, "/v1/calendar-days/2026-11-21", #"{"kind":"workday","name":"调休"}"#)
            #expect(workday.status == .ok, "\(workday.json)")
            // Friday 20 with Saturday 21 a make-up workday: Sat 21 (1), Mon 23 (2), Tue 24 holiday, Wed 25 (3).
            #expect(try await dueOn("forwarded_owner_letter", "2026-11-20T10:00:00+08:00") == "2026-11-25")
            // Received on the make-up Saturday itself (its own day not counted): Mon 23 (1), Wed 25 (2), Thu 26 (3).
            #expect(try await dueOn("question", "2026-11-21T11:00:00+08:00") == "2026-11-26")
            // 2026-11-20T16:30Z is Saturday 00:30 in Shanghai, so it counts from Saturday like the one above
            // (counted from the UTC day, Friday, it would be 2026-11-25).
            #expect(try await dueOn("question", "2026-11-20T16:30:00Z") == "2026-11-26")
            // Friday 23:59 in Shanghai is still Friday: as the letter after the make-up workday was set.
            #expect(try await dueOn("question", "2026-11-20T23:59:00+08:00") == "2026-11-25")
        }
    }

    // MARK: - 3. Overdue, the sweeper's notification

    @Test("EXT-2: an unanswered question past its due day is overdue, listed by overdue=true; one sweep notifies the office manager once")
    func overdueQuestionNotifiesOnce() async throws {
        let suite = Self.suite + "_sweep"
        let world = try await world(suite: suite)
        let sweeper = DeadlineSweeper(database: world.database, now: world.clock.function)
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let developer = try await newDeveloper(client, admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: developer)
            var manager = try await TestApp.login(client, world.manager)
            // Received Sunday 22: Mon 23 (1), Tue 24 (2), Wed 25 (3) → due 2026-11-25, late from Thursday 00:00 in Shanghai.
            let (open, openJSON) = try await recorded(
                client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-22T15:00:00+08:00")
            #expect(openJSON["dueOn"] as? String == "2026-11-25")
            let (answered, _) = try await recorded(
                client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-22T16:00:00+08:00")

            try move(world.clock, to: "2026-11-24T10:00:00+08:00")
            manager = try await TestApp.login(client, world.manager)
            let byPhone = try await answer(client, manager, answered, channel: "phone")
            #expect(byPhone.status == .ok, "\(byPhone.json)")
            #expect(byPhone.json["answerChannel"] as? String == "phone")
            #expect(byPhone.json["answeredOnTime"] as? Bool == true)

            // The last second of the due day: nothing is overdue, the sweep finds nothing.
            try move(world.clock, to: "2026-11-25T23:59:59+08:00")
            manager = try await TestApp.login(client, world.manager)
            #expect(try await listIDs(client, manager, "/v1/developer-matters?officeId=\(world.office)&overdue=true") == [])
            #expect(try await TestApp.send(client, manager, .get, "/v1/developer-matters/\(open)").json["overdue"] as? Bool == false)
            #expect(try await sweeper.sweep() == .init())

            // Thursday 00:00 in Shanghai: the first late instant.
            world.clock.advance(by: 1)
            let overdue = try await TestApp.send(client, manager, .get, "/v1/developer-matters?officeId=\(world.office)&overdue=true")
            #expect(overdue.status == .ok)
            #expect(Self.ids(overdue.json) == [open])
            #expect((overdue.json["items"] as? [[String: Any]])?.first?["overdue"] as? Bool == true)
            #expect(try await listIDs(client, manager, "/v1/developer-matters?officeId=\(world.office)&overdue=false") == [answered])
            #expect(try await listIDs(client, manager, "/v1/developer-matters?officeId=\(world.office)&status=open") == [open])
            let read = try await TestApp.send(client, manager, .get, "/v1/developer-matters/\(open)")
            #expect(read.json["overdue"] as? Bool == true)
            #expect(read.json["status"] as? String == "open")

            // One overdue matter, one office manager in its office → one notification.
            #expect(try await sweeper.sweep() == .init(notifications: 1, overdueRecords: 1))
            let notified = try await TestApp.send(client, manager, .get, "/v1/notifications")
            let items = notified.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            let notification = try #require(items.first)
            #expect(notification["kind"] as? String == "answer_overdue")
            #expect(notification["subject"] as? String == "developer_matter")
            #expect(Self.id(notification["subjectId"]) == open)
            #expect(Self.id(notification["officeId"]) == world.office)
            #expect(notification["ticketId"] == nil)
            #expect(try (notification["dueAt"] as? String).map(Self.instant) == Self.instant("2026-11-26T00:00:00+08:00"))
            // Neither the front desk nor another office's manager is notified.
            let desk = try await TestApp.login(client, world.desk)
            #expect(try await listIDs(client, desk, "/v1/notifications") == [])
            let otherManager = try await TestApp.login(client, world.otherManager)
            #expect(try await listIDs(client, otherManager, "/v1/notifications") == [])

            // A second sweep writes nothing.
            let notificationID = try #require(Self.id(notification["id"]))
            #expect(try await sweeper.sweep() == .init())
            #expect(try await listIDs(client, manager, "/v1/notifications") == [notificationID])

            // Answered late by phone: no longer overdue, not on time.
            let late = try await answer(client, manager, open, channel: "phone")
            #expect(late.status == .ok, "\(late.json)")
            #expect(late.json["answeredOnTime"] as? Bool == false)
            #expect(late.json["overdue"] as? Bool == false)
            #expect(try await listIDs(client, manager, "/v1/developer-matters?officeId=\(world.office)&overdue=true") == [])
        }
    }

    // MARK: - 4. Input rules

    @Test("EXT-2/EXT-3: letters need a written answer with a signed document of the estate; answered once; If-Match; receivedAt window; topics only for EXT-4 requests")
    func inputRules() async throws {
        let world = try await world()
        try move(world.clock, to: "2026-11-23T10:00:00+08:00")  // Monday
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: try await newDeveloper(client, admin))
            let otherEstate = try await newEstate(client, admin, office: world.office, developer: try await newDeveloper(client, admin))
            let noDeveloper = try await newEstate(client, admin, office: world.office, developer: nil)
            let manager = try await TestApp.login(client, world.manager)
            let reply = try await sign(client, manager, office: world.office, estate: estate)
            let otherReply = try await sign(client, manager, office: world.office, estate: otherEstate)
            let (letter, _) = try await recorded(
                client, manager, office: world.office, estate: estate, kind: "developer_letter", receivedAt: "2026-11-23T09:00:00+08:00")

            let byPhone = try await answer(client, manager, letter, channel: "phone")
            #expect(byPhone.status == .unprocessableContent)
            #expect(Self.fields(byPhone.json) == ["channel"])
            let noDocument = try await answer(client, manager, letter, channel: "written")
            #expect(noDocument.status == .unprocessableContent)
            #expect(Self.fields(noDocument.json) == ["documentId"])
            let wrongEstate = try await answer(client, manager, letter, channel: "written", document: otherReply)
            #expect(wrongEstate.status == .unprocessableContent)
            #expect(Self.fields(wrongEstate.json) == ["documentId"])

            let eTag = try await client.execute(uri: "/v1/developer-matters/\(letter)", method: .get, headers: manager) { response in
                #expect(response.status == .ok)
                return response.headers[.eTag]
            }
            #expect(eTag == "\"v1\"")
            let stale = try await answer(client, manager, letter, channel: "written", document: reply, ifMatch: "\"v7\"")
            #expect(stale.status == .preconditionFailed)
            let answered = try await answer(client, manager, letter, channel: "written", document: reply, ifMatch: "\"v1\"")
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(answered.json["version"] as? Int == 2)
            let twice = try await answer(client, manager, letter, channel: "written", document: reply)
            #expect(twice.status == .conflict)

            // receivedAt: at most 5 minutes ahead of the server's now (Monday 10:00), at most 31 days back.
            let future = try await matter(client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-23T10:10:00+08:00")
            #expect(future.status == .unprocessableContent)
            #expect(Self.fields(future.json) == ["receivedAt"])
            let skew = try await matter(client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-23T10:04:00+08:00")
            #expect(skew.status == .created)
            let old = try await matter(client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-10-22T10:00:00+08:00")
            #expect(old.status == .unprocessableContent)
            #expect(Self.fields(old.json) == ["receivedAt"])

            let topic = try await matter(
                client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-23T09:00:00+08:00",
                extra: #","topic":"maintenance_fund""#)
            #expect(topic.status == .unprocessableContent)
            #expect(Self.fields(topic.json) == ["topic"])
            let noTopic = try await matter(
                client, manager, office: world.office, estate: estate, kind: "assistance_request", receivedAt: "2026-11-23T09:00:00+08:00")
            #expect(noTopic.status == .unprocessableContent)
            #expect(Self.fields(noTopic.json) == ["topic"])
            let expected = try await matter(
                client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-23T09:00:00+08:00",
                extra: #","expectedAnswerOn":"2026-11-30""#)
            #expect(expected.status == .unprocessableContent)
            #expect(Self.fields(expected.json) == ["expectedAnswerOn"])
            let withoutDeveloper = try await matter(
                client, manager, office: world.office, estate: noDeveloper, kind: "question", receivedAt: "2026-11-23T09:00:00+08:00")
            #expect(withoutDeveloper.status == .unprocessableContent)
            #expect(Self.fields(withoutDeveloper.json) == ["estateId"])

            // A question may name the developer call it came up in (EXT-1), not an owners' committee entry nor another estate's.
            let call = try await TestApp.send(
                client, manager, .post, "/v1/communications",
                #"{"officeId":\#(world.office),"estateId":\#(estate),"party":"developer","channel":"phone","occurredAt":"2026-11-23T08:30:00+08:00","counterparts":"王经理","summary":"询问车库渗水"}"#)
            #expect(call.status == .created, "\(call.json)")
            let callID = try #require(Self.id(call.json["id"]))
            let fromCall = try await matter(
                client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-23T08:30:00+08:00",
                extra: #","communicationId":\#(callID)"#)
            #expect(fromCall.status == .created, "\(fromCall.json)")
            #expect(Self.id(fromCall.json["communicationId"]) == callID)
            let fromOtherEstate = try await matter(
                client, manager, office: world.office, estate: otherEstate, kind: "question", receivedAt: "2026-11-23T08:30:00+08:00",
                extra: #","communicationId":\#(callID)"#)
            #expect(fromOtherEstate.status == .unprocessableContent)
            #expect(Self.fields(fromOtherEstate.json) == ["communicationId"])
            let requestDocument = try await matter(
                client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-23T09:00:00+08:00",
                extra: #","requestDocumentId":\#(reply)"#)
            #expect(requestDocument.status == .unprocessableContent)
            #expect(Self.fields(requestDocument.json) == ["requestDocumentId"])

            // A question answered by phone names no document.
            let question = try #require(Self.id(skew.json["id"]))
            let phoneWithDocument = try await answer(client, manager, question, channel: "phone", document: reply)
            #expect(phoneWithDocument.status == .unprocessableContent)
            #expect(Self.fields(phoneWithDocument.json) == ["documentId"])
        }
    }

    // MARK: - 5. Signing outgoing documents

    @Test("EXT-3: the office manager signs and archives a copy file; lists omit it, reading one returns it; others may not sign; a copy is required")
    func signingOutgoingDocuments() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let developer = try await newDeveloper(client, admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: developer)
            let noDeveloper = try await newEstate(client, admin, office: world.office, developer: nil)
            let manager = try await TestApp.login(client, world.manager)
            let bytes = Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A, 0x00, 0xFF, 0xFE, 0x80])
            let base64 = bytes.base64EncodedString()
            func body(estate: Int64, toDeveloper: Bool, copy: String) -> String {
                #"{"officeId":\#(world.office),"estateId":\#(estate),"toDeveloper":\#(toDeveloper),"recipient":"发展商物业部","subject":"关于维修基金使用的函","channel":"letter"\#(copy)}"#
            }

            let signed = try await TestApp.send(
                client, manager, .post, "/v1/outgoing-documents",
                body(estate: estate, toDeveloper: true, copy: #","copyFile":{"name":"复函.pdf","mediaType":"application/pdf","contentBase64":"\#(base64)"}"#))
            #expect(signed.status == .created, "\(signed.json)")
            let document = try #require(Self.id(signed.json["id"]))
            #expect(signed.json["hasCopyFile"] as? Bool == true)
            #expect(Self.id(signed.json["developerId"]) == developer)  // toDeveloper: the estate's developer
            #expect(Self.id(signed.json["signedBy"]) == world.managerID)
            #expect(try (signed.json["signedAt"] as? String).map(Self.instant) == world.clock.now)
            #expect(signed.json["copyText"] == nil)

            let listed = try await TestApp.send(client, manager, .get, "/v1/outgoing-documents?estateId=\(estate)")
            #expect(Self.ids(listed.json) == [document])
            let item = try #require((listed.json["items"] as? [[String: Any]])?.first)
            #expect(item["hasCopyFile"] as? Bool == true)
            #expect(item["copyFile"] == nil)
            let read = try await TestApp.send(client, manager, .get, "/v1/outgoing-documents/\(document)")
            #expect(read.status == .ok)
            let file = try #require(read.json["copyFile"] as? [String: Any])
            #expect(file["contentBase64"] as? String == base64)
            #expect(file["name"] as? String == "复函.pdf")
            #expect(file["mediaType"] as? String == "application/pdf")

            // Not to the developer: no developerId; a text copy only.
            let email = try await TestApp.send(client, manager, .post, "/v1/outgoing-documents", body(estate: estate, toDeveloper: false, copy: #","copyText":"业主大会通知""#))
            #expect(email.status == .created, "\(email.json)")
            #expect(email.json["developerId"] == nil)
            #expect(email.json["hasCopyFile"] as? Bool == false)
            #expect(email.json["copyText"] as? String == "业主大会通知")

            let desk = try await TestApp.login(client, world.desk)
            #expect(try await TestApp.send(client, desk, .post, "/v1/outgoing-documents", body(estate: estate, toDeveloper: true, copy: #","copyText":"x""#)).status == .forbidden)
            #expect(try await TestApp.send(client, admin, .post, "/v1/outgoing-documents", body(estate: estate, toDeveloper: true, copy: #","copyText":"x""#)).status == .forbidden)

            let noCopy = try await TestApp.send(client, manager, .post, "/v1/outgoing-documents", body(estate: estate, toDeveloper: true, copy: ""))
            #expect(noCopy.status == .unprocessableContent)
            #expect(Self.fields(noCopy.json) == ["copyText"])
            let badBase64 = try await TestApp.send(
                client, manager, .post, "/v1/outgoing-documents",
                body(estate: estate, toDeveloper: true, copy: #","copyFile":{"name":"复函.pdf","mediaType":"application/pdf","contentBase64":"@@@@!!!!"}"#))
            #expect(badBase64.status == .unprocessableContent)
            #expect(Self.fields(badBase64.json) == ["copyFile/contentBase64"])
            let nobodyToSendTo = try await TestApp.send(
                client, manager, .post, "/v1/outgoing-documents", body(estate: noDeveloper, toDeveloper: true, copy: #","copyText":"x""#))
            #expect(nobodyToSendTo.status == .unprocessableContent)
            #expect(Self.fields(nobodyToSendTo.json) == ["toDeveloper"])
            #expect(try await listIDs(client, manager, "/v1/outgoing-documents?officeId=\(world.office)")
                == [document, try #require(Self.id(email.json["id"]))])
        }
    }

    // MARK: - 6. The communication record

    @Test("EXT-1/EXT-5: developer communication keeps the estate's developer; the committee must exist; the list filters by party and estate")
    func communicationRecord() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let developer = try await newDeveloper(client, admin)
            let secondDeveloper = try await newDeveloper(client, admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: developer)
            let other = try await newEstate(client, admin, office: world.office, developer: secondDeveloper)
            let noDeveloper = try await newEstate(client, admin, office: world.office, developer: nil)
            let manager = try await TestApp.login(client, world.manager)
            func record(estate: Int64, party: String, channel: String, occurredAt: String = "2026-11-22T15:00:00+08:00")
                async throws -> (status: HTTPResponse.Status, json: [String: Any])
            {
                try await TestApp.send(
                    client, manager, .post, "/v1/communications",
                    #"{"officeId":\#(world.office),"estateId":\#(estate),"party":"\#(party)","channel":"\#(channel)","occurredAt":"\#(occurredAt)","counterparts":"发展商项目经理 王先生","summary":"商定车库渗水维修安排"}"#)
            }

            let call = try await record(estate: estate, party: "developer", channel: "phone")
            #expect(call.status == .created, "\(call.json)")
            #expect(Self.id(call.json["developerId"]) == developer)
            #expect(call.json["party"] as? String == "developer")
            #expect(call.json["channel"] as? String == "phone")
            #expect(Self.id(call.json["recordedBy"]) == world.managerID)
            #expect(try (call.json["occurredAt"] as? String).map(Self.instant) == Self.instant("2026-11-22T15:00:00+08:00"))
            let first = try #require(Self.id(call.json["id"]))

            let noCommittee = try await record(estate: estate, party: "owners_committee", channel: "meeting")
            #expect(noCommittee.status == .unprocessableContent)
            #expect(Self.fields(noCommittee.json) == ["party"])
            let committee = try await TestApp.send(
                client, manager, .put, "/v1/estates/\(estate)/committee", #"{"name":"锦绣花园业主委员会","members":[{"name":"陈主任","role":"chair"}]}"#)
            #expect(committee.status == .ok, "\(committee.json)")
            let meeting = try await record(estate: estate, party: "owners_committee", channel: "meeting")
            #expect(meeting.status == .created, "\(meeting.json)")
            #expect(meeting.json["developerId"] == nil)
            let second = try #require(Self.id(meeting.json["id"]))

            let email = try await record(estate: other, party: "developer", channel: "email")
            #expect(email.status == .created, "\(email.json)")
            #expect(Self.id(email.json["developerId"]) == secondDeveloper)
            let third = try #require(Self.id(email.json["id"]))

            let nobody = try await record(estate: noDeveloper, party: "developer", channel: "phone")
            #expect(nobody.status == .unprocessableContent)
            #expect(Self.fields(nobody.json) == ["party"])
            let future = try await record(estate: estate, party: "developer", channel: "phone", occurredAt: "2026-11-22T21:00:00+08:00")
            #expect(future.status == .unprocessableContent)  // now is 20:00 in Shanghai
            #expect(Self.fields(future.json) == ["occurredAt"])

            func listed(_ query: String) async throws -> [Int64] {
                try await listIDs(client, manager, "/v1/communications?officeId=\(world.office)\(query)")
            }
            #expect(try await listed("") == [first, second, third])
            #expect(try await listed("&party=developer") == [first, third])
            #expect(try await listed("&party=owners_committee") == [second])
            #expect(try await listed("&estateId=\(estate)") == [first, second])
            #expect(try await listed("&estateId=\(estate)&party=developer") == [first])
            #expect(try await listed("&estateId=\(other)") == [third])
        }
    }

    // MARK: - 7. Office isolation

    @Test("EXT-1..3: another office's manager sees nothing of this office and may not record into it; the front desk reads but does not record")
    func officeIsolation() async throws {
        let world = try await world()
        try move(world.clock, to: "2026-11-23T10:00:00+08:00")
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: try await newDeveloper(client, admin))
            let manager = try await TestApp.login(client, world.manager)
            let (matter, _) = try await recorded(
                client, manager, office: world.office, estate: estate, kind: "question", receivedAt: "2026-11-23T09:00:00+08:00")
            let document = try await sign(client, manager, office: world.office, estate: estate)
            let communicationBody =
                #"{"officeId":\#(world.office),"estateId":\#(estate),"party":"developer","channel":"phone","occurredAt":"2026-11-23T09:00:00+08:00","counterparts":"王经理","summary":"询问交楼进度"}"#
            let entry = try await TestApp.send(client, manager, .post, "/v1/communications", communicationBody)
            #expect(entry.status == .created)
            let communication = try #require(Self.id(entry.json["id"]))
            let matterBody =
                #"{"officeId":\#(world.office),"estateId":\#(estate),"kind":"question","subject":"交楼时间","receivedAt":"2026-11-23T09:30:00+08:00"}"#
            let documentBody =
                #"{"officeId":\#(world.office),"estateId":\#(estate),"recipient":"发展商","subject":"函","channel":"letter","copyText":"x"}"#
            let answerBody = #"{"channel":"phone","answer":"已电话答复"}"#

            let other = try await TestApp.login(client, world.otherManager)
            #expect(try await TestApp.send(client, other, .get, "/v1/developer-matters/\(matter)").status == .notFound)
            #expect(try await TestApp.send(client, other, .get, "/v1/outgoing-documents/\(document)").status == .notFound)
            for path in ["/v1/developer-matters", "/v1/outgoing-documents", "/v1/communications"] {
                let page = try await TestApp.send(client, other, .get, "\(path)?officeId=\(world.office)")
                #expect(page.status == .ok, "\(path)")
                #expect(Self.ids(page.json) == [], "\(path)")
            }
            let intoOther = try await TestApp.send(client, other, .post, "/v1/communications", communicationBody)
            #expect(intoOther.status == .unprocessableContent)
            #expect(Self.fields(intoOther.json) == ["officeId"])
            let matterIntoOther = try await TestApp.send(client, other, .post, "/v1/developer-matters", matterBody)
            #expect(matterIntoOther.status == .unprocessableContent)
            #expect(Self.fields(matterIntoOther.json) == ["officeId"])
            let signIntoOther = try await TestApp.send(client, other, .post, "/v1/outgoing-documents", documentBody)
            #expect(signIntoOther.status == .unprocessableContent)
            #expect(Self.fields(signIntoOther.json) == ["officeId"])
            #expect(try await TestApp.send(client, other, .post, "/v1/developer-matters/\(matter)/answer", answerBody).status == .notFound)

            let desk = try await TestApp.login(client, world.desk)
            #expect(try await TestApp.send(client, desk, .get, "/v1/developer-matters/\(matter)").status == .ok)
            let read = try await TestApp.send(client, desk, .get, "/v1/outgoing-documents/\(document)")
            #expect(read.status == .ok)
            #expect(read.json["copyText"] as? String == "关于来函的复函")
            #expect(try await listIDs(client, desk, "/v1/developer-matters?officeId=\(world.office)") == [matter])
            #expect(try await listIDs(client, desk, "/v1/outgoing-documents?officeId=\(world.office)") == [document])
            #expect(try await listIDs(client, desk, "/v1/communications?officeId=\(world.office)") == [communication])
            #expect(try await TestApp.send(client, desk, .post, "/v1/communications", communicationBody).status == .forbidden)
            #expect(try await TestApp.send(client, desk, .post, "/v1/developer-matters", matterBody).status == .forbidden)
            #expect(try await TestApp.send(client, desk, .post, "/v1/developer-matters/\(matter)/answer", answerBody).status == .forbidden)
            #expect(try await TestApp.send(client, desk, .post, "/v1/outgoing-documents", documentBody).status == .forbidden)

            // ADMIN_STAFF records for every office (ORG-6).
            #expect(try await TestApp.send(client, admin, .post, "/v1/communications", communicationBody).status == .created)
        }
    }

    // MARK: - 8. Requests for the developer's written assistance

    @Test("EXT-4: a maintenance-fund request with an expected answer day is tracked to the developer's written answer, without a document of ours")
    func assistanceRequest() async throws {
        let world = try await world()
        try move(world.clock, to: "2026-11-23T10:00:00+08:00")
        try await world.app.test(.router) { client in
            let admin = try await TestApp.login(client, world.admin)
            let developer = try await newDeveloper(client, admin)
            let estate = try await newEstate(client, admin, office: world.office, developer: developer)
            var manager = try await TestApp.login(client, world.manager)
            let request = try await sign(client, manager, office: world.office, estate: estate, text: "关于申请使用住宅维修基金更换电梯的函")

            let beforeSent = try await matter(
                client, manager, office: world.office, estate: estate, kind: "assistance_request", receivedAt: "2026-11-23T10:00:00+08:00",
                extra: #","topic":"maintenance_fund","expectedAnswerOn":"2026-11-20""#)
            #expect(beforeSent.status == .unprocessableContent)
            #expect(Self.fields(beforeSent.json) == ["expectedAnswerOn"])
            let (ask, json) = try await recorded(
                client, manager, office: world.office, estate: estate, kind: "assistance_request", receivedAt: "2026-11-23T10:00:00+08:00",
                extra: #","topic":"maintenance_fund","expectedAnswerOn":"2026-12-07","requestDocumentId":\#(request)"#)
            #expect(json["topic"] as? String == "maintenance_fund")
            #expect(json["dueOn"] as? String == "2026-12-07")  // the expected answer day, not a 3-working-day deadline
            #expect(Self.id(json["requestDocumentId"]) == request)
            #expect(Self.id(json["developerId"]) == developer)
            #expect(json["status"] as? String == "open")
            #expect(json["overdue"] as? Bool == false)

            // Tuesday 1 December: the developer's written answer arrives (before the expected 7 December).
            try move(world.clock, to: "2026-12-01T15:00:00+08:00")
            manager = try await TestApp.login(client, world.manager)
            let byPhone = try await answer(client, manager, ask, channel: "phone")
            #expect(byPhone.status == .unprocessableContent)
            #expect(Self.fields(byPhone.json) == ["channel"])
            let withOurDocument = try await answer(client, manager, ask, channel: "written", document: request)
            #expect(withOurDocument.status == .unprocessableContent)
            #expect(Self.fields(withOurDocument.json) == ["documentId"])
            let answered = try await answer(client, manager, ask, channel: "written")
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(answered.json["status"] as? String == "answered")
            #expect(answered.json["answerChannel"] as? String == "written")
            #expect(answered.json["answerDocumentId"] == nil)
            #expect(answered.json["answer"] as? String == "已书面答复处理安排")
            #expect(answered.json["answeredOnTime"] as? Bool == true)
            #expect(try await listIDs(client, manager, "/v1/developer-matters?officeId=\(world.office)&kind=assistance_request&status=answered") == [ask])
            #expect(try await listIDs(client, manager, "/v1/developer-matters?officeId=\(world.office)&status=open") == [])

            // BI: the request is a row of bi.developer_replies but not part of the office's reply timeliness (the developer answers).
            let rows = try await TestDatabase.readAsBI(suite: Self.suite) { tx in
                try await tx.query("""
                    SELECT kind || ' ' || coalesce(topic, '-') || ' ' || coalesce(due_on::text, '-') || ' ' || coalesce(answered_on_time::text, '-') AS row
                    FROM bi.developer_replies WHERE office_id = \(world.office)
                    UNION ALL
                    SELECT 'timeliness ' || due FROM bi.office_reply_timeliness WHERE office_id = \(world.office)
                    """).map { try $0.decode("row", as: String.self) }
            }
            #expect(rows == ["assistance_request maintenance_fund 2026-12-07 true"])
        }
    }
}
