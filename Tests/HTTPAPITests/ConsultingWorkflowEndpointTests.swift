import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Consulting projects through HTTP (EXT-7): a project for a developer with its resident
/// consultant, daily logs and their coverage, the monthly report answered by the consulting
/// department (not by the resident) within 3 working days, the quarterly summary merged and sent to
/// the developer, deliverables with the developer's receipt, and HQ-only visibility.
/// Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Consulting projects (EXT-7)")
struct ConsultingWorkflowEndpointTests {
    static let suite = "http_consulting_workflow"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let clock: TestClock
        let developer: Int64
        let resident: String
        let residentID: Int64
        let department: String
        let departmentID: Int64
        let quality: String
        let manager: String
    }

    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (_, code) = try await TestFixtures.newOffice("K", suite: Self.suite)
        let resident = TestFixtures.unique("resident"), department = TestFixtures.unique("consult")
        let quality = TestFixtures.unique("qa"), manager = TestFixtures.unique("mgr")
        let residentUser = try await TestFixtures.user(resident, roles: [.consultant], department: "CONSULTING", database: database)
        let departmentUser = try await TestFixtures.user(department, roles: [.consultant], department: "CONSULTING", database: database)
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        let developer: Int64 = try await admin.withConnection { connection in
            try await connection.query("""
                INSERT INTO liaison.developer (name) VALUES ('顾问发展商 ' || \(TestFixtures.unique(""))) RETURNING id
                """).single().decode("id")
        }
        await admin.shutdown()
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), clock: clock, developer: developer,
            resident: resident, residentID: residentUser.id, department: department, departmentID: departmentUser.id, quality: quality,
            manager: manager)
    }

    static func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func id(_ json: [String: Any]) throws -> Int64 { try #require((json["id"] as? NSNumber)?.int64Value) }

    /// A project started on `startedOn` with the world's resident; its id.
    func project(_ client: some TestClientProtocol, _ world: World, _ headers: HTTPFields, startedOn: String = "2026-11-02") async throws -> Int64 {
        let created = try await TestApp.send(
            client, headers, .post, "/v1/consulting-projects",
            #"{"name":"顾问项目\#(TestFixtures.unique(""))","developerId":\#(world.developer),"consultantIds":[\#(world.residentID)],"startedOn":"\#(startedOn)"}"#)
        #expect(created.status == .created, "\(created.json)")
        return try Self.id(created.json)
    }

    @Test("EXT-7: the department sets up a project of CONSULTANT residents; names are unique; HQ reads it, offices get 403")
    func projects() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let department = try await TestApp.login(client, world.department)
            let name = "滨海顾问\(TestFixtures.unique(""))"
            let created = try await TestApp.send(
                client, department, .post, "/v1/consulting-projects",
                #"{"name":"\#(name)","developerId":\#(world.developer),"consultantIds":[\#(world.residentID)],"startedOn":"2026-11-02"}"#)
            #expect(created.status == .created, "\(created.json)")
            #expect(created.json["active"] as? Bool == true)
            let project = try Self.id(created.json)
            let duplicate = try await TestApp.send(
                client, department, .post, "/v1/consulting-projects",
                #"{"name":"\#(name.uppercased())","developerId":\#(world.developer),"consultantIds":[\#(world.residentID)],"startedOn":"2026-11-02"}"#)
            #expect(duplicate.status == .conflict)
            let quality = try await TestApp.send(client, try await TestApp.login(client, world.quality), .get, "/v1/consulting-projects?limit=200")
            let qualityUser = try #require((quality.json["items"] as? [[String: Any]])?.first { ($0["id"] as? NSNumber)?.int64Value == project })
            // User 999999 is no active consultant; the end may not precede the start.
            let strangers = try await TestApp.send(
                client, department, .post, "/v1/consulting-projects",
                #"{"name":"另一项目\#(TestFixtures.unique(""))","developerId":\#(world.developer),"consultantIds":[\#(world.residentID),999999],"startedOn":"2026-11-02","endedOn":"2026-11-01"}"#)
            #expect(strangers.status == .unprocessableContent)
            #expect(Set(Self.fields(strangers.json)) == ["consultantIds", "endedOn"])
            #expect(qualityUser["name"] as? String == name)
            let manager = try await TestApp.login(client, world.manager)
            #expect(try await TestApp.send(client, manager, .get, "/v1/consulting-projects").status == .forbidden)
            #expect(try await TestApp.send(client, manager, .get, "/v1/consulting-projects/\(project)").status == .forbidden)
            // Ending the engagement: If-Match, version 2, no longer active after its end day.
            var stale = department
            stale[.ifMatch] = "\"v7\""
            let update = #"{"name":"\#(name)","consultantIds":[\#(world.residentID)],"endedOn":"2026-11-20"}"#
            #expect(try await TestApp.send(client, stale, .put, "/v1/consulting-projects/\(project)", update).status == .preconditionFailed)
            let ended = try await TestApp.send(client, department, .put, "/v1/consulting-projects/\(project)", update)
            #expect(ended.status == .ok, "\(ended.json)")
            #expect(ended.json["version"] as? Int == 2)
            #expect(ended.json["active"] as? Bool == false)
        }
    }

    @Test("EXT-7: residents log each working day once; coverage lists the working days without a log, not today's")
    func logs() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let department = try await TestApp.login(client, world.department), resident = try await TestApp.login(client, world.resident)
            let project = try await project(client, world, department, startedOn: "2026-11-16")
            func log(_ headers: HTTPFields, _ day: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                try await TestApp.send(client, headers, .post, "/v1/consulting-projects/\(project)/logs", #"{"workDay":"\#(day)","work":"审核方案"}"#)
            }
            #expect(try await log(resident, "2026-11-16").status == .created)
            #expect(try await log(resident, "2026-11-18").status == .created)
            #expect(try await log(resident, "2026-11-18").status == .conflict)
            #expect(try await log(department, "2026-11-19").status == .forbidden)  // not resident on the project
            #expect(Self.fields(try await log(resident, "2026-11-23").json) == ["workDay"])  // tomorrow
            #expect(Self.fields(try await log(resident, "2026-11-13").json) == ["workDay"])  // before the engagement
            // Week of 11-16: working days Mon 16 - Fri 20; Sunday 22 is today and no working day.
            let coverage = try await TestApp.send(client, department, .get, "/v1/consulting-projects/\(project)/log-coverage?month=2026-11")
            #expect(coverage.status == .ok)
            let resident0 = try #require((coverage.json["consultants"] as? [[String: Any]])?.first)
            #expect(resident0["workingDays"] as? Int == 5)
            #expect(resident0["logged"] as? Int == 2)
            #expect(resident0["missingDays"] as? [String] == ["2026-11-17", "2026-11-19", "2026-11-20"])
            #expect(try await TestApp.send(client, department, .get, "/v1/consulting-projects/\(project)/log-coverage?month=2026-13").status
                == .unprocessableContent)
            let logs = try await TestApp.send(client, department, .get, "/v1/consulting-projects/\(project)/logs?from=2026-11-17")
            #expect((logs.json["items"] as? [[String: Any]])?.compactMap { $0["workDay"] as? String } == ["2026-11-18"])
            // BI: November's row counts the two logged days (months up to the real today exist; November 2026 has begun).
            let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
            let logDays: Int64? = try await admin.withConnection { connection in
                try await connection.query("""
                    SELECT log_days FROM bi.consulting_monthly WHERE project_id = \(project) AND label = '2026-11'
                    """).first?.decode("log_days")
            }
            await admin.shutdown()
            #expect(logDays == 2)
        }
    }

    @Test("EXT-7: a monthly report is answered by the department within 3 working days, never by its resident; late answers show")
    func monthlyReports() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let department = try await TestApp.login(client, world.department), resident = try await TestApp.login(client, world.resident)
            let project = try await project(client, world, department, startedOn: "2026-09-01")
            func submit(_ kind: String, _ period: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                try await TestApp.send(
                    client, resident, .post, "/v1/consulting-projects/\(project)/reports", #"{"kind":"\#(kind)","period":"\#(period)","body":"报告"}"#)
            }
            // Submitted Sunday 11-22: Mon 23, Tue 24, Wed 25.
            let october = try await submit("monthly_report", "2026-10")
            #expect(october.status == .created, "\(october.json)")
            #expect(october.json["answerDueOn"] as? String == "2026-11-25")
            #expect(october.json["awaiting"] as? String == "answer")
            #expect(try await submit("monthly_report", "2026-10").status == .conflict)
            #expect(Self.fields(try await submit("quarterly_summary", "2026-10").json) == ["period"])
            #expect(Self.fields(try await submit("monthly_report", "2026-12").json) == ["period"])  // not begun
            let september = try await submit("monthly_report", "2026-09")
            let octoberID = try Self.id(october.json), septemberID = try Self.id(september.json)

            #expect(try await TestApp.send(client, resident, .post, "/v1/consulting-reports/\(octoberID)/answer", #"{"answer":"自答"}"#).status
                == .forbidden)
            let answered = try await TestApp.send(client, department, .post, "/v1/consulting-reports/\(octoberID)/answer", #"{"answer":"已阅"}"#)
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(answered.json["answeredOnTime"] as? Bool == true)
            #expect(answered.json["awaiting"] == nil)
            #expect(try await TestApp.send(client, department, .post, "/v1/consulting-reports/\(octoberID)/answer", #"{"answer":"再答"}"#).status
                == .conflict)

            // Thursday 11-26 00:00 in Shanghai: September's report is overdue, and answered late.
            world.clock.advance(by: 4 * 3600 + 3 * 86_400)
            let department2 = try await TestApp.login(client, world.department)
            let overdue = try await TestApp.send(client, department2, .get, "/v1/consulting-projects/\(project)/reports?overdue=true")
            #expect((overdue.json["items"] as? [[String: Any]])?.compactMap { ($0["id"] as? NSNumber)?.int64Value } == [septemberID])
            let late = try await TestApp.send(client, department2, .post, "/v1/consulting-reports/\(septemberID)/answer", #"{"answer":"迟复"}"#)
            #expect(late.json["answeredOnTime"] as? Bool == false)
        }
    }

    @Test("EXT-7: the quarterly summary goes to the developer merged by the department; finance reports go as written; monthly reports never")
    func deliveries() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let department = try await TestApp.login(client, world.department), resident = try await TestApp.login(client, world.resident)
            let project = try await project(client, world, department, startedOn: "2026-07-01")
            func submit(_ kind: String, _ period: String) async throws -> Int64 {
                try Self.id(try await TestApp.send(
                    client, resident, .post, "/v1/consulting-projects/\(project)/reports", #"{"kind":"\#(kind)","period":"\#(period)","body":"报告"}"#).json)
            }
            let summary = try await submit("quarterly_summary", "2026-Q3")
            let finance = try await submit("finance_report", "2026-10")
            let monthly = try await submit("monthly_report", "2026-10")
            func deliver(_ headers: HTTPFields, _ id: Int64, _ body: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                try await TestApp.send(client, headers, .post, "/v1/consulting-reports/\(id)/delivery", body)
            }
            #expect(Self.fields(try await deliver(department, summary, #"{"deliveredTo":"王总"}"#).json) == ["mergedSummary"])
            #expect(try await deliver(resident, summary, #"{"deliveredTo":"王总","mergedSummary":"合并"}"#).status == .forbidden)
            let sent = try await deliver(department, summary, #"{"deliveredTo":"王总","mergedSummary":"顾问团与驻场合并总结"}"#)
            #expect(sent.status == .ok, "\(sent.json)")
            #expect(sent.json["mergedSummary"] as? String == "顾问团与驻场合并总结")
            #expect(sent.json["awaiting"] == nil)
            #expect(try await deliver(department, summary, #"{"deliveredTo":"王总","mergedSummary":"x"}"#).status == .conflict)
            #expect(Self.fields(try await deliver(department, finance, #"{"deliveredTo":"财务部","mergedSummary":"x"}"#).json) == ["mergedSummary"])
            #expect(try await deliver(department, finance, #"{"deliveredTo":"财务部"}"#).status == .ok)
            #expect(try await deliver(department, monthly, #"{"deliveredTo":"王总"}"#).status == .conflict)
            let awaiting = try await TestApp.send(client, department, .get, "/v1/consulting-projects/\(project)/reports?awaiting=delivery")
            #expect((awaiting.json["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test("EXT-7: a deliverable comes back with one receipt and feedback form, not dated before the delivery; nothing is written on failure")
    func deliverables() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let department = try await TestApp.login(client, world.department), resident = try await TestApp.login(client, world.resident)
            let project = try await project(client, world, department)
            let recorded = try await TestApp.send(
                client, resident, .post, "/v1/consulting-projects/\(project)/deliverables",
                #"{"kind":"implementation_rules","title":"物业管理实施细则","deliveredOn":"2026-11-18"}"#)
            #expect(recorded.status == .created, "\(recorded.json)")
            #expect(recorded.json["receipted"] as? Bool == false)
            let deliverable = try Self.id(recorded.json)
            let early = try await TestApp.send(
                client, resident, .post, "/v1/consulting-deliverables/\(deliverable)/receipt", #"{"receivedOn":"2026-11-17","receivedBy":"王总"}"#)
            #expect(Self.fields(early.json) == ["receivedOn"])
            #expect(try await TestFixtures.auditCount(action: "consulting_deliverable.receipt", entityID: String(deliverable), suite: Self.suite) == 0)
            let receipt = try await TestApp.send(
                client, resident, .post, "/v1/consulting-deliverables/\(deliverable)/receipt",
                #"{"receivedOn":"2026-11-20","receivedBy":"王总","rating":4,"feedback":"细则可行"}"#)
            #expect(receipt.status == .ok, "\(receipt.json)")
            #expect(receipt.json["receipted"] as? Bool == true)
            #expect(receipt.json["rating"] as? Int == 4)
            #expect(try await TestFixtures.auditCount(action: "consulting_deliverable.receipt", entityID: String(deliverable), suite: Self.suite) == 1)
            #expect(try await TestApp.send(
                client, resident, .post, "/v1/consulting-deliverables/\(deliverable)/receipt", #"{"receivedOn":"2026-11-21","receivedBy":"李总"}"#
            ).status == .conflict)
            let pending = try await TestApp.send(client, department, .get, "/v1/consulting-projects/\(project)/deliverables?receipted=false")
            #expect((pending.json["items"] as? [[String: Any]])?.isEmpty == true)
            // The department is no resident, but any consultant hands over deliverables; QUALITY only reads.
            let quality = try await TestApp.login(client, world.quality)
            #expect(try await TestApp.send(
                client, quality, .post, "/v1/consulting-projects/\(project)/deliverables", #"{"kind":"proposal","title":"建议书","deliveredOn":"2026-11-18"}"#
            ).status == .forbidden)
        }
    }
}
