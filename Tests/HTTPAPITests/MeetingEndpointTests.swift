import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Meetings through HTTP (MTG-1, MTG-2, SAL-2): company meetings held by HQ and office meetings,
/// the agenda due the type's lead days before the meeting, sign-in, minutes due 3 working days
/// after the meeting with the resolutions it ended in, resolutions tracked to done by the person
/// responsible, the meeting types as policy data and the BI view, with an injected clock.
///
/// The TestClock starts on Sunday 2026-11-22 20:00 in Asia/Shanghai (12:00 UTC). The policy and
/// calendar tests each use a database of their own: meeting types and calendar days are company-wide.
@Suite("Meeting endpoints (MTG-1, MTG-2, SAL-2)")
struct MeetingEndpointTests {
    static let suite = "http_meetings"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let suite: String
        let clock: TestClock
        let office: Int64
        let otherOffice: Int64
        /// OFFICE_MANAGER of `office`: schedules and runs the office's meetings.
        let manager: String
        let managerID: Int64
        /// SUPERVISOR of `office` (meetings.manage in the office).
        let supervisor: String
        let supervisorID: Int64
        /// FRONT_DESK of `office` (meetings.read only).
        let desk: String
        let deskID: Int64
        /// SALES_STAFF of `office` (SAL-2).
        let sales: String
        /// OFFICE_MANAGER of `otherOffice`.
        let otherManager: String
        let otherManagerID: Int64
        /// GENERAL_MANAGER (no department): holds the board.
        let gm: String
        let gmID: Int64
        /// QUALITY_STAFF: holds the director forum.
        let quality: String
        let qualityID: Int64
        /// ADMIN_STAFF: the president office meeting; sets calendar days.
        let admin: String
        let adminID: Int64
    }

    /// A world in the suite's database (or another one, for a test that changes company-wide policy or the calendar).
    func world(suite: String = Self.suite) async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: suite)
        let (office, code) = try await TestFixtures.newOffice("M", suite: suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("N", suite: suite)
        let manager = TestFixtures.unique("mgr"), supervisor = TestFixtures.unique("sup"), desk = TestFixtures.unique("desk")
        let sales = TestFixtures.unique("sales"), otherManager = TestFixtures.unique("mgr"), gm = TestFixtures.unique("gm")
        let quality = TestFixtures.unique("qa"), admin = TestFixtures.unique("admin")
        let managerUser = try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        let supervisorUser = try await TestFixtures.user(supervisor, roles: [.supervisor], officeCodes: [code], database: database)
        let deskUser = try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(sales, roles: [.salesStaff], officeCodes: [code], database: database)
        let otherManagerUser = try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        let gmUser = try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        let qualityUser = try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        let adminUser = try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), suite: suite, clock: clock, office: office,
            otherOffice: otherOffice, manager: manager, managerID: managerUser.id, supervisor: supervisor, supervisorID: supervisorUser.id,
            desk: desk, deskID: deskUser.id, sales: sales, otherManager: otherManager, otherManagerID: otherManagerUser.id, gm: gm,
            gmID: gmUser.id, quality: quality, qualityID: qualityUser.id, admin: admin, adminID: adminUser.id)
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
        let admin: HTTPFields
    }

    func login(_ client: some TestClientProtocol, _ world: World) async throws -> Sessions {
        Sessions(
            manager: try await TestApp.login(client, world.manager), supervisor: try await TestApp.login(client, world.supervisor),
            desk: try await TestApp.login(client, world.desk), sales: try await TestApp.login(client, world.sales),
            otherManager: try await TestApp.login(client, world.otherManager), gm: try await TestApp.login(client, world.gm),
            quality: try await TestApp.login(client, world.quality), admin: try await TestApp.login(client, world.admin))
    }

    // MARK: - Helpers

    static func id(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

    static func ids(_ page: [String: Any]) -> [Int64] {
        (page["items"] as? [[String: Any]] ?? []).compactMap { id($0["id"]) }
    }

    /// The fields a 422 names.
    static func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func attendees(_ meeting: [String: Any]) -> [[String: Any]] {
        meeting["attendees"] as? [[String: Any]] ?? []
    }

    static func resolutions(_ meeting: [String: Any]) -> [[String: Any]] {
        meeting["resolutions"] as? [[String: Any]] ?? []
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

    /// Moves the clock to an instant.
    func move(_ clock: TestClock, to text: String) throws {
        clock.advance(by: try Self.instant(text).timeIntervalSince(clock.now))
    }

    /// The ids of a list page, which must be 200.
    func listIDs(_ client: some TestClientProtocol, _ headers: HTTPFields, _ uri: String) async throws -> [Int64] {
        let page = try await TestApp.send(client, headers, .get, uri)
        #expect(page.status == .ok, "\(uri): \(page.json)")
        return Self.ids(page.json)
    }

    func schedule(
        _ client: some TestClientProtocol, _ headers: HTTPFields, type: String, office: Int64?, at scheduledAt: String,
        title: String = "会议"
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        let officeField = office.map { #""officeId":\#($0),"# } ?? ""
        return try await TestApp.send(
            client, headers, .post, "/v1/meetings",
            #"{\#(officeField)"type":"\#(type)","title":"\#(title)","scheduledAt":"\#(scheduledAt)","location":"三楼会议室"}"#)
    }

    /// A meeting that must be scheduled (201); its id and JSON.
    func scheduled(
        _ client: some TestClientProtocol, _ headers: HTTPFields, type: String, office: Int64?, at scheduledAt: String
    ) async throws -> (id: Int64, json: [String: Any]) {
        let created = try await schedule(client, headers, type: type, office: office, at: scheduledAt)
        #expect(created.status == .created, "\(type): \(created.json)")
        return (try #require(Self.id(created.json["id"])), created.json)
    }

    func get(_ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64) async throws -> [String: Any] {
        let read = try await TestApp.send(client, headers, .get, "/v1/meetings/\(meeting)")
        #expect(read.status == .ok, "\(read.json)")
        return read.json
    }

    func agenda(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64, _ text: String = "一、上期决议跟进；二、本期议题", ifMatch: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await TestApp.send(client, headers, .put, "/v1/meetings/\(meeting)/agenda", #"{"agenda":"\#(text)"}"#)
    }

    /// Signs the caller in (no name) or a guest (name and unit).
    func signIn(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64, name: String? = nil, unit: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var fields: [String] = []
        if let name { fields.append(#""name":"\#(name)""#) }
        if let unit { fields.append(#""unit":"\#(unit)""#) }
        return try await TestApp.send(
            client, headers, .post, "/v1/meetings/\(meeting)/attendance", "{" + fields.joined(separator: ",") + "}")
    }

    struct Resolution {
        let text: String
        let responsible: Int64
        let dueOn: String
    }

    func minutes(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ meeting: Int64, _ resolutions: [Resolution], ifMatch: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        let items = resolutions.map { #"{"text":"\#($0.text)","responsibleId":\#($0.responsible),"dueOn":"\#($0.dueOn)"}"# }
        return try await TestApp.send(
            client, headers, .post, "/v1/meetings/\(meeting)/minutes",
            #"{"minutes":"会议纪要：与会人员讨论了本月工作","resolutions":[\#(items.joined(separator: ","))]}"#)
    }

    func progress(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ resolution: Int64, status: String, progress: String? = nil,
        ifMatch: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        let progressField = progress.map { #","progress":"\#($0)""# } ?? ""
        return try await TestApp.send(
            client, headers, .put, "/v1/meeting-resolutions/\(resolution)", #"{"status":"\#(status)"\#(progressField)}"#)
    }

    // MARK: - 1. Scheduling and visibility

    @Test("MTG-1: a board meeting on Wed 2026-12-16 has its agenda due 12-02 and minutes due 12-21; only HQ schedules it, without an office; office roles do not see it")
    func boardScheduledByHQ() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let created = try await schedule(client, s.gm, type: "board", office: nil, at: "2026-12-16T10:00:00+08:00", title: "2026年下半年董事会")
            #expect(created.status == .created, "\(created.json)")
            let board = try #require(Self.id(created.json["id"]))
            #expect(created.json["officeId"] == nil)  // the company's
            #expect(created.json["type"] as? String == "board")
            #expect(created.json["title"] as? String == "2026年下半年董事会")
            #expect(try Self.instant(of: created.json["scheduledAt"]) == Self.instant("2026-12-16T10:00:00+08:00"))
            // Agenda 14 days before the meeting's day: 2026-12-16 - 14 = 2026-12-02.
            #expect(created.json["agendaDueOn"] as? String == "2026-12-02")
            // Minutes within 3 working days of Wednesday 16: Thu 17 (1), Fri 18 (2), Mon 21 (3).
            #expect(created.json["minutesDueOn"] as? String == "2026-12-21")
            #expect(created.json["agendaDistributedAt"] == nil)
            #expect(created.json["agendaOnTime"] == nil)
            #expect(created.json["minutesOnTime"] == nil)
            #expect(created.json["overdue"] as? Bool == false)  // nothing is due before 2026-12-02
            #expect(Self.id(created.json["createdBy"]) == world.gmID)
            #expect(Self.attendees(created.json).isEmpty)
            #expect(Self.resolutions(created.json).isEmpty)
            #expect(created.json["version"] as? Int == 1)
            let eTag = try await client.execute(uri: "/v1/meetings/\(board)", method: .get, headers: s.gm) { $0.headers[.eTag] }
            #expect(eTag == "\"v1\"")

            // An office manager may not hold the company's meetings.
            let byManager = try await schedule(client, s.manager, type: "board", office: nil, at: "2026-12-16T10:00:00+08:00")
            #expect(byManager.status == .forbidden, "\(byManager.json)")
            // A company meeting names no office; an office meeting names one.
            let withOffice = try await schedule(client, s.gm, type: "board", office: world.office, at: "2026-12-16T10:00:00+08:00")
            #expect(withOffice.status == .unprocessableContent, "\(withOffice.json)")
            #expect(Self.fields(withOffice.json) == ["officeId"])
            let withoutOffice = try await schedule(client, s.gm, type: "office_morning", office: nil, at: "2026-11-23T08:30:00+08:00")
            #expect(withoutOffice.status == .unprocessableContent, "\(withoutOffice.json)")
            #expect(Self.fields(withoutOffice.json) == ["officeId"])
            let unknown = try await schedule(client, s.gm, type: "tea_party", office: nil, at: "2026-12-16T10:00:00+08:00")
            #expect(unknown.status == .unprocessableContent, "\(unknown.json)")

            // The office's own meeting, for contrast: the office manager sees it, and only it.
            let (morning, _) = try await scheduled(client, s.manager, type: "office_morning", office: world.office, at: "2026-11-23T08:30:00+08:00")

            // Company meetings are invisible to office roles: 404 and not listed.
            #expect(try await TestApp.send(client, s.manager, .get, "/v1/meetings/\(board)").status == .notFound)
            #expect(try await TestApp.send(client, s.desk, .get, "/v1/meetings/\(board)").status == .notFound)
            #expect(try await listIDs(client, s.manager, "/v1/meetings") == [morning])
            #expect(try await listIDs(client, s.manager, "/v1/meetings?companyOnly=true") == [])
            #expect(try await agenda(client, s.manager, board).status == .notFound)

            // QUALITY (HQ, all offices) sees it.
            let read = try await get(client, s.quality, board)
            #expect(read["type"] as? String == "board")
            #expect(read["agendaDueOn"] as? String == "2026-12-02")
            #expect(read["minutesDueOn"] as? String == "2026-12-21")
            let company = try await listIDs(client, s.quality, "/v1/meetings?companyOnly=true")
            #expect(company.contains(board))
            #expect(!company.contains(morning))
            #expect(try await listIDs(client, s.quality, "/v1/meetings?officeId=\(world.office)") == [morning])
            #expect(try await listIDs(client, s.quality, "/v1/meetings?officeId=\(world.office)&type=board") == [])
            #expect(try await listIDs(client, s.quality, "/v1/meetings?officeId=\(world.office)&type=office_morning") == [morning])
            #expect(try await listIDs(client, s.quality, "/v1/meetings?companyOnly=true&type=board").contains(board))
        }
    }

    // MARK: - 2. Agenda

    @Test("MTG-1: the agenda sent on time is on time and a second sending keeps the first time; none after the meeting began (409); a late agenda of a meeting still ahead is overdue")
    func agendaDistribution() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            // Director forum (QUALITY) on Wednesday 2026-12-02 14:00: agenda 7 days before → 2026-11-25;
            // minutes: Thu 3 (1), Fri 4 (2), Mon 7 (3) → 2026-12-07.
            let (forum, forumJSON) = try await scheduled(client, s.quality, type: "director_forum", office: nil, at: "2026-12-02T14:00:00+08:00")
            #expect(forumJSON["agendaDueOn"] as? String == "2026-11-25")
            #expect(forumJSON["minutesDueOn"] as? String == "2026-12-07")
            #expect(forumJSON["overdue"] as? Bool == false)

            // A board meeting on Thursday 2026-12-03: agenda due 2026-12-03 - 14 = 2026-11-19, already past on Sunday 11-22
            // while the meeting is still ahead → overdue.
            let (late, lateJSON) = try await scheduled(client, s.gm, type: "board", office: nil, at: "2026-12-03T10:00:00+08:00")
            #expect(lateJSON["agendaDueOn"] as? String == "2026-11-19")
            #expect(lateJSON["overdue"] as? Bool == true)
            #expect(try await get(client, s.quality, late)["overdue"] as? Bool == true)

            // Sunday 20:00, before 2026-11-25 ends: on time.
            let first = try await agenda(client, s.quality, forum, "一、各管理处服务质量通报", ifMatch: "\"v1\"")
            #expect(first.status == .ok, "\(first.json)")
            #expect(first.json["agenda"] as? String == "一、各管理处服务质量通报")
            #expect(try Self.instant(of: first.json["agendaDistributedAt"]) == Self.instant("2026-11-22T20:00:00+08:00"))
            #expect(first.json["agendaOnTime"] as? Bool == true)
            #expect(first.json["overdue"] as? Bool == false)
            #expect(first.json["version"] as? Int == 2)
            #expect(try await agenda(client, s.quality, forum, "过期版本", ifMatch: "\"v1\"").status == .preconditionFailed)
            #expect(try await agenda(client, s.sales, forum).status == .notFound)  // an office role does not see a company meeting

            // Thursday 2026-11-26, after the due day: a revised agenda goes out; the first sending still counts.
            try move(world.clock, to: "2026-11-26T09:00:00+08:00")
            s = try await login(client, world)
            let second = try await agenda(client, s.quality, forum, "一、各管理处服务质量通报；二、投诉案例分析")
            #expect(second.status == .ok, "\(second.json)")
            #expect(second.json["agenda"] as? String == "一、各管理处服务质量通报；二、投诉案例分析")
            #expect(try Self.instant(of: second.json["agendaDistributedAt"]) == Self.instant("2026-11-22T20:00:00+08:00"))
            #expect(second.json["agendaOnTime"] as? Bool == true)
            #expect(second.json["version"] as? Int == 3)

            // The late board agenda goes out on 11-26, after 11-19: not on time, but no longer overdue.
            let lateAgenda = try await agenda(client, s.gm, late, "一、年度经营情况")
            #expect(lateAgenda.status == .ok, "\(lateAgenda.json)")
            #expect(lateAgenda.json["agendaOnTime"] as? Bool == false)
            #expect(lateAgenda.json["overdue"] as? Bool == false)

            // The forum begins at 14:00 on 2026-12-02: its agenda is final.
            try move(world.clock, to: "2026-12-02T14:00:00+08:00")
            s = try await login(client, world)
            let begun = try await agenda(client, s.quality, forum, "临时议题")
            #expect(begun.status == .conflict, "\(begun.json)")
            let unchanged = try await get(client, s.quality, forum)
            #expect(unchanged["agenda"] as? String == "一、各管理处服务质量通报；二、投诉案例分析")
            #expect(unchanged["version"] as? Int == 3)
        }
    }

    // MARK: - 3. Sign-in

    @Test("MTG-2: attendance by sign-in: staff sign themselves in once, an organizer signs a guest owner in by name and unit, from the meeting's day on, listed in order")
    func signInAttendance() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            // Office morning meeting on Monday 2026-11-23 08:30 (lead 0: agenda due that day; minutes Tue, Wed, Thu → 11-26).
            let (meeting, json) = try await scheduled(client, s.manager, type: "office_morning", office: world.office, at: "2026-11-23T08:30:00+08:00")
            #expect(json["agendaDueOn"] as? String == "2026-11-23")
            #expect(json["minutesDueOn"] as? String == "2026-11-26")
            #expect(Self.id(json["officeId"]) == world.office)

            // Sunday evening: sign-in opens on the meeting's day.
            #expect(try await signIn(client, s.manager, meeting).status == .conflict)
            #expect(try await signIn(client, s.manager, meeting, name: "王先生", unit: "3-502").status == .conflict)

            try move(world.clock, to: "2026-11-23T08:20:00+08:00")
            s = try await login(client, world)
            let manager = try await signIn(client, s.manager, meeting)
            #expect(manager.status == .ok, "\(manager.json)")
            #expect(Self.attendees(manager.json).count == 1)

            world.clock.advance(by: 60)  // 08:21
            let supervisor = try await signIn(client, s.supervisor, meeting)
            #expect(supervisor.status == .ok, "\(supervisor.json)")

            world.clock.advance(by: 60)  // 08:22: the manager signs an owner in
            let guest = try await signIn(client, s.manager, meeting, name: "业主王先生", unit: "3-502")
            #expect(guest.status == .ok, "\(guest.json)")

            world.clock.advance(by: 60)  // 08:23: the front desk signs itself in (meetings.read is enough)
            let desk = try await signIn(client, s.desk, meeting)
            #expect(desk.status == .ok, "\(desk.json)")

            // Twice: 409; a front desk may not sign guests in: 403; the other office does not see the meeting: 404.
            #expect(try await signIn(client, s.manager, meeting).status == .conflict)
            #expect(try await signIn(client, s.desk, meeting).status == .conflict)
            #expect(try await signIn(client, s.desk, meeting, name: "业主李女士", unit: "5-101").status == .forbidden)
            #expect(try await signIn(client, s.otherManager, meeting).status == .notFound)
            // A unit is for guests only.
            let unitOnly = try await signIn(client, s.sales, meeting, unit: "1-101")
            #expect(unitOnly.status == .unprocessableContent, "\(unitOnly.json)")
            #expect(Self.fields(unitOnly.json) == ["unit"])

            let read = try await get(client, s.desk, meeting)
            let attendees = Self.attendees(read)
            #expect(attendees.compactMap { $0["position"] as? Int } == [1, 2, 3, 4])
            #expect(attendees.compactMap { $0["name"] as? String } == [world.manager, world.supervisor, "业主王先生", world.desk])
            #expect(attendees.map { Self.id($0["userId"]) } == [world.managerID, world.supervisorID, nil, world.deskID])
            #expect(attendees.map { $0["unit"] as? String } == [nil, nil, "3-502", nil])
            let signedIn = try attendees.map { try Self.instant(of: $0["signedInAt"]) }
            let expected: [Date?] = try ["08:20", "08:21", "08:22", "08:23"].map { try Self.instant("2026-11-23T\($0):00+08:00") }
            #expect(signedIn == expected)
        }
    }

    // MARK: - 4. Minutes

    @Test("MTG-2: minutes with resolutions sent 2 working days after the meeting are on time, once; 1-50 resolutions, each with a responsible of the office and a due day not before the meeting; 4 working days after is late")
    func minutesWithResolutions() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            // Two office morning meetings on Monday 2026-11-23 08:30: minutes due Tue 24 (1), Wed 25 (2), Thu 26 (3) → 2026-11-26.
            let (meeting, json) = try await scheduled(client, s.manager, type: "office_morning", office: world.office, at: "2026-11-23T08:30:00+08:00")
            #expect(json["minutesDueOn"] as? String == "2026-11-26")
            let (lateMeeting, _) = try await scheduled(client, s.manager, type: "office_morning", office: world.office, at: "2026-11-23T08:30:00+08:00")
            let valid = [
                Resolution(text: "清理地下车库积水", responsible: world.supervisorID, dueOn: "2026-11-30"),
                Resolution(text: "更换3号楼大堂灯具", responsible: world.deskID, dueOn: "2026-11-23"),  // the meeting's own day is allowed
            ]

            // Sunday: the meeting has not begun.
            #expect(try await minutes(client, s.manager, meeting, valid).status == .conflict)

            // Wednesday 2026-11-25 10:00: the 2nd working day after the meeting.
            try move(world.clock, to: "2026-11-25T10:00:00+08:00")
            s = try await login(client, world)

            let none = try await minutes(client, s.manager, meeting, [])
            #expect(none.status == .unprocessableContent, "\(none.json)")
            #expect(Self.fields(none.json) == ["resolutions"])
            let foreign = try await minutes(client, s.manager, meeting, [
                Resolution(text: "协调外处人员", responsible: world.otherManagerID, dueOn: "2026-11-30"),
            ])
            #expect(foreign.status == .unprocessableContent, "\(foreign.json)")
            #expect(Self.fields(foreign.json) == ["resolutions/0/responsibleId"])
            let early = try await minutes(client, s.manager, meeting, [
                valid[0], Resolution(text: "补交上周报表", responsible: world.supervisorID, dueOn: "2026-11-20"),
            ])
            #expect(early.status == .unprocessableContent, "\(early.json)")
            #expect(Self.fields(early.json) == ["resolutions/1/dueOn"])
            #expect(try await minutes(client, s.desk, meeting, valid).status == .forbidden)  // FRONT_DESK: meetings.read only
            #expect(try await minutes(client, s.otherManager, meeting, valid).status == .notFound)
            #expect(try await minutes(client, s.manager, meeting, valid, ifMatch: "\"v0\"").status == .preconditionFailed)
            #expect(try await get(client, s.manager, meeting)["minutes"] == nil)  // nothing of the refused sendings was kept

            let sent = try await minutes(client, s.manager, meeting, valid, ifMatch: "\"v1\"")
            #expect(sent.status == .ok, "\(sent.json)")
            #expect(sent.json["minutes"] as? String == "会议纪要：与会人员讨论了本月工作")
            #expect(try Self.instant(of: sent.json["minutesDistributedAt"]) == Self.instant("2026-11-25T10:00:00+08:00"))
            #expect(sent.json["minutesOnTime"] as? Bool == true)  // 2026-11-25 ≤ 2026-11-26
            #expect(sent.json["overdue"] as? Bool == false)
            #expect(sent.json["version"] as? Int == 2)
            let resolutions = Self.resolutions(sent.json)
            #expect(resolutions.compactMap { $0["text"] as? String } == ["清理地下车库积水", "更换3号楼大堂灯具"])
            #expect(resolutions.map { Self.id($0["responsibleId"]) } == [world.supervisorID, world.deskID])
            #expect(resolutions.compactMap { $0["dueOn"] as? String } == ["2026-11-30", "2026-11-23"])
            #expect(resolutions.compactMap { $0["status"] as? String } == ["open", "open"])
            #expect(resolutions.map { Self.id($0["meetingId"]) } == [meeting, meeting])
            #expect(resolutions.map { Self.id($0["officeId"]) } == [world.office, world.office])
            #expect(resolutions.compactMap { $0["overdue"] as? Bool } == [false, true])  // the second was due Monday 11-23
            #expect(resolutions.compactMap { $0["version"] as? Int } == [1, 1])

            // Once.
            let again = try await minutes(client, s.manager, meeting, valid)
            #expect(again.status == .conflict, "\(again.json)")
            #expect(Self.resolutions(try await get(client, s.manager, meeting)).count == 2)

            // The other meeting: Thursday passes without minutes → overdue; sent Friday 2026-11-27, the 4th working day → late.
            try move(world.clock, to: "2026-11-27T10:00:00+08:00")
            s = try await login(client, world)
            #expect(try await get(client, s.manager, lateMeeting)["overdue"] as? Bool == true)
            let lateSent = try await minutes(client, s.manager, lateMeeting, [valid[0]])
            #expect(lateSent.status == .ok, "\(lateSent.json)")
            #expect(lateSent.json["minutesOnTime"] as? Bool == false)  // 2026-11-27 > 2026-11-26
            #expect(lateSent.json["overdue"] as? Bool == false)  // sent: no longer overdue, but late
        }
    }

    // MARK: - 5. Resolutions

    @Test("MTG-2: resolutions are tracked to done by the person responsible: in progress, done with progress (422 without), final (409); overdue and mine lists; 403 for a front desk not responsible; 412 when stale")
    func resolutionsTrackedToDone() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            let (meeting, _) = try await scheduled(client, s.manager, type: "office_morning", office: world.office, at: "2026-11-23T08:30:00+08:00")
            try move(world.clock, to: "2026-11-23T09:00:00+08:00")
            s = try await login(client, world)
            let sent = try await minutes(client, s.manager, meeting, [
                Resolution(text: "更换3号楼大堂灯具", responsible: world.deskID, dueOn: "2026-11-30"),
                Resolution(text: "清理地下车库积水", responsible: world.supervisorID, dueOn: "2026-11-24"),
            ])
            #expect(sent.status == .ok, "\(sent.json)")
            let ids = Self.resolutions(sent.json).compactMap { Self.id($0["id"]) }
            try #require(ids.count == 2)
            let (lamps, water) = (ids[0], ids[1])

            // The front desk is responsible for the lamps: it reports, although it does not manage meetings.
            let started = try await progress(client, s.desk, lamps, status: "in_progress", progress: "已订购灯具", ifMatch: "\"v1\"")
            #expect(started.status == .ok, "\(started.json)")
            #expect(started.json["status"] as? String == "in_progress")
            #expect(started.json["progress"] as? String == "已订购灯具")
            #expect(started.json["doneAt"] == nil)
            #expect(started.json["overdue"] as? Bool == false)
            #expect(started.json["version"] as? Int == 2)

            let bare = try await progress(client, s.desk, lamps, status: "done")
            #expect(bare.status == .unprocessableContent, "\(bare.json)")
            #expect(Self.fields(bare.json) == ["progress"])
            #expect(try await progress(client, s.desk, lamps, status: "done", progress: "已更换完毕", ifMatch: "\"v1\"").status == .preconditionFailed)

            world.clock.advance(by: 3600)  // 10:00
            let done = try await progress(client, s.desk, lamps, status: "done", progress: "已更换完毕", ifMatch: "\"v2\"")
            #expect(done.status == .ok, "\(done.json)")
            #expect(done.json["status"] as? String == "done")
            #expect(done.json["progress"] as? String == "已更换完毕")
            #expect(try Self.instant(of: done.json["doneAt"]) == Self.instant("2026-11-23T10:00:00+08:00"))
            #expect(done.json["version"] as? Int == 3)
            // Done is final, for the organizer too.
            #expect(try await progress(client, s.desk, lamps, status: "in_progress", progress: "重新打开").status == .conflict)
            #expect(try await progress(client, s.manager, lamps, status: "open").status == .conflict)

            // The water is the supervisor's: the front desk may not report on it; the other office does not see it.
            #expect(try await progress(client, s.desk, water, status: "in_progress", progress: "代报").status == .forbidden)
            #expect(try await progress(client, s.otherManager, water, status: "in_progress", progress: "代报").status == .notFound)

            // Wednesday 2026-11-25: the water was due Tuesday 11-24 and is not done → overdue.
            try move(world.clock, to: "2026-11-25T09:00:00+08:00")
            s = try await login(client, world)
            let office = "/v1/meeting-resolutions?officeId=\(world.office)"
            #expect(try await listIDs(client, s.manager, office) == [lamps, water])
            #expect(try await listIDs(client, s.manager, office + "&overdue=true") == [water])
            #expect(try await listIDs(client, s.manager, office + "&overdue=false") == [lamps])
            #expect(try await listIDs(client, s.manager, office + "&status=open") == [water])
            #expect(try await listIDs(client, s.manager, office + "&status=done") == [lamps])
            #expect(try await listIDs(client, s.manager, office + "&responsibleId=\(world.supervisorID)") == [water])
            #expect(try await listIDs(client, s.supervisor, "/v1/meeting-resolutions?mine=true") == [water])
            #expect(try await listIDs(client, s.supervisor, "/v1/meeting-resolutions?mine=true&overdue=true") == [water])
            #expect(try await listIDs(client, s.desk, "/v1/meeting-resolutions?mine=true") == [lamps])
            #expect(try await listIDs(client, s.desk, "/v1/meeting-resolutions?mine=true&overdue=true") == [])
            #expect(try await listIDs(client, s.otherManager, "/v1/meeting-resolutions?officeId=\(world.office)") == [])
            let overdue = try await TestApp.send(client, s.supervisor, .get, "/v1/meeting-resolutions?mine=true&overdue=true")
            #expect((overdue.json["items"] as? [[String: Any]])?.first?["overdue"] as? Bool == true)

            let working = try await progress(client, s.supervisor, water, status: "in_progress", progress: "已联系排水公司")
            #expect(working.status == .ok, "\(working.json)")
            #expect(working.json["overdue"] as? Bool == true)  // in progress is not done
            let finished = try await progress(client, s.supervisor, water, status: "done", progress: "积水已清理")
            #expect(finished.status == .ok, "\(finished.json)")
            #expect(finished.json["overdue"] as? Bool == false)
            #expect(try await listIDs(client, s.manager, office + "&overdue=true") == [])
            #expect(try await listIDs(client, s.manager, office + "&status=done") == [lamps, water])
        }
    }

    // MARK: - 6. SAL-2

    @Test("SAL-2: a sales office member schedules the weekly meeting with engineering in their office (201), not in another office (422)")
    func salesEngineeringWeekly() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            // Friday 2026-11-27 15:00, lead 0: agenda due that day; minutes Mon 30 (1), Tue 12-01 (2), Wed 12-02 (3).
            let created = try await schedule(
                client, s.sales, type: "sales_engineering_weekly", office: world.office, at: "2026-11-27T15:00:00+08:00", title: "售房部工程进度周例会")
            #expect(created.status == .created, "\(created.json)")
            #expect(Self.id(created.json["officeId"]) == world.office)
            #expect(created.json["type"] as? String == "sales_engineering_weekly")
            #expect(created.json["agendaDueOn"] as? String == "2026-11-27")
            #expect(created.json["minutesDueOn"] as? String == "2026-12-02")
            let id = try #require(Self.id(created.json["id"]))
            #expect(try await listIDs(client, s.sales, "/v1/meetings?type=sales_engineering_weekly") == [id])

            let elsewhere = try await schedule(
                client, s.sales, type: "sales_engineering_weekly", office: world.otherOffice, at: "2026-11-27T15:00:00+08:00")
            #expect(elsewhere.status == .unprocessableContent, "\(elsewhere.json)")
            #expect(Self.fields(elsewhere.json) == ["officeId"])
            // Nor the company's meetings.
            #expect(try await schedule(client, s.sales, type: "board", office: nil, at: "2026-12-16T10:00:00+08:00").status == .forbidden)
            // The front desk of the office does not schedule meetings at all.
            #expect(try await schedule(
                client, s.desk, type: "sales_engineering_weekly", office: world.office, at: "2026-11-27T15:00:00+08:00").status == .forbidden)
        }
    }

    // MARK: - 7. Meeting-type policy

    @Test("MTG-1: meeting types are policy data: HQ sets the president office meeting's agenda lead to 10 days (If-Match); new meetings take it, scheduled ones keep theirs; 412 stale, 403 office manager, 91 days refused")
    func meetingTypePolicy() async throws {
        // A database of its own: meeting types are company-wide.
        let world = try await world(suite: Self.suite + "_policy")
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let types = try await TestApp.send(client, s.manager, .get, "/v1/meeting-types")
            #expect(types.status == .ok, "\(types.json)")
            let items = types.json["items"] as? [[String: Any]] ?? []
            let byCode = Dictionary(uniqueKeysWithValues: items.compactMap { item in (item["code"] as? String).map { ($0, item) } })
            #expect(items.count == 13)
            #expect(byCode["board"]?["agendaLeadDays"] as? Int == 14)
            #expect(byCode["board"]?["level"] as? String == "company")
            #expect(byCode["board"]?["cadence"] as? String == "semiannual")
            #expect(byCode["president_office"]?["agendaLeadDays"] as? Int == 7)
            #expect(byCode["president_office"]?["cadence"] as? String == "monthly")
            #expect(byCode["director_forum"]?["agendaLeadDays"] as? Int == 7)
            #expect(byCode["director_forum"]?["cadence"] as? String == "bimonthly")
            #expect(byCode["office_morning"]?["agendaLeadDays"] as? Int == 0)
            #expect(byCode["office_morning"]?["level"] as? String == "office")
            #expect(byCode["owner_communication"]?["agendaLeadDays"] as? Int == 3)
            #expect(byCode["sales_engineering_weekly"]?["agendaLeadDays"] as? Int == 0)
            #expect(byCode["sales_engineering_weekly"]?["cadence"] as? String == "weekly")
            #expect(byCode["safety_weekly_analysis"]?["cadence"] as? String == "weekly")  // SAF-4
            #expect(items.allSatisfy { $0["minutesDueWorkingDays"] as? Int == 3 })
            #expect(items.compactMap { $0["level"] as? String } == Array(repeating: "company", count: 7) + Array(repeating: "office", count: 6))
            #expect(byCode["president_office"]?["version"] as? Int == 1)

            // Before the change: a president office meeting on Thursday 2026-12-03 has its agenda due 12-03 - 7 = 11-26.
            let (before, beforeJSON) = try await scheduled(client, s.admin, type: "president_office", office: nil, at: "2026-12-03T09:00:00+08:00")
            #expect(beforeJSON["agendaDueOn"] as? String == "2026-11-26")

            var headers = s.gm
            headers[.ifMatch] = "\"v1\""
            let body = #"{"cadence":"monthly","agendaLeadDays":10,"minutesDueWorkingDays":3}"#
            let updated = try await client.execute(
                uri: "/v1/meeting-types/president_office", method: .put, headers: headers, body: ByteBuffer(string: body)
            ) { response in
                (response.status, response.headers[.eTag], try TestApp.json(response.body))
            }
            #expect(updated.0 == .ok, "\(updated.2)")
            #expect(updated.1 == "\"v2\"")
            #expect(updated.2["agendaLeadDays"] as? Int == 10)
            #expect(updated.2["code"] as? String == "president_office")
            #expect(updated.2["version"] as? Int == 2)

            // After: 12-03 - 10 = 11-23; minutes Fri 4 (1), Mon 7 (2), Tue 8 (3).
            let (_, afterJSON) = try await scheduled(client, s.admin, type: "president_office", office: nil, at: "2026-12-03T09:00:00+08:00")
            #expect(afterJSON["agendaDueOn"] as? String == "2026-11-23")
            #expect(afterJSON["minutesDueOn"] as? String == "2026-12-08")
            // The one scheduled before keeps its due day.
            #expect(try await get(client, s.admin, before)["agendaDueOn"] as? String == "2026-11-26")

            // Stale: 412, nothing changes.
            var stale = s.admin
            stale[.ifMatch] = "\"v1\""
            let staleUpdate = try await TestApp.send(
                client, stale, .put, "/v1/meeting-types/president_office", #"{"cadence":"monthly","agendaLeadDays":5,"minutesDueWorkingDays":3}"#)
            #expect(staleUpdate.status == .preconditionFailed, "\(staleUpdate.json)")
            // An office manager: 403.
            let byManager = try await TestApp.send(
                client, s.manager, .put, "/v1/meeting-types/president_office", #"{"cadence":"monthly","agendaLeadDays":5,"minutesDueWorkingDays":3}"#)
            #expect(byManager.status == .forbidden, "\(byManager.json)")
            // 91 days: beyond the policy's range.
            let tooLong = try await TestApp.send(
                client, s.admin, .put, "/v1/meeting-types/president_office", #"{"cadence":"monthly","agendaLeadDays":91,"minutesDueWorkingDays":3}"#)
            #expect(tooLong.status == .unprocessableContent || tooLong.status == .badRequest, "\(tooLong.json)")
            if tooLong.status == .unprocessableContent { #expect(Self.fields(tooLong.json) == ["agendaLeadDays"]) }
            // No such type: 404.
            let missing = try await TestApp.send(
                client, s.admin, .put, "/v1/meeting-types/tea_party", #"{"cadence":"monthly","agendaLeadDays":5,"minutesDueWorkingDays":3}"#)
            #expect(missing.status == .notFound, "\(missing.json)")

            let after = try await TestApp.send(client, s.quality, .get, "/v1/meeting-types")
            let president = (after.json["items"] as? [[String: Any]] ?? []).first { $0["code"] as? String == "president_office" }
            #expect(president?["agendaLeadDays"] as? Int == 10)
            #expect(president?["version"] as? Int == 2)
        }
    }

    // MARK: - 8. BI

    @Test("MTG-2/BI: bi.meeting_follow_up shows a meeting's 3 attendees, 2 resolutions (1 done) and minutes on time")
    func followUpView() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            let (meeting, _) = try await scheduled(client, s.manager, type: "office_morning", office: world.office, at: "2026-11-23T08:30:00+08:00")
            let (board, _) = try await scheduled(client, s.gm, type: "board", office: nil, at: "2026-12-16T10:00:00+08:00")

            try move(world.clock, to: "2026-11-23T08:20:00+08:00")
            s = try await login(client, world)
            #expect(try await signIn(client, s.manager, meeting).status == .ok)
            #expect(try await signIn(client, s.supervisor, meeting).status == .ok)
            #expect(try await signIn(client, s.manager, meeting, name: "业主王先生", unit: "3-502").status == .ok)

            // Tuesday 2026-11-24: the 1st working day after the meeting (due 11-26) → on time.
            try move(world.clock, to: "2026-11-24T10:00:00+08:00")
            s = try await login(client, world)
            let sent = try await minutes(client, s.manager, meeting, [
                Resolution(text: "更换3号楼大堂灯具", responsible: world.deskID, dueOn: "2026-11-30"),
                Resolution(text: "清理地下车库积水", responsible: world.supervisorID, dueOn: "2026-11-30"),
            ])
            #expect(sent.status == .ok, "\(sent.json)")
            #expect(sent.json["minutesOnTime"] as? Bool == true)
            let lamps = try #require(Self.resolutions(sent.json).first.flatMap { Self.id($0["id"]) })
            #expect(try await progress(client, s.desk, lamps, status: "done", progress: "已更换完毕").status == .ok)

            let rows = try await TestDatabase.readAsBI(suite: world.suite) { tx in
                try await tx.query("""
                    SELECT coalesce(office_id::text, '-') || ' ' || type_code || ' ' || held_on || ' ' || agenda_due_on || ' '
                           || coalesce(agenda_on_time::text, '-') || ' ' || minutes_due_on || ' ' || coalesce(minutes_on_time::text, '-')
                           || ' ' || attendees || ' ' || resolutions || ' ' || resolutions_done AS row
                    FROM bi.meeting_follow_up WHERE meeting_id IN (\(meeting), \(board)) ORDER BY meeting_id
                    """).map { try $0.decode("row", as: String.self) }
            }
            #expect(rows == [
                // Agenda never sent (NULL); minutes sent 11-24 by 11-26; 3 signed in; 2 resolutions, 1 done.
                "\(world.office) office_morning 2026-11-23 2026-11-23 - 2026-11-26 true 3 2 1",
                // The company's board meeting is visible to BI too (no office).
                "- board 2026-12-16 2026-12-02 - 2026-12-21 - 0 0 0",
            ])
        }
    }

    // MARK: - Further rules

    @Test("MTG-2: the minutes' due day counts working days of the company calendar (holidays skipped, make-up workdays counted)")
    func minutesDueFollowsCalendar() async throws {
        // A database of its own: calendar days are company-wide.
        let world = try await world(suite: Self.suite + "_calendar")
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let holiday = try await TestApp.send(client, s.admin, .put, "/v1/calendar-days/2026-12-17", #"{"kind":"holiday","name":"测试假日"}"#)
            #expect(holiday.status == .ok, "\(holiday.json)")
            let workday = try await TestApp.send(client, s.admin, .put, "/v1/calendar-days/2026-12-26", #"{"kind":"workday","name":"调休"}"#)
            #expect(workday.status == .ok, "\(workday.json)")
            // Board on Wednesday 16: Thu 17 is a holiday; Fri 18 (1), Mon 21 (2), Tue 22 (3).
            let (_, board) = try await scheduled(client, s.gm, type: "board", office: nil, at: "2026-12-16T10:00:00+08:00")
            #expect(board["minutesDueOn"] as? String == "2026-12-22")
            #expect(board["agendaDueOn"] as? String == "2026-12-02")  // calendar days: holidays do not move it
            // Office meeting on Thursday 24: Fri 25 (1), Sat 26 make-up workday (2), Mon 28 (3).
            let (_, morning) = try await scheduled(client, s.manager, type: "office_morning", office: world.office, at: "2026-12-24T08:30:00+08:00")
            #expect(morning["minutesDueOn"] as? String == "2026-12-28")
        }
    }

    @Test("MTG-2: an HQ member without a department (the general manager) and an HQ department member may be responsible for an office meeting's resolution")
    func hqMembersMayBeResponsible() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            let (meeting, _) = try await scheduled(client, s.manager, type: "owner_communication", office: world.office, at: "2026-11-23T19:00:00+08:00")
            try move(world.clock, to: "2026-11-23T21:00:00+08:00")
            s = try await login(client, world)
            let sent = try await minutes(client, s.manager, meeting, [
                Resolution(text: "申请维修基金更换电梯", responsible: world.gmID, dueOn: "2026-12-31"),
                Resolution(text: "协调发展商处理外墙渗水", responsible: world.adminID, dueOn: "2026-12-31"),
            ])
            #expect(sent.status == .ok, "\(sent.json)")
            #expect(Self.resolutions(sent.json).map { Self.id($0["responsibleId"]) } == [world.gmID, world.adminID])
        }
    }

    @Test("MTG-2: the person responsible for a resolution can track it: a company meeting's resolution is not given to an office member who cannot see it")
    func companyResolutionResponsibleCanTrackIt() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            // Director forum (QUALITY), attended by the office directors.
            let (forum, _) = try await scheduled(client, s.quality, type: "director_forum", office: nil, at: "2026-11-23T14:00:00+08:00")
            try move(world.clock, to: "2026-11-23T17:00:00+08:00")
            s = try await login(client, world)
            let sent = try await minutes(client, s.quality, forum, [
                Resolution(text: "各管理处月底前完成消防自查", responsible: world.managerID, dueOn: "2026-11-30"),
            ])
            if sent.status == .ok {
                // Accepted: then the office manager must see it and report on it (MTG-2).
                let resolution = try #require(Self.resolutions(sent.json).first.flatMap { Self.id($0["id"]) })
                #expect(try await listIDs(client, s.manager, "/v1/meeting-resolutions?mine=true") == [resolution])
                let reported = try await progress(client, s.manager, resolution, status: "in_progress", progress: "已安排自查")
                #expect(reported.status == .ok, "the responsible office manager cannot report on it: \(reported.status) \(reported.json)")
            } else {
                // Or refused: only HQ members are responsible for the company's resolutions.
                #expect(sent.status == .unprocessableContent, "\(sent.json)")
                #expect(Self.fields(sent.json) == ["resolutions/0/responsibleId"])
            }
        }
    }
}
