import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Consulting projects through HTTP (EXT-7), with an injected clock: setting a project up and
/// changing it, resident consultants' daily work logs and their working-day coverage, monthly
/// reports answered by the consulting department within 3 working days (Asia/Shanghai days, the
/// company calendar), quarterly summaries merged and sent to the developer, finance and operations
/// reports, deliverables with the developer's receipt and feedback form, HQ-only visibility, the
/// BI view and the audit trail.
///
/// The TestClock starts on Sunday 2026-11-22 20:00 in Asia/Shanghai (12:00 UTC); 2026-11-01 is a
/// Sunday. Sessions live 12 hours: everyone logs in again after the clock moves. The calendar test
/// uses a database of its own: calendar days are company-wide and would move the other tests' days.
@Suite("Consulting endpoints (EXT-7)")
struct ConsultingEndpointTests {
    static let suite = "http_consulting"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let suite: String
        let clock: TestClock
        let office: Int64
        /// ADMIN_STAFF: records and archives developers, sets calendar days.
        let admin: String
        /// CONSULTANT of the CONSULTING department: the resident consultant of the projects.
        let resident: String
        let residentID: Int64
        /// A second CONSULTANT, resident on some projects.
        let second: String
        let secondID: Int64
        /// A CONSULTANT never made resident: the consulting department that answers and merges.
        let department: String
        let departmentID: Int64
        /// QUALITY_STAFF: reads only.
        let quality: String
        let qualityID: Int64
        /// GENERAL_MANAGER: reads and manages.
        let gm: String
        /// MANAGEMENT_REP: reads only.
        let rep: String
        /// OFFICE_MANAGER and FRONT_DESK of `office`: see nothing of consulting.
        let manager: String
        let desk: String
    }

    func world(suite: String = Self.suite) async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: suite)
        let (office, code) = try await TestFixtures.newOffice("C", suite: suite)
        let admin = TestFixtures.unique("admin"), resident = TestFixtures.unique("resident"), second = TestFixtures.unique("resident")
        let department = TestFixtures.unique("consult"), quality = TestFixtures.unique("qa"), gm = TestFixtures.unique("gm")
        let rep = TestFixtures.unique("rep"), manager = TestFixtures.unique("mgr"), desk = TestFixtures.unique("desk")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        let residentUser = try await TestFixtures.user(resident, roles: [.consultant], department: "CONSULTING", database: database)
        let secondUser = try await TestFixtures.user(second, roles: [.consultant], department: "CONSULTING", database: database)
        let departmentUser = try await TestFixtures.user(department, roles: [.consultant], department: "CONSULTING", database: database)
        let qualityUser = try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        try await TestFixtures.user(rep, roles: [.managementRep], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), suite: suite, clock: clock, office: office,
            admin: admin, resident: resident, residentID: residentUser.id, second: second, secondID: secondUser.id, department: department,
            departmentID: departmentUser.id, quality: quality, qualityID: qualityUser.id, gm: gm, rep: rep, manager: manager, desk: desk)
    }

    /// Everyone logged in at the clock's current time.
    struct Sessions {
        let admin: HTTPFields
        let resident: HTTPFields
        let second: HTTPFields
        let department: HTTPFields
        let quality: HTTPFields
        let gm: HTTPFields
        let rep: HTTPFields
        let manager: HTTPFields
        let desk: HTTPFields
    }

    func login(_ client: some TestClientProtocol, _ world: World) async throws -> Sessions {
        Sessions(
            admin: try await TestApp.login(client, world.admin), resident: try await TestApp.login(client, world.resident),
            second: try await TestApp.login(client, world.second), department: try await TestApp.login(client, world.department),
            quality: try await TestApp.login(client, world.quality), gm: try await TestApp.login(client, world.gm),
            rep: try await TestApp.login(client, world.rep), manager: try await TestApp.login(client, world.manager),
            desk: try await TestApp.login(client, world.desk))
    }

    // MARK: - Helpers

    /// A response: status, JSON object body (empty when there is none) and ETag.
    struct Reply {
        let status: HTTPResponse.Status
        let json: [String: Any]
        let eTag: String?

        var id: Int64? { ConsultingEndpointTests.id(json["id"]) }
        /// The fields a problem names.
        var fields: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }
        var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
        var ids: [Int64] { items.compactMap { ConsultingEndpointTests.id($0["id"]) } }
    }

    static func id(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

    static func int64s(_ value: Any?) -> [Int64] { (value as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.int64Value } }

    /// A JSON object without its nil members.
    static func encode(_ object: [String: Any?]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object.compactMapValues { $0 }), as: UTF8.self)
    }

    func send(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ method: HTTPRequest.Method, _ uri: String, _ body: [String: Any?]? = nil,
        ifMatch: String? = nil
    ) async throws -> Reply {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        let text = try body.map(Self.encode)
        return try await client.execute(uri: uri, method: method, headers: headers, body: text.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            let json = text.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:])
            return Reply(status: response.status, json: json, eTag: response.headers[.eTag])
        }
    }

    /// The ids of a list page, which must be 200.
    func listIDs(_ client: some TestClientProtocol, _ headers: HTTPFields, _ uri: String) async throws -> [Int64] {
        let page = try await send(client, headers, .get, uri)
        #expect(page.status == .ok, "\(uri): \(page.json)")
        return page.ids
    }

    /// An instant written with its offset, e.g. "2026-11-19T14:00:00+08:00".
    static func instant(_ text: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(fractional.date(from: text), "not an ISO 8601 instant: \(text)")
    }

    func move(_ clock: TestClock, to text: String) throws {
        clock.advance(by: try Self.instant(text).timeIntervalSince(clock.now))
    }

    /// A developer recorded by ADMIN_STAFF (archived right after when told); its id.
    func newDeveloper(_ client: some TestClientProtocol, _ admin: HTTPFields, archived: Bool = false) async throws -> Int64 {
        let name = TestFixtures.unique("发展商")
        let created = try await send(client, admin, .post, "/v1/developers", ["name": name])
        #expect(created.status == .created, "\(created.json)")
        let id = try #require(created.id)
        if archived {
            let archive = try await send(client, admin, .put, "/v1/developers/\(id)", ["name": name, "archived": true])
            #expect(archive.status == .ok, "\(archive.json)")
        }
        return id
    }

    func createProject(
        _ client: some TestClientProtocol, _ headers: HTTPFields, name: String? = nil, developer: Int64, consultants: [Int64],
        startedOn: String, endedOn: String? = nil
    ) async throws -> Reply {
        try await send(
            client, headers, .post, "/v1/consulting-projects",
            ["name": name ?? "顾问项目 " + TestFixtures.unique(""), "developerId": developer, "consultantIds": consultants,
             "startedOn": startedOn, "endedOn": endedOn])
    }

    /// A project that must be created (by the consulting department unless told); its id.
    func newProject(
        _ client: some TestClientProtocol, _ headers: HTTPFields, developer: Int64, consultants: [Int64], startedOn: String,
        endedOn: String? = nil
    ) async throws -> Int64 {
        let created = try await createProject(client, headers, developer: developer, consultants: consultants, startedOn: startedOn, endedOn: endedOn)
        #expect(created.status == .created, "\(created.json)")
        return try #require(created.id)
    }

    func log(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ project: Int64, _ day: String, clientContact: String? = nil,
        documents: String? = nil
    ) async throws -> Reply {
        try await send(
            client, headers, .post, "/v1/consulting-projects/\(project)/logs",
            ["workDay": day, "work": "审核物业管理方案", "clientContact": clientContact, "documents": documents])
    }

    func submit(_ client: some TestClientProtocol, _ headers: HTTPFields, _ project: Int64, _ kind: String, _ period: String) async throws -> Reply {
        try await send(
            client, headers, .post, "/v1/consulting-projects/\(project)/reports", ["kind": kind, "period": period, "body": "项目状况与工作进程"])
    }

    /// A report that must be accepted; its id.
    func submitted(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ project: Int64, _ kind: String, _ period: String
    ) async throws -> Int64 {
        let report = try await submit(client, headers, project, kind, period)
        #expect(report.status == .created, "\(kind) \(period): \(report.json)")
        return try #require(report.id)
    }

    func answer(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ report: Int64, _ text: String = "已阅，按计划推进", ifMatch: String? = nil
    ) async throws -> Reply {
        try await send(client, headers, .post, "/v1/consulting-reports/\(report)/answer", ["answer": text], ifMatch: ifMatch)
    }

    func deliver(_ client: some TestClientProtocol, _ headers: HTTPFields, _ report: Int64, merged: String? = nil) async throws -> Reply {
        try await send(
            client, headers, .post, "/v1/consulting-reports/\(report)/delivery", ["deliveredTo": "发展商 王总", "mergedSummary": merged])
    }

    func deliverable(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ project: Int64, kind: String = "implementation_rules", deliveredOn: String
    ) async throws -> Reply {
        try await send(
            client, headers, .post, "/v1/consulting-projects/\(project)/deliverables",
            ["kind": kind, "title": "物业管理实施细则", "deliveredOn": deliveredOn])
    }

    func receipt(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ deliverable: Int64, receivedOn: String, rating: Int? = nil,
        feedback: String? = nil, ifMatch: String? = nil
    ) async throws -> Reply {
        try await send(
            client, headers, .post, "/v1/consulting-deliverables/\(deliverable)/receipt",
            ["receivedOn": receivedOn, "receivedBy": "发展商 王总", "rating": rating, "feedback": feedback], ifMatch: ifMatch)
    }

    /// Each resident's coverage of a month: consultant id → the entry.
    func coverage(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ project: Int64, month: String?
    ) async throws -> (reply: Reply, byConsultant: [Int64: [String: Any]], order: [Int64]) {
        let reply = try await send(client, headers, .get, "/v1/consulting-projects/\(project)/log-coverage" + (month.map { "?month=\($0)" } ?? ""))
        let entries = reply.json["consultants"] as? [[String: Any]] ?? []
        let order = entries.compactMap { Self.id($0["consultantId"]) }
        return (reply, Dictionary(uniqueKeysWithValues: zip(order, entries)), order)
    }

    /// The audit rows' actors of an action on one record, in order, read as the superuser.
    static func auditActors(_ action: String, _ entityID: Int64, suite: String) async throws -> [Int64] {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let actors: [Int64] = try await admin.withConnection { connection in
            try await connection.query("""
                SELECT actor_user_id FROM audit.event WHERE action = \(action) AND entity_id = \(String(entityID)) ORDER BY id
                """).map { try $0.decode("actor_user_id") }
        }
        await admin.shutdown()
        return actors
    }

    // MARK: - 1. Projects

    @Test("EXT-7: a consultant sets up a project (v1, residents sorted, active within the engagement); names unique by case; residents are CONSULTANTs; developer active; If-Match; HQ reads, offices 403; filters")
    func projectLifecycle() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let developer = try await newDeveloper(client, s.admin)
            let archived = try await newDeveloper(client, s.admin, archived: true)
            let (low, high) = (min(world.residentID, world.secondID), max(world.residentID, world.secondID))

            let name = "Harbour Consulting " + TestFixtures.unique("")
            let created = try await createProject(
                client, s.department, name: name, developer: developer, consultants: [high, low, high], startedOn: "2026-11-02")
            #expect(created.status == .created, "\(created.json)")
            #expect(created.eTag == "\"v1\"")
            #expect(Self.int64s(created.json["consultantIds"]) == [low, high])
            #expect(created.json["active"] as? Bool == true)  // Sunday 22 lies within 2 November - open end
            #expect(created.json["name"] as? String == name)
            #expect(Self.id(created.json["developerId"]) == developer)
            #expect(created.json["startedOn"] as? String == "2026-11-02")
            #expect(created.json["endedOn"] == nil)
            #expect(Self.id(created.json["createdBy"]) == world.departmentID)
            #expect(created.json["version"] as? Int == 1)
            let project = try #require(created.id)

            let duplicate = try await createProject(
                client, s.department, name: name.uppercased(), developer: developer, consultants: [low], startedOn: "2026-11-02")
            #expect(duplicate.status == .conflict, "\(duplicate.json)")
            #expect(duplicate.fields == ["name"])
            let notConsultant = try await createProject(
                client, s.department, developer: developer, consultants: [world.residentID, world.qualityID], startedOn: "2026-11-02")
            #expect(notConsultant.status == .unprocessableContent)
            #expect(notConsultant.fields == ["consultantIds"])
            let archivedDeveloper = try await createProject(client, s.department, developer: archived, consultants: [low], startedOn: "2026-11-02")
            #expect(archivedDeveloper.status == .unprocessableContent)
            #expect(archivedDeveloper.fields == ["developerId"])
            let missingDeveloper = try await createProject(client, s.department, developer: 987_654_321, consultants: [low], startedOn: "2026-11-02")
            #expect(missingDeveloper.status == .unprocessableContent)
            #expect(missingDeveloper.fields == ["developerId"])
            let backwards = try await createProject(
                client, s.department, developer: developer, consultants: [low], startedOn: "2026-11-02", endedOn: "2026-11-01")
            #expect(backwards.status == .unprocessableContent)
            #expect(backwards.fields == ["endedOn"])
            // consulting.manage: QUALITY reads but does not set up projects; the general manager does.
            let byQuality = try await createProject(client, s.quality, developer: developer, consultants: [low], startedOn: "2026-11-02")
            #expect(byQuality.status == .forbidden)
            let future = try await createProject(client, s.gm, developer: developer, consultants: [world.residentID], startedOn: "2026-12-01")
            #expect(future.status == .created, "\(future.json)")
            #expect(future.json["active"] as? Bool == false)  // not begun
            let ended = try await createProject(
                client, s.department, developer: developer, consultants: [world.secondID], startedOn: "2026-10-01", endedOn: "2026-11-20")
            #expect(ended.status == .created, "\(ended.json)")
            #expect(ended.json["active"] as? Bool == false)  // ended Friday
            let (futureID, endedID) = (try #require(future.id), try #require(ended.id))

            // Reading: HQ leadership, QUALITY and consultants; office roles get 403.
            let read = try await send(client, s.quality, .get, "/v1/consulting-projects/\(project)")
            #expect(read.status == .ok)
            #expect(read.eTag == "\"v1\"")
            #expect(read.json["name"] as? String == name)
            #expect(try await send(client, s.manager, .get, "/v1/consulting-projects/\(project)").status == .forbidden)
            #expect(try await send(client, s.manager, .get, "/v1/consulting-projects").status == .forbidden)
            #expect(try await send(client, s.quality, .get, "/v1/consulting-projects/987654321").status == .notFound)

            // Filters, within this test's developer.
            func listed(_ query: String) async throws -> [Int64] {
                try await listIDs(client, s.quality, "/v1/consulting-projects?developerId=\(developer)\(query)")
            }
            #expect(try await listed("") == [project, futureID, endedID])
            #expect(try await listed("&active=true") == [project])
            #expect(try await listed("&active=false") == [futureID, endedID])
            #expect(try await listed("&consultantId=\(world.secondID)") == [project, endedID])
            #expect(try await listed("&consultantId=\(world.residentID)") == [project, futureID])
            #expect(try await listed("&consultantId=\(world.secondID)&active=false") == [endedID])
            #expect(try await listed("&consultantId=\(world.departmentID)") == [])

            // Update: If-Match, version 2; the last day of the engagement is still active.
            let update: [String: Any?] = ["name": name + " II", "consultantIds": [world.residentID], "endedOn": "2026-11-22"]
            let stale = try await send(client, s.department, .put, "/v1/consulting-projects/\(project)", update, ifMatch: "\"v7\"")
            #expect(stale.status == .preconditionFailed)
            let updated = try await send(client, s.department, .put, "/v1/consulting-projects/\(project)", update, ifMatch: "\"v1\"")
            #expect(updated.status == .ok, "\(updated.json)")
            #expect(updated.eTag == "\"v2\"")
            #expect(updated.json["version"] as? Int == 2)
            #expect(updated.json["name"] as? String == name + " II")
            #expect(Self.int64s(updated.json["consultantIds"]) == [world.residentID])
            #expect(updated.json["endedOn"] as? String == "2026-11-22")
            #expect(updated.json["active"] as? Bool == true)
            #expect(updated.json["startedOn"] as? String == "2026-11-02")
            #expect(try await listed("&consultantId=\(world.secondID)") == [endedID])
            let endsBeforeStart = try await send(
                client, s.department, .put, "/v1/consulting-projects/\(project)",
                ["name": name, "consultantIds": [world.residentID], "endedOn": "2026-10-31"], ifMatch: "\"v2\"")
            #expect(endsBeforeStart.status == .unprocessableContent)
            #expect(endsBeforeStart.fields == ["endedOn"])
            // Renaming onto another project's name, whatever the case, is a conflict.
            let otherName = try #require(future.json["name"] as? String)
            let clash = try await send(
                client, s.department, .put, "/v1/consulting-projects/\(project)", ["name": otherName.uppercased(), "consultantIds": [world.residentID]])
            #expect(clash.status == .conflict)
            #expect(try await send(client, s.quality, .get, "/v1/consulting-projects/\(project)").eTag == "\"v2\"")
        }
    }

    // MARK: - 2. Work logs and their coverage

    @Test("EXT-7: a resident logs each day once, not ahead, not before the engagement, at most 31 days back; coverage counts weekdays before today, not today, not non-residents")
    func workLogs() async throws {
        let world = try await world()
        try move(world.clock, to: "2026-11-25T10:00:00+08:00")  // Wednesday
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let developer = try await newDeveloper(client, s.admin)
            let (low, high) = (min(world.residentID, world.secondID), max(world.residentID, world.secondID))
            let project = try await newProject(client, s.department, developer: developer, consultants: [low, high], startedOn: "2026-11-02")
            let older = try await newProject(client, s.department, developer: developer, consultants: [world.residentID], startedOn: "2026-09-01")
            let ended = try await newProject(
                client, s.department, developer: developer, consultants: [world.residentID], startedOn: "2026-11-02", endedOn: "2026-11-20")

            let first = try await log(
                client, s.resident, project, "2026-11-20", clientContact: "与甲方王总商定下周验收", documents: "收到发展商来函一份")
            #expect(first.status == .created, "\(first.json)")
            #expect(Self.id(first.json["projectId"]) == project)
            #expect(Self.id(first.json["consultantId"]) == world.residentID)
            #expect(first.json["workDay"] as? String == "2026-11-20")
            #expect(first.json["work"] as? String == "审核物业管理方案")
            #expect(first.json["clientContact"] as? String == "与甲方王总商定下周验收")
            #expect(first.json["documents"] as? String == "收到发展商来函一份")
            #expect(try (first.json["recordedAt"] as? String).map(Self.instant) == world.clock.now)
            // Saturday 21 (no working day), Monday 23, Tuesday 24 and today.
            for day in ["2026-11-21", "2026-11-23", "2026-11-24", "2026-11-25"] {
                let logged = try await log(client, s.resident, project, day)
                #expect(logged.status == .created, "\(day): \(logged.json)")
                #expect(logged.json["clientContact"] as? String == "")
            }

            let again = try await log(client, s.resident, project, "2026-11-24")
            #expect(again.status == .conflict)
            #expect(again.fields == ["workDay"])
            #expect(try await log(client, s.department, project, "2026-11-24").status == .forbidden)  // a CONSULTANT, not resident here
            #expect(try await log(client, s.quality, project, "2026-11-24").status == .forbidden)  // no consulting.write
            let tomorrow = try await log(client, s.resident, project, "2026-11-26")
            #expect(tomorrow.status == .unprocessableContent)
            #expect(tomorrow.fields == ["workDay"])
            let beforeStart = try await log(client, s.resident, project, "2026-11-01")
            #expect(beforeStart.status == .unprocessableContent)
            #expect(beforeStart.fields == ["workDay"])
            // 31 days back (Sunday 25 October) is the oldest day; 32 days back is refused.
            let tooOld = try await log(client, s.resident, older, "2026-10-24")
            #expect(tooOld.status == .unprocessableContent)
            #expect(tooOld.fields == ["workDay"])
            #expect(try await log(client, s.resident, older, "2026-10-25").status == .created)
            // An engagement that ended Friday 20 takes no log of a day after its end.
            let afterEnd = try await log(client, s.resident, ended, "2026-11-23")
            #expect(afterEnd.status == .unprocessableContent)
            #expect(afterEnd.fields == ["workDay"])

            // November up to Tuesday 24 has 17 weekdays (2-6, 9-13, 16-20, 23, 24); Wednesday 25 is today.
            let november = try await coverage(client, s.quality, project, month: "2026-11")
            #expect(november.reply.status == .ok, "\(november.reply.json)")
            #expect(november.reply.json["month"] as? String == "2026-11")
            #expect(Self.id(november.reply.json["projectId"]) == project)
            #expect(november.order == [low, high])  // residents only: the department has no entry
            let resident = try #require(november.byConsultant[world.residentID])
            #expect(resident["workingDays"] as? Int == 17)
            #expect(resident["logged"] as? Int == 3)  // 20, 23, 24: neither Saturday 21 nor today count
            #expect(resident["missingDays"] as? [String] == [
                "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-09", "2026-11-10", "2026-11-11",
                "2026-11-12", "2026-11-13", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19",
            ])
            let silent = try #require(november.byConsultant[world.secondID])
            #expect(silent["workingDays"] as? Int == 17)
            #expect(silent["logged"] as? Int == 0)
            #expect((silent["missingDays"] as? [String])?.count == 17)
            #expect((silent["missingDays"] as? [String])?.contains("2026-11-25") == false)
            #expect((silent["missingDays"] as? [String])?.contains("2026-11-21") == false)
            #expect((silent["missingDays"] as? [String])?.last == "2026-11-24")

            // The default month is the current one; a month before the engagement needs nothing; a past month counts all its weekdays.
            #expect(try await coverage(client, s.quality, project, month: nil).reply.json["month"] as? String == "2026-11")
            #expect(try await coverage(client, s.quality, project, month: "2026-10").byConsultant[world.residentID]?["workingDays"] as? Int == 0)
            let october = try #require(try await coverage(client, s.quality, older, month: "2026-10").byConsultant[world.residentID])
            #expect(october["workingDays"] as? Int == 22)  // 1-2, 5-9, 12-16, 19-23, 26-30 October
            #expect(october["logged"] as? Int == 0)  // the 25th is a Sunday
            let badMonth = try await coverage(client, s.quality, project, month: "2026-13")
            #expect(badMonth.reply.status == .unprocessableContent)
            #expect(badMonth.reply.fields == ["month"])

            let logs = try await send(
                client, s.quality, .get, "/v1/consulting-projects/\(project)/logs?consultantId=\(world.residentID)&from=2026-11-21&to=2026-11-24")
            #expect(logs.status == .ok)
            #expect(logs.items.compactMap { $0["workDay"] as? String } == ["2026-11-21", "2026-11-23", "2026-11-24"])
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/logs?consultantId=\(world.secondID)") == [])
        }
    }

    @Test("EXT-7: the company calendar counts: a holiday needs no log, a make-up Saturday does; answer days skip the holiday and count the make-up Saturday")
    func calendarDays() async throws {
        let suite = Self.suite + "_calendar"
        let world = try await world(suite: suite)
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            let holiday = try await send(client, s.admin, .put, "/v1/calendar-days/2026-11-18", ["kind": "holiday", "name": "测试假日"])
            #expect(holiday.status == .ok, "\(holiday.json)")
            let workday = try await send(client, s.admin, .put, "/v1/calendar-days/2026-11-14", ["kind": "workday", "name": "调休"])
            #expect(workday.status == .ok, "\(workday.json)")
            let developer = try await newDeveloper(client, s.admin)
            let project = try await newProject(client, s.department, developer: developer, consultants: [world.residentID], startedOn: "2026-08-01")

            // Friday 13: Saturday 14 (make-up, 1), Monday 16 (2), Tuesday 17 (3).
            try move(world.clock, to: "2026-11-13T10:00:00+08:00")
            s = try await login(client, world)
            let october = try await submit(client, s.resident, project, "monthly_report", "2026-10")
            #expect(october.status == .created, "\(october.json)")
            #expect(october.json["answerDueOn"] as? String == "2026-11-17")
            // Monday 16: Tuesday 17 (1), Wednesday 18 holiday, Thursday 19 (2), Friday 20 (3).
            try move(world.clock, to: "2026-11-16T10:00:00+08:00")
            s = try await login(client, world)
            let september = try await submit(client, s.resident, project, "monthly_report", "2026-09")
            #expect(september.status == .created, "\(september.json)")
            #expect(september.json["answerDueOn"] as? String == "2026-11-20")
            // Thursday 19 16:30 UTC is Friday 20 00:30 in Shanghai: counted from Friday, Mon 23 (1), Tue 24 (2), Wed 25 (3)
            // (counted from the UTC day it would be Tuesday 24).
            try move(world.clock, to: "2026-11-19T16:30:00Z")
            s = try await login(client, world)
            let august = try await submit(client, s.resident, project, "monthly_report", "2026-08")
            #expect(august.status == .created, "\(august.json)")
            #expect(august.json["answerDueOn"] as? String == "2026-11-25")

            try move(world.clock, to: "2026-11-25T10:00:00+08:00")
            s = try await login(client, world)
            #expect(try await log(client, s.resident, project, "2026-11-14").status == .created)
            #expect(try await log(client, s.resident, project, "2026-11-18").status == .created)
            let november = try #require(try await coverage(client, s.quality, project, month: "2026-11").byConsultant[world.residentID])
            // 17 weekdays before today, less the holiday, plus the make-up Saturday (logged).
            #expect(november["workingDays"] as? Int == 17)
            #expect(november["logged"] as? Int == 1)
            #expect(november["missingDays"] as? [String] == [
                "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-09", "2026-11-10", "2026-11-11",
                "2026-11-12", "2026-11-13", "2026-11-16", "2026-11-17", "2026-11-19", "2026-11-20", "2026-11-23", "2026-11-24",
            ])
        }
    }

    // MARK: - 3. Reports

    @Test("EXT-7: a monthly report submitted Thursday is due Tuesday; one per kind and period; quarters for summaries; the department answers, not the resident; late answers show")
    func monthlyReportsAndAnswers() async throws {
        let world = try await world()
        try move(world.clock, to: "2026-11-19T14:00:00+08:00")  // Thursday
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            let developer = try await newDeveloper(client, s.admin)
            let project = try await newProject(client, s.department, developer: developer, consultants: [world.residentID], startedOn: "2026-09-01")

            // Thursday 19: Friday 20 (1), Monday 23 (2), Tuesday 24 (3); calendar days would give Sunday 22.
            let report = try await submit(client, s.resident, project, "monthly_report", "2026-10")
            #expect(report.status == .created, "\(report.json)")
            #expect(report.eTag == "\"v1\"")
            #expect(report.json["kind"] as? String == "monthly_report")
            #expect(report.json["period"] as? String == "2026-10")
            #expect(report.json["awaiting"] as? String == "answer")
            #expect(report.json["answerDueOn"] as? String == "2026-11-24")
            #expect(report.json["overdue"] as? Bool == false)
            #expect(Self.id(report.json["writtenBy"]) == world.residentID)
            #expect(try (report.json["submittedAt"] as? String).map(Self.instant) == world.clock.now)
            let october = try #require(report.id)

            let twice = try await submit(client, s.resident, project, "monthly_report", "2026-10")
            #expect(twice.status == .conflict)
            #expect(twice.fields == ["period"])
            let monthForQuarter = try await submit(client, s.resident, project, "quarterly_summary", "2026-10")
            #expect(monthForQuarter.status == .unprocessableContent)
            #expect(monthForQuarter.fields == ["period"])
            let quarterForMonth = try await submit(client, s.resident, project, "monthly_report", "2026-Q3")
            #expect(quarterForMonth.status == .unprocessableContent)
            #expect(quarterForMonth.fields == ["period"])
            let summary = try await submit(client, s.resident, project, "quarterly_summary", "2026-Q3")
            #expect(summary.status == .created, "\(summary.json)")
            #expect(summary.json["period"] as? String == "2026-Q3")
            #expect(summary.json["awaiting"] as? String == "delivery")
            #expect(summary.json["answerDueOn"] == nil)
            let summaryID = try #require(summary.id)
            for (kind, period) in [("monthly_report", "2026-12"), ("quarterly_summary", "2027-Q1"), ("monthly_report", "2026-08")] {
                let refused = try await submit(client, s.resident, project, kind, period)  // not begun; before the engagement
                #expect(refused.status == .unprocessableContent, "\(kind) \(period)")
                #expect(refused.fields == ["period"], "\(kind) \(period)")
            }
            #expect(try await submit(client, s.department, project, "monthly_report", "2026-11").status == .forbidden)  // not resident
            let september = try await submitted(client, s.resident, project, "monthly_report", "2026-09")
            let finance = try await submitted(client, s.resident, project, "finance_report", "2026-10")

            // The resident does not answer his own project's report; an If-Match must match.
            #expect(try await answer(client, s.resident, october).status == .forbidden)
            #expect(try await answer(client, s.quality, october).status == .forbidden)  // no consulting.manage
            #expect(try await answer(client, s.department, october, ifMatch: "\"v9\"").status == .preconditionFailed)

            // Monday 23, 10:00: the department answers in time.
            try move(world.clock, to: "2026-11-23T10:00:00+08:00")
            s = try await login(client, world)
            let answered = try await answer(client, s.department, october, "已阅，十二月前完成交接方案", ifMatch: "\"v1\"")
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(answered.eTag == "\"v2\"")
            #expect(answered.json["answeredOnTime"] as? Bool == true)
            #expect(answered.json["awaiting"] == nil)
            #expect(answered.json["overdue"] as? Bool == false)
            #expect(answered.json["answer"] as? String == "已阅，十二月前完成交接方案")
            #expect(Self.id(answered.json["answeredBy"]) == world.departmentID)
            #expect(try (answered.json["answeredAt"] as? String).map(Self.instant) == world.clock.now)
            #expect(answered.json["version"] as? Int == 2)
            #expect(try await answer(client, s.department, october).status == .conflict)
            #expect(try await answer(client, s.department, finance).status == .conflict)  // goes to the developer, not answered
            #expect(try await answer(client, s.department, summaryID).status == .conflict)
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/reports?awaiting=answer") == [september])

            // September's report is due Tuesday 24 too: still in time at its last second, overdue from Wednesday 00:00.
            try move(world.clock, to: "2026-11-24T23:59:59+08:00")
            s = try await login(client, world)
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/reports?overdue=true") == [])
            world.clock.advance(by: 1)
            let overdue = try await send(client, s.quality, .get, "/v1/consulting-projects/\(project)/reports?overdue=true")
            #expect(overdue.ids == [september])
            #expect(overdue.items.first?["overdue"] as? Bool == true)
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/reports?overdue=false")
                == [october, summaryID, finance])
            let late = try await answer(client, s.department, september, "迟复")
            #expect(late.status == .ok, "\(late.json)")
            #expect(late.json["answeredOnTime"] as? Bool == false)
            #expect(late.json["overdue"] as? Bool == false)
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/reports?overdue=true") == [])
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/reports?kind=monthly_report") == [october, september])

            // BI (as liaison_bi) agrees with the API on the answer days and on time.
            let rows = try await TestDatabase.readAsBI(suite: world.suite) { tx in
                try await tx.query("""
                    SELECT label || ' ' || monthly_report_answer_due_on::text || ' ' || monthly_report_answered_on_time::text AS row
                    FROM bi.consulting_monthly WHERE project_id = \(project) AND label IN ('2026-09', '2026-10') ORDER BY month_start
                    """).map { try $0.decode("row", as: String.self) }
            }
            #expect(rows == ["2026-09 2026-11-24 false", "2026-10 2026-11-24 true"])
        }
    }

    @Test("EXT-7: the quarterly summary goes to the developer merged by the department, never by its resident; finance reports go as written; monthly reports never")
    func deliveries() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let developer = try await newDeveloper(client, s.admin)
            let project = try await newProject(client, s.department, developer: developer, consultants: [world.residentID], startedOn: "2026-07-01")
            let summary = try await submitted(client, s.resident, project, "quarterly_summary", "2026-Q3")
            let finance = try await submitted(client, s.resident, project, "finance_report", "2026-10")
            let operations = try await submitted(client, s.resident, project, "operations_report", "2026-10")
            let monthly = try await submitted(client, s.resident, project, "monthly_report", "2026-10")
            let awaitingDelivery = "/v1/consulting-projects/\(project)/reports?awaiting=delivery"
            #expect(try await listIDs(client, s.quality, awaitingDelivery) == [summary, finance, operations])

            let unmerged = try await deliver(client, s.department, summary)
            #expect(unmerged.status == .unprocessableContent)
            #expect(unmerged.fields == ["mergedSummary"])
            #expect(try await deliver(client, s.resident, summary, merged: "驻场自行合并").status == .forbidden)
            #expect(try await deliver(client, s.quality, summary, merged: "合并").status == .forbidden)
            let sent = try await deliver(client, s.department, summary, merged: "顾问团与驻场顾问的合并总结")
            #expect(sent.status == .ok, "\(sent.json)")
            #expect(sent.eTag == "\"v2\"")
            #expect(sent.json["awaiting"] == nil)
            #expect(sent.json["mergedSummary"] as? String == "顾问团与驻场顾问的合并总结")
            #expect(sent.json["deliveredTo"] as? String == "发展商 王总")
            #expect(Self.id(sent.json["deliveredBy"]) == world.departmentID)
            #expect(try (sent.json["deliveredAt"] as? String).map(Self.instant) == world.clock.now)
            #expect(sent.json["answerDueOn"] == nil)
            #expect(try await deliver(client, s.department, summary, merged: "再次合并").status == .conflict)

            #expect(try await deliver(client, s.department, monthly).status == .conflict)
            let mergedFinance = try await deliver(client, s.department, finance, merged: "不应合并")
            #expect(mergedFinance.status == .unprocessableContent)
            #expect(mergedFinance.fields == ["mergedSummary"])
            let financeSent = try await deliver(client, s.department, finance)
            #expect(financeSent.status == .ok, "\(financeSent.json)")
            #expect(financeSent.json["awaiting"] == nil)
            #expect(financeSent.json["mergedSummary"] == nil)

            #expect(try await listIDs(client, s.quality, awaitingDelivery) == [operations])
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/reports?awaiting=answer") == [monthly])
            #expect(try await listIDs(client, s.quality, "/v1/consulting-projects/\(project)/reports?kind=quarterly_summary") == [summary])
        }
    }

    // MARK: - 4. Deliverables

    @Test("EXT-7: a deliverable is recorded awaiting its receipt; the receipt is not dated before the delivery nor ahead, rates 1-5, comes once; nothing is written on failure")
    func deliverables() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let developer = try await newDeveloper(client, s.admin)
            let project = try await newProject(client, s.department, developer: developer, consultants: [world.residentID], startedOn: "2026-11-02")

            let recorded = try await deliverable(client, s.resident, project, deliveredOn: "2026-11-18")
            #expect(recorded.status == .created, "\(recorded.json)")
            #expect(recorded.eTag == "\"v1\"")
            #expect(recorded.json["receipted"] as? Bool == false)
            #expect(recorded.json["kind"] as? String == "implementation_rules")
            #expect(recorded.json["deliveredOn"] as? String == "2026-11-18")
            #expect(Self.id(recorded.json["deliveredBy"]) == world.residentID)
            #expect(recorded.json["receivedOn"] == nil)
            #expect(recorded.json["rating"] == nil)
            let rules = try #require(recorded.id)
            let proposalReply = try await deliverable(client, s.department, project, kind: "proposal", deliveredOn: "2026-11-20")
            #expect(proposalReply.status == .created, "\(proposalReply.json)")
            let proposal = try #require(proposalReply.id)
            for day in ["2026-11-01", "2026-11-23"] {  // before the engagement; tomorrow
                let refused = try await deliverable(client, s.resident, project, deliveredOn: day)
                #expect(refused.status == .unprocessableContent, "\(day)")
                #expect(refused.fields == ["deliveredOn"], "\(day)")
            }
            #expect(try await deliverable(client, s.quality, project, deliveredOn: "2026-11-18").status == .forbidden)

            let early = try await receipt(client, s.resident, rules, receivedOn: "2026-11-17")
            #expect(early.status == .unprocessableContent)
            #expect(early.fields == ["receivedOn"])
            let ahead = try await receipt(client, s.resident, rules, receivedOn: "2026-11-23")
            #expect(ahead.status == .unprocessableContent)
            #expect(ahead.fields == ["receivedOn"])
            for rating in [6, 0] {
                let outOfRange = try await receipt(client, s.resident, rules, receivedOn: "2026-11-20", rating: rating, feedback: "评分越界")
                #expect((400..<500).contains(outOfRange.status.code), "rating \(rating): \(outOfRange.status)")
                if outOfRange.status == .unprocessableContent { #expect(outOfRange.fields == ["rating"]) }
            }
            #expect(try await receipt(client, s.quality, rules, receivedOn: "2026-11-20").status == .forbidden)
            #expect(try await receipt(client, s.resident, rules, receivedOn: "2026-11-20", ifMatch: "\"v5\"").status == .preconditionFailed)
            // Nothing was written by the refusals.
            let pending = try await send(client, s.quality, .get, "/v1/consulting-projects/\(project)/deliverables?receipted=false")
            #expect(pending.ids == [rules, proposal])
            #expect(pending.items.first?["receipted"] as? Bool == false)
            #expect(pending.items.first?["rating"] == nil)
            #expect(pending.items.first?["version"] as? Int == 1)
            #expect(try await TestFixtures.auditCount(action: "consulting_deliverable.receipt", entityID: String(rules), suite: world.suite) == 0)

            let receipted = try await receipt(
                client, s.resident, rules, receivedOn: "2026-11-20", rating: 4, feedback: "细则可行", ifMatch: "\"v1\"")
            #expect(receipted.status == .ok, "\(receipted.json)")
            #expect(receipted.eTag == "\"v2\"")
            #expect(receipted.json["receipted"] as? Bool == true)
            #expect(receipted.json["receivedOn"] as? String == "2026-11-20")
            #expect(receipted.json["receivedBy"] as? String == "发展商 王总")
            #expect(receipted.json["rating"] as? Int == 4)
            #expect(receipted.json["feedback"] as? String == "细则可行")
            #expect(receipted.json["version"] as? Int == 2)
            #expect(try await receipt(client, s.resident, rules, receivedOn: "2026-11-21").status == .conflict)
            // The receipt may come back on the day of delivery, without a feedback form.
            let sameDay = try await receipt(client, s.department, proposal, receivedOn: "2026-11-20")
            #expect(sameDay.status == .ok, "\(sameDay.json)")
            #expect(sameDay.json["rating"] == nil)
            #expect(sameDay.json["feedback"] == nil)

            let third = try #require(try await deliverable(client, s.resident, project, kind: "answer_book", deliveredOn: "2026-11-22").id)
            let base = "/v1/consulting-projects/\(project)/deliverables"
            #expect(try await listIDs(client, s.quality, base + "?receipted=false") == [third])
            #expect(try await listIDs(client, s.quality, base + "?receipted=true") == [rules, proposal])
            #expect(try await listIDs(client, s.quality, base + "?kind=proposal") == [proposal])
            #expect(try await listIDs(client, s.quality, base) == [rules, proposal, third])
        }
    }

    // MARK: - 5. Isolation and BI

    @Test("EXT-7: company-level: office roles get 403 on every consulting endpoint and their scope sees no row; HQ readers read; BI counts log days and the monthly report")
    func isolationAndBI() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let developer = try await newDeveloper(client, s.admin)
            let project = try await newProject(
                client, s.department, developer: developer, consultants: [world.residentID, world.secondID], startedOn: "2026-10-01")
            for (headers, day) in [(s.resident, "2026-10-26"), (s.resident, "2026-11-02"), (s.second, "2026-11-02"), (s.second, "2026-11-03")] {
                #expect(try await log(client, headers, project, day).status == .created, "\(day)")
            }
            let report = try await submitted(client, s.resident, project, "monthly_report", "2026-10")
            let handedOver = try #require(try await deliverable(client, s.resident, project, deliveredOn: "2026-11-18").id)
            #expect(try await receipt(client, s.resident, handedOver, receivedOn: "2026-11-19", rating: 5).status == .ok)

            let reads = [
                "/v1/consulting-projects", "/v1/consulting-projects/\(project)", "/v1/consulting-projects/\(project)/logs",
                "/v1/consulting-projects/\(project)/log-coverage?month=2026-11", "/v1/consulting-projects/\(project)/reports",
                "/v1/consulting-projects/\(project)/deliverables",
            ]
            for (who, headers) in [("office manager", s.manager), ("front desk", s.desk)] {
                for path in reads {
                    #expect(try await send(client, headers, .get, path).status == .forbidden, "\(who) GET \(path)")
                }
                let writes: [(String, [String: Any?])] = [
                    ("/v1/consulting-projects",
                     ["name": "越权项目", "developerId": developer, "consultantIds": [world.residentID], "startedOn": "2026-11-02"]),
                    ("/v1/consulting-projects/\(project)/logs", ["workDay": "2026-11-20", "work": "越权"]),
                    ("/v1/consulting-projects/\(project)/reports", ["kind": "finance_report", "period": "2026-10", "body": "越权"]),
                    ("/v1/consulting-projects/\(project)/deliverables", ["kind": "plan", "title": "越权", "deliveredOn": "2026-11-20"]),
                    ("/v1/consulting-reports/\(report)/answer", ["answer": "越权"]),
                    ("/v1/consulting-deliverables/\(handedOver)/receipt", ["receivedOn": "2026-11-20", "receivedBy": "越权"]),
                ]
                for (path, body) in writes {
                    #expect(try await send(client, headers, .post, path, body).status == .forbidden, "\(who) POST \(path)")
                }
            }
            for (who, headers) in [("general manager", s.gm), ("management rep", s.rep), ("quality", s.quality), ("consultant", s.department)] {
                for path in reads {
                    #expect(try await send(client, headers, .get, path).status == .ok, "\(who) GET \(path)")
                }
            }
            #expect(try await listIDs(client, s.rep, "/v1/consulting-projects?developerId=\(developer)") == [project])

            // Row-level security below the API: an office scope sees none of the project's rows, the HQ scope all of them.
            let database = try await TestDatabase.appDatabase(suite: world.suite)
            func visibleRows(scope: String, offices: [Int64]) async throws -> Int {
                let options = TransactionOptions(settings: [
                    TransactionSetting("liaison.actor_scope", scope),
                    TransactionSetting("liaison.actor_offices", "{" + offices.map(String.init).joined(separator: ",") + "}"),
                ])
                return try await database.withTransaction(options) { tx in
                    try await tx.query("""
                        SELECT (SELECT count(*) FROM liaison.consulting_project WHERE id = \(project))
                             + (SELECT count(*) FROM liaison.consulting_project_consultant WHERE project_id = \(project))
                             + (SELECT count(*) FROM liaison.consulting_log WHERE project_id = \(project))
                             + (SELECT count(*) FROM liaison.consulting_report WHERE project_id = \(project))
                             + (SELECT count(*) FROM liaison.consulting_deliverable WHERE project_id = \(project)) AS n
                        """).single().decode("n")
                }
            }
            #expect(try await visibleRows(scope: "own", offices: [world.office]) == 0)
            #expect(try await visibleRows(scope: "all", offices: []) == 1 + 2 + 4 + 1 + 1)

            // BI (as liaison_bi): October has one log day and the report; November two log days (the 2nd counted once) and the receipted deliverable.
            let rows = try await TestDatabase.readAsBI(suite: world.suite) { tx in
                try await tx.query("""
                    SELECT label, log_days, monthly_report_submitted_at, monthly_report_answer_due_on::text AS due, deliverables,
                           deliverables_receipted
                    FROM bi.consulting_monthly WHERE project_id = \(project) AND label <= '2026-11' ORDER BY month_start
                    """).map { row in
                    (try row.decode("label", as: String.self), try row.decode("log_days", as: Int64.self),
                     try row.decode("monthly_report_submitted_at", as: Date?.self), try row.decode("due", as: String?.self),
                     try row.decode("deliverables", as: Int64.self), try row.decode("deliverables_receipted", as: Int64.self))
                }
            }
            #expect(rows.map(\.0) == ["2026-10", "2026-11"])  // from the start month, nothing before
            #expect(rows.map(\.1) == [1, 2])
            #expect(rows.first?.2 == world.clock.now)
            #expect(rows.first?.3 == "2026-11-25")  // submitted Sunday 22: Mon 23, Tue 24, Wed 25
            #expect(rows.last.map { $0.2 == nil } == true)
            #expect(rows.map(\.4) == [0, 1])
            #expect(rows.map(\.5) == [0, 1])
        }
    }

    // MARK: - 6. Audit

    @Test("EXT-7: each successful consulting mutation writes one audit row by its actor; refused ones write none")
    func auditTrail() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let developer = try await newDeveloper(client, s.admin)
            let archived = try await newDeveloper(client, s.admin, archived: true)
            func count(_ action: String, _ field: String, _ value: String) async throws -> Int {
                try await TestFixtures.auditCount(action: action, changed: field, to: value, suite: world.suite)
            }

            let project = try await newProject(client, s.department, developer: developer, consultants: [world.residentID], startedOn: "2026-10-01")
            #expect(try await Self.auditActors("consulting_project.create", project, suite: world.suite) == [world.departmentID])
            let refusedName = "拒绝项目 " + TestFixtures.unique("")
            let refused = try await createProject(
                client, s.department, name: refusedName, developer: archived, consultants: [world.residentID], startedOn: "2026-10-01")
            #expect(refused.status == .unprocessableContent)
            #expect(try await count("consulting_project.create", "name", refusedName) == 0)
            let update: [String: Any?] = ["name": "改名 " + TestFixtures.unique(""), "consultantIds": [world.residentID, world.secondID]]
            let stale = try await send(client, s.department, .put, "/v1/consulting-projects/\(project)", update, ifMatch: "\"v3\"")
            #expect(stale.status == .preconditionFailed)
            #expect(try await Self.auditActors("consulting_project.update", project, suite: world.suite) == [])
            #expect(try await send(client, s.department, .put, "/v1/consulting-projects/\(project)", update).status == .ok)
            #expect(try await Self.auditActors("consulting_project.update", project, suite: world.suite) == [world.departmentID])

            let logID = try #require(try await log(client, s.resident, project, "2026-11-20").id)
            #expect(try await Self.auditActors("consulting_log.create", logID, suite: world.suite) == [world.residentID])
            #expect(try await log(client, s.resident, project, "2026-11-23").status == .unprocessableContent)
            #expect(try await log(client, s.resident, project, "2026-11-20").status == .conflict)
            #expect(try await count("consulting_log.create", "project_id", String(project)) == 1)

            let report = try await submitted(client, s.resident, project, "monthly_report", "2026-10")
            #expect(try await Self.auditActors("consulting_report.create", report, suite: world.suite) == [world.residentID])
            #expect(try await answer(client, s.resident, report).status == .forbidden)
            #expect(try await Self.auditActors("consulting_report.answer", report, suite: world.suite) == [])
            #expect(try await answer(client, s.department, report, "审阅意见").status == .ok)
            #expect(try await Self.auditActors("consulting_report.answer", report, suite: world.suite) == [world.departmentID])
            #expect(try await TestFixtures.auditCount(
                action: "consulting_report.answer", entityID: String(report), changed: "answer", to: "审阅意见", suite: world.suite) == 1)

            let finance = try await submitted(client, s.resident, project, "finance_report", "2026-10")
            #expect(try await deliver(client, s.department, finance, merged: "不应合并").status == .unprocessableContent)
            #expect(try await Self.auditActors("consulting_report.deliver", finance, suite: world.suite) == [])
            #expect(try await deliver(client, s.department, finance).status == .ok)
            #expect(try await Self.auditActors("consulting_report.deliver", finance, suite: world.suite) == [world.departmentID])

            let handedOver = try #require(try await deliverable(client, s.resident, project, deliveredOn: "2026-11-18").id)
            #expect(try await Self.auditActors("consulting_deliverable.create", handedOver, suite: world.suite) == [world.residentID])
            #expect(try await receipt(client, s.resident, handedOver, receivedOn: "2026-11-17").status == .unprocessableContent)
            #expect(try await Self.auditActors("consulting_deliverable.receipt", handedOver, suite: world.suite) == [])
            #expect(try await receipt(client, s.second, handedOver, receivedOn: "2026-11-19", rating: 3, feedback: "需补充附件").status == .ok)
            #expect(try await Self.auditActors("consulting_deliverable.receipt", handedOver, suite: world.suite) == [world.secondID])
            #expect(try await TestFixtures.auditCount(
                action: "consulting_deliverable.receipt", entityID: String(handedOver), changed: "feedback_rating", to: "3", suite: world.suite) == 1)
        }
    }
}
