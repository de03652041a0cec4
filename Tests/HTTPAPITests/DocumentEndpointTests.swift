import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Written documents through the one approval workflow over HTTP (EXT-5, EXT-6): owners'
/// committee minutes (department review, then the chair's approval recorded by the office
/// manager), quarterly reports (FINANCE's section, QUALITY's review, the general manager's
/// approval, a week of owners' questions) and monthly briefings, with an injected clock.
/// The TestClock starts on Sunday 2026-11-22 20:00 in Asia/Shanghai (12:00 UTC).
@Suite("Document endpoints (EXT-5, EXT-6)")
struct DocumentEndpointTests {
    static let suite = "http_documents"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let suite: String
        let clock: TestClock
        let office: Int64
        let otherOffice: Int64
        /// OFFICE_MANAGER of `office`: writes, submits, publishes, records the chair's approval.
        let manager: String
        let managerID: Int64
        /// OFFICE_MANAGER of `otherOffice`.
        let otherManager: String
        /// FRONT_DESK of `office`.
        let desk: String
        /// ADMIN_STAFF: creates estates and committees; reviews committee minutes.
        let admin: String
        let adminID: Int64
        /// QUALITY_STAFF: reviews minutes and reports.
        let quality: String
        let qualityID: Int64
        /// FINANCE_STAFF: writes a report's finance section.
        let finance: String
        let financeID: Int64
        /// GENERAL_MANAGER: approves reports.
        let gm: String
        let gmID: Int64
    }

    /// A world in the suite's database (or another one, for a test that changes the company calendar).
    func world(suite: String = Self.suite) async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: suite)
        let (office, code) = try await TestFixtures.newOffice("W", suite: suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("V", suite: suite)
        let manager = TestFixtures.unique("mgr"), otherManager = TestFixtures.unique("mgr"), desk = TestFixtures.unique("desk")
        let admin = TestFixtures.unique("admin"), quality = TestFixtures.unique("qa"), finance = TestFixtures.unique("fin")
        let gm = TestFixtures.unique("gm")
        let managerUser = try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let adminUser = try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        let qualityUser = try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        let financeUser = try await TestFixtures.user(finance, roles: [.financeStaff], department: "FINANCE", database: database)
        let gmUser = try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        let clock = TestClock()
        return World(
            app: Application(router: try TestApp.router(database: database, clock: clock)), suite: suite, clock: clock, office: office,
            otherOffice: otherOffice, manager: manager, managerID: managerUser.id, otherManager: otherManager, desk: desk, admin: admin,
            adminID: adminUser.id, quality: quality, qualityID: qualityUser.id, finance: finance, financeID: financeUser.id, gm: gm,
            gmID: gmUser.id)
    }

    /// Everyone logged in at the clock's current time (sessions live 12 hours: log in again after moving the clock).
    struct Sessions {
        let manager: HTTPFields
        let otherManager: HTTPFields
        let desk: HTTPFields
        let admin: HTTPFields
        let quality: HTTPFields
        let finance: HTTPFields
        let gm: HTTPFields
    }

    func login(_ client: some TestClientProtocol, _ world: World) async throws -> Sessions {
        Sessions(
            manager: try await TestApp.login(client, world.manager), otherManager: try await TestApp.login(client, world.otherManager),
            desk: try await TestApp.login(client, world.desk), admin: try await TestApp.login(client, world.admin),
            quality: try await TestApp.login(client, world.quality), finance: try await TestApp.login(client, world.finance),
            gm: try await TestApp.login(client, world.gm))
    }

    // MARK: - Helpers

    static func id(_ value: Any?) -> Int64? { (value as? NSNumber)?.int64Value }

    static func ids(_ page: [String: Any]) -> [Int64] {
        (page["items"] as? [[String: Any]] ?? []).compactMap { id($0["id"]) }
    }

    static func decisions(_ document: [String: Any]) -> [[String: Any]] {
        document["decisions"] as? [[String: Any]] ?? []
    }

    /// The fields a 422 names.
    static func fields(_ problem: [String: Any]) -> [String] {
        (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    /// An instant written with its offset, e.g. "2026-11-22T20:00:00+08:00".
    static func instant(_ text: String) throws -> Date {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(fractional.date(from: text), "not an ISO 8601 instant: \(text)")
    }

    /// Moves the clock to an instant.
    func move(_ clock: TestClock, to text: String) throws {
        clock.advance(by: try Self.instant(text).timeIntervalSince(clock.now))
    }

    /// A new estate of the office through the API (ADMIN_STAFF); its id.
    func estate(_ client: some TestClientProtocol, _ admin: HTTPFields, office: Int64, kind: String) async throws -> Int64 {
        let code = "D" + TestFixtures.unique("").uppercased()
        let created = try await TestApp.send(
            client, admin, .post, "/v1/estates", #"{"officeId":\#(office),"code":"\#(code)","name":"锦绣花园","kind":"\#(kind)"}"#)
        #expect(created.status == .created, "\(created.json)")
        return try #require(Self.id(created.json["id"]))
    }

    /// A residential estate of the office with an owners' committee chaired by `chair`; its id.
    func estateWithCommittee(
        _ client: some TestClientProtocol, _ admin: HTTPFields, office: Int64, chair: String
    ) async throws -> Int64 {
        let estate = try await estate(client, admin, office: office, kind: "residential")
        let committee = try await TestApp.send(
            client, admin, .put, "/v1/estates/\(estate)/committee",
            #"{"name":"锦绣花园业主委员会","members":[{"name":"李委员","role":"member"},{"name":"\#(chair)","role":"chair"},{"name":"王秘书","role":"secretary"}]}"#)
        #expect(committee.status == .ok, "\(committee.json)")
        return estate
    }

    func create(
        _ client: some TestClientProtocol, _ headers: HTTPFields, office: Int64, estate: Int64, kind: String, title: String = "文件",
        extra: String
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        try await TestApp.send(
            client, headers, .post, "/v1/documents",
            #"{"officeId":\#(office),"estateId":\#(estate),"kind":"\#(kind)","title":"\#(title)","body":"正文"\#(extra)}"#)
    }

    /// Committee minutes of the meeting on 2026-11-20 (the Friday before the clock's Sunday), in draft; their id.
    func minutes(_ client: some TestClientProtocol, _ manager: HTTPFields, office: Int64, estate: Int64) async throws -> Int64 {
        let created = try await create(
            client, manager, office: office, estate: estate, kind: "committee_minutes", title: "2026年11月业委会例会纪要",
            extra: #","heldOn":"2026-11-20""#)
        #expect(created.status == .created, "\(created.json)")
        return try #require(Self.id(created.json["id"]))
    }

    /// A quarterly report of 2026-Q3, in draft; its id.
    func report(_ client: some TestClientProtocol, _ manager: HTTPFields, office: Int64, estate: Int64) async throws -> Int64 {
        let created = try await create(
            client, manager, office: office, estate: estate, kind: "quarterly_report", title: "2026年第三季度物业管理服务报告",
            extra: #","period":"2026-Q3""#)
        #expect(created.status == .created, "\(created.json)")
        return try #require(Self.id(created.json["id"]))
    }

    func decide(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ document: Int64, _ decision: String, comment: String? = nil,
        ifMatch: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        let commentField = comment.map { #","comment":"\#($0)""# } ?? ""
        return try await TestApp.send(
            client, headers, .post, "/v1/documents/\(document)/decisions", #"{"decision":"\#(decision)"\#(commentField)}"#)
    }

    func read(_ client: some TestClientProtocol, _ headers: HTTPFields, _ document: Int64) async throws -> [String: Any] {
        let read = try await TestApp.send(client, headers, .get, "/v1/documents/\(document)")
        #expect(read.status == .ok, "\(read.json)")
        return read.json
    }

    func writeFinance(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ document: Int64, ifMatch: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers = headers
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await TestApp.send(
            client, headers, .put, "/v1/documents/\(document)/finance-section", #"{"text":"本季度物业费收缴率96%，公共收益12万元"}"#)
    }

    func ask(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ document: Int64, askedBy: String = "王先生"
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        try await TestApp.send(
            client, headers, .post, "/v1/documents/\(document)/questions",
            #"{"askedBy":"\#(askedBy)","unit":"3-502","question":"公共收益的支出明细在哪里可以查看？"}"#)
    }

    /// A quarterly report taken from draft to published; its final JSON.
    func publishedReport(
        _ client: some TestClientProtocol, _ world: World, _ s: Sessions, estate: Int64
    ) async throws -> (id: Int64, json: [String: Any]) {
        let id = try await report(client, s.manager, office: world.office, estate: estate)
        #expect(try await writeFinance(client, s.finance, id).status == .ok)
        for (headers, decision) in [(s.manager, "submit"), (s.quality, "approve"), (s.gm, "approve")] {
            let decided = try await decide(client, headers, id, decision)
            #expect(decided.status == .ok, "\(decision): \(decided.json)")
        }
        let published = try await decide(client, s.manager, id, "publish")
        #expect(published.status == .ok, "\(published.json)")
        return (id, published.json)
    }

    // MARK: - EXT-5 committee minutes

    @Test("EXT-5: committee minutes are published only after the department's review and the chair's approval, in that order")
    func minutesPublishedAfterChair() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let estate = try await estateWithCommittee(client, s.admin, office: world.office, chair: "陈建国")
            let created = try await create(
                client, s.manager, office: world.office, estate: estate, kind: "committee_minutes", title: "2026年11月业委会例会纪要",
                extra: #","heldOn":"2026-11-20""#)
            #expect(created.status == .created, "\(created.json)")
            let id = try #require(Self.id(created.json["id"]))
            #expect(created.json["status"] as? String == "draft")
            #expect(created.json["heldOn"] as? String == "2026-11-20")
            #expect(created.json["waitingFor"] == nil)
            #expect(created.json["submitDueOn"] == nil)  // minutes have no due days
            #expect(created.json["publishDueOn"] == nil)
            #expect(created.json["overdue"] as? Bool == false)
            #expect(created.json["version"] as? Int == 1)
            #expect(Self.decisions(created.json).isEmpty)

            let submitted = try await decide(client, s.manager, id, "submit")
            #expect(submitted.status == .ok, "\(submitted.json)")
            #expect(submitted.json["status"] as? String == "in_review")
            #expect(submitted.json["waitingFor"] as? String == "department_review")
            #expect(try (submitted.json["submittedAt"] as? String).map(Self.instant) == Self.instant("2026-11-22T20:00:00+08:00"))
            #expect(try await decide(client, s.manager, id, "submit").status == .conflict)  // submitted twice

            // In department review: not yet publishable.
            #expect(try await decide(client, s.manager, id, "publish").status == .conflict)
            let reading = try await read(client, s.desk, id)  // the front desk of the office reads it (communications.read)
            #expect(reading["waitingFor"] as? String == "department_review")
            #expect(reading["status"] as? String == "in_review")

            let reviewed = try await decide(client, s.quality, id, "approve", comment: "格式规范，同意")
            #expect(reviewed.status == .ok, "\(reviewed.json)")
            #expect(reviewed.json["status"] as? String == "in_review")
            #expect(reviewed.json["waitingFor"] as? String == "chair_approval")

            // Reviewed by the department but not approved by the chair: still not publishable.
            let early = try await decide(client, s.manager, id, "publish")
            #expect(early.status == .conflict)
            #expect(try await read(client, s.manager, id)["status"] as? String == "in_review")

            // The office manager records the chair's approval (the chair has no account).
            let chair = try await decide(client, s.manager, id, "approve")
            #expect(chair.status == .ok, "\(chair.json)")
            #expect(chair.json["status"] as? String == "approved")
            #expect(chair.json["waitingFor"] == nil)
            #expect(try await decide(client, s.manager, id, "approve").status == .conflict)  // nothing waits for a decision

            let published = try await decide(client, s.manager, id, "publish")
            #expect(published.status == .ok, "\(published.json)")
            #expect(published.json["status"] as? String == "published")
            #expect(published.json["waitingFor"] == nil)
            #expect(published.json["questionsUntil"] == nil)  // only reports open a question window
            #expect(try (published.json["publishedAt"] as? String).map(Self.instant) == Self.instant("2026-11-22T20:00:00+08:00"))
            #expect(published.json["version"] as? Int == 5)  // created 1, submit 2, review 3, chair 4, publish 5

            let history = Self.decisions(published.json)
            #expect(history.compactMap { $0["sequence"] as? Int } == [1, 2, 3, 4])
            #expect(history.compactMap { $0["decision"] as? String } == ["submit", "approve", "approve", "publish"])
            #expect(history.map { $0["step"] as? String } == [nil, "department_review", "chair_approval", nil])
            #expect(history.compactMap { $0["from"] as? String } == ["draft", "in_review", "in_review", "approved"])
            #expect(history.compactMap { $0["to"] as? String } == ["in_review", "in_review", "approved", "published"])
            #expect(history.compactMap { Self.id($0["actorId"]) } == [world.managerID, world.qualityID, world.managerID, world.managerID])
            #expect(history.map { $0["onBehalfOf"] as? String } == [nil, nil, "陈建国", nil])
            #expect(history.map { $0["comment"] as? String } == [nil, "格式规范，同意", nil, nil])

            // Published is final; minutes take no owners' questions (only reports do).
            #expect(try await decide(client, s.manager, id, "publish").status == .conflict)
            #expect(try await ask(client, s.manager, id).status == .conflict)
            #expect(try await TestApp.send(client, s.manager, .put, "/v1/documents/\(id)", #"{"title":"改","body":"改"}"#).status == .conflict)
            let listed = try await TestApp.send(client, s.manager, .get, "/v1/documents?officeId=\(world.office)&status=published")
            #expect(Self.ids(listed.json) == [id])
        }
    }

    @Test("EXT-5: a rejected department review returns the minutes to draft with its reason; a rejection needs a comment")
    func minutesRejected() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let estate = try await estateWithCommittee(client, s.admin, office: world.office, chair: "陈建国")
            let id = try await minutes(client, s.manager, office: world.office, estate: estate)
            #expect(try await decide(client, s.manager, id, "submit").status == .ok)

            let bare = try await decide(client, s.admin, id, "reject")
            #expect(bare.status == .unprocessableContent)
            #expect(Self.fields(bare.json) == ["comment"])
            let blank = try await decide(client, s.admin, id, "reject", comment: "   ")
            #expect(blank.status == .unprocessableContent)
            let unchanged = try await read(client, s.manager, id)
            #expect(unchanged["status"] as? String == "in_review")
            #expect(unchanged["version"] as? Int == 2)
            #expect(Self.decisions(unchanged).count == 1)

            let rejected = try await decide(client, s.admin, id, "reject", comment: "出席人数与签到表不符，请核对")
            #expect(rejected.status == .ok, "\(rejected.json)")
            #expect(rejected.json["status"] as? String == "draft")
            #expect(rejected.json["waitingFor"] == nil)
            let rejection = try #require(Self.decisions(rejected.json).last)
            #expect(rejection["sequence"] as? Int == 2)
            #expect(rejection["decision"] as? String == "reject")
            #expect(rejection["step"] as? String == "department_review")
            #expect(rejection["from"] as? String == "in_review")
            #expect(rejection["to"] as? String == "draft")
            #expect(rejection["comment"] as? String == "出席人数与签到表不符，请核对")
            #expect(Self.id(rejection["actorId"]) == world.adminID)

            // The office manager revises the draft (If-Match of the current version: 3) and submits it again.
            var revise = s.manager
            revise[.ifMatch] = "\"v3\""
            let revised = try await TestApp.send(
                client, revise, .put, "/v1/documents/\(id)", #"{"title":"2026年11月业委会例会纪要（修订）","body":"出席委员7人，已核对签到表"}"#)
            #expect(revised.status == .ok, "\(revised.json)")
            #expect(revised.json["title"] as? String == "2026年11月业委会例会纪要（修订）")
            #expect(revised.json["body"] as? String == "出席委员7人，已核对签到表")
            #expect(revised.json["status"] as? String == "draft")
            #expect(revised.json["version"] as? Int == 4)

            let resubmitted = try await decide(client, s.manager, id, "submit")
            #expect(resubmitted.status == .ok, "\(resubmitted.json)")
            #expect(resubmitted.json["status"] as? String == "in_review")
            #expect(resubmitted.json["waitingFor"] as? String == "department_review")  // the review starts over
            #expect(Self.decisions(resubmitted.json).compactMap { $0["decision"] as? String } == ["submit", "reject", "submit"])
            // In review again: not editable.
            #expect(try await TestApp.send(client, s.manager, .put, "/v1/documents/\(id)", #"{"title":"再改","body":"再改"}"#).status == .conflict)

            // A rejection at the chair's step also returns it to draft.
            #expect(try await decide(client, s.quality, id, "approve").status == .ok)
            let chairRejects = try await decide(client, s.manager, id, "reject", comment: "主任要求补充维修基金讨论内容")
            #expect(chairRejects.status == .ok, "\(chairRejects.json)")
            #expect(chairRejects.json["status"] as? String == "draft")
            let last = try #require(Self.decisions(chairRejects.json).last)
            #expect(last["step"] as? String == "chair_approval")
            #expect(last["onBehalfOf"] as? String == "陈建国")
            #expect(last["comment"] as? String == "主任要求补充维修基金讨论内容")
        }
    }

    @Test("EXT-5/ORG-6: only QUALITY or ADMIN decide the department review; only the office manager records the chair's approval (403)")
    func minutesWrongRole() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let estate = try await estateWithCommittee(client, s.admin, office: world.office, chair: "陈建国")
            let id = try await minutes(client, s.manager, office: world.office, estate: estate)
            #expect(try await decide(client, s.desk, id, "submit").status == .forbidden)  // the front desk does not author documents
            #expect(try await decide(client, s.manager, id, "submit").status == .ok)

            // Waiting for department_review (committee_minutes.review: ADMIN_STAFF, QUALITY_STAFF).
            #expect(try await decide(client, s.finance, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.desk, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.manager, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.gm, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.manager, id, "reject", comment: "自己驳回").status == .forbidden)
            let unchanged = try await read(client, s.manager, id)
            #expect(unchanged["waitingFor"] as? String == "department_review")
            #expect(unchanged["version"] as? Int == 2)
            #expect(Self.decisions(unchanged).count == 1)

            let reviewed = try await decide(client, s.admin, id, "approve")
            #expect(reviewed.status == .ok, "\(reviewed.json)")
            #expect(reviewed.json["waitingFor"] as? String == "chair_approval")

            // Waiting for chair_approval (documents.draft: the office manager, in the chair's name).
            #expect(try await decide(client, s.quality, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.admin, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.desk, id, "approve").status == .forbidden)
            #expect(try await read(client, s.manager, id)["waitingFor"] as? String == "chair_approval")
        }
    }

    // MARK: - EXT-6 quarterly reports

    @Test("EXT-6: FINANCE's section first, QUALITY reviews before the GM approves, published with a week of owners' questions")
    func quarterlyReportFlow() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            var s = try await login(client, world)
            let estate = try await estate(client, s.admin, office: world.office, kind: "residential")
            let id = try await report(client, s.manager, office: world.office, estate: estate)

            // No finance section yet: cannot be submitted.
            let premature = try await decide(client, s.manager, id, "submit")
            #expect(premature.status == .conflict)
            #expect(try await read(client, s.manager, id)["status"] as? String == "draft")
            // Only FINANCE writes the finance section.
            #expect(try await writeFinance(client, s.manager, id).status == .forbidden)
            #expect(try await writeFinance(client, s.quality, id).status == .forbidden)
            let written = try await writeFinance(client, s.finance, id, ifMatch: "\"v1\"")
            #expect(written.status == .ok, "\(written.json)")
            #expect(written.json["financeSection"] as? String == "本季度物业费收缴率96%，公共收益12万元")
            #expect(Self.id(written.json["financeWrittenBy"]) == world.financeID)
            #expect(written.json["version"] as? Int == 2)

            let submitted = try await decide(client, s.manager, id, "submit")
            #expect(submitted.status == .ok, "\(submitted.json)")
            #expect(submitted.json["waitingFor"] as? String == "quality_review")
            #expect(try await writeFinance(client, s.finance, id).status == .conflict)  // written while a draft only

            // The GM cannot skip QUALITY's review (GM lacks reports.review); nobody publishes yet.
            #expect(try await decide(client, s.gm, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.manager, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.manager, id, "publish").status == .conflict)
            #expect(try await read(client, s.manager, id)["waitingFor"] as? String == "quality_review")

            let reviewed = try await decide(client, s.quality, id, "approve")
            #expect(reviewed.status == .ok, "\(reviewed.json)")
            #expect(reviewed.json["waitingFor"] as? String == "gm_approval")
            // QUALITY cannot also approve for the GM (reports.approve).
            #expect(try await decide(client, s.quality, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.manager, id, "approve").status == .forbidden)
            #expect(try await decide(client, s.manager, id, "publish").status == .conflict)  // before the GM's approval

            let approved = try await decide(client, s.gm, id, "approve")
            #expect(approved.status == .ok, "\(approved.json)")
            #expect(approved.json["status"] as? String == "approved")
            let published = try await decide(client, s.manager, id, "publish")
            #expect(published.status == .ok, "\(published.json)")
            #expect(published.json["status"] as? String == "published")
            // Published on 2026-11-22 (Shanghai): owners may question it through 2026-11-22 + 7 = 2026-11-29.
            #expect(published.json["questionsUntil"] as? String == "2026-11-29")
            #expect(published.json["overdue"] as? Bool == false)  // published, late, but nothing is left undone
            let history = Self.decisions(published.json)
            #expect(history.compactMap { $0["decision"] as? String } == ["submit", "approve", "approve", "publish"])
            #expect(history.map { $0["step"] as? String } == [nil, "quality_review", "gm_approval", nil])
            #expect(history.compactMap { Self.id($0["actorId"]) } == [world.managerID, world.qualityID, world.gmID, world.managerID])
            #expect(history.allSatisfy { $0["onBehalfOf"] == nil })

            // An owner's question within the window, answered once.
            let asked = try await ask(client, s.manager, id)
            #expect(asked.status == .created, "\(asked.json)")
            let question = try #require(Self.id(asked.json["id"]))
            #expect(asked.json["askedBy"] as? String == "王先生")
            #expect(asked.json["unit"] as? String == "3-502")
            #expect(asked.json["answer"] == nil)
            let answered = try await TestApp.send(
                client, s.manager, .post, "/v1/documents/\(id)/questions/\(question)/answer", #"{"answer":"明细已在大堂公告栏公示"}"#)
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(answered.json["answer"] as? String == "明细已在大堂公告栏公示")
            #expect(Self.id(answered.json["answeredBy"]) == world.managerID)
            let twice = try await TestApp.send(
                client, s.manager, .post, "/v1/documents/\(id)/questions/\(question)/answer", #"{"answer":"再答一次"}"#)
            #expect(twice.status == .conflict)
            #expect(try await ask(client, s.desk, id).status == .forbidden)  // recorded by the office manager (documents.draft)

            // 2026-11-29 20:00 in Shanghai: the window's last day, still open.
            world.clock.advance(by: 7 * 86_400)
            s = try await login(client, world)
            let lastDay = try await ask(client, s.manager, id, askedBy: "赵女士")
            #expect(lastDay.status == .created, "\(lastDay.json)")
            let late = try #require(Self.id(lastDay.json["id"]))

            // 2026-11-30 00:00 in Shanghai (still 2026-11-29 16:00 in UTC): the window closed.
            try move(world.clock, to: "2026-11-30T00:00:00+08:00")
            s = try await login(client, world)
            let closed = try await ask(client, s.manager, id, askedBy: "钱先生")
            #expect(closed.status == .conflict)
            // A question asked in time is still answered after the window.
            let answeredLate = try await TestApp.send(
                client, s.manager, .post, "/v1/documents/\(id)/questions/\(late)/answer", #"{"answer":"已电话回复"}"#)
            #expect(answeredLate.status == .ok, "\(answeredLate.json)")

            let final = try await read(client, s.manager, id)
            let questions = final["questions"] as? [[String: Any]] ?? []
            #expect(questions.compactMap { $0["askedBy"] as? String } == ["王先生", "赵女士"])
            #expect(questions.compactMap { $0["answer"] as? String } == ["明细已在大堂公告栏公示", "已电话回复"])
        }
    }

    @Test("EXT-6: a report is due to QUALITY on the 8th working day and to the owners by the 18th; a briefing by the 3rd, from draft")
    func dueDays() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let residential = try await estate(client, s.admin, office: world.office, kind: "residential")
            let commercial = try await estate(client, s.admin, office: world.office, kind: "commercial")

            let created = try await create(
                client, s.manager, office: world.office, estate: residential, kind: "quarterly_report", title: "2026年第三季度物业管理服务报告",
                extra: #","period":"2026-Q3""#)
            #expect(created.status == .created, "\(created.json)")
            let report = try #require(Self.id(created.json["id"]))
            #expect(created.json["period"] as? String == "2026-Q3")
            // October 2026 without holidays: Thu 1, Fri 2, Mon 5 … Fri 9 (7th), Mon 12 is the 8th working day.
            #expect(created.json["submitDueOn"] as? String == "2026-10-12")
            #expect(created.json["publishDueOn"] as? String == "2026-10-18")
            // Still a draft on 2026-11-22, after both due days.
            #expect(created.json["overdue"] as? Bool == true)

            let again = try await create(
                client, s.manager, office: world.office, estate: residential, kind: "quarterly_report", title: "重复的报告",
                extra: #","period":"2026-Q3""#)
            #expect(again.status == .conflict)
            let future = try await create(
                client, s.manager, office: world.office, estate: residential, kind: "quarterly_report", title: "未来的报告",
                extra: #","period":"2027-Q1""#)
            #expect(future.status == .unprocessableContent)
            #expect(Self.fields(future.json) == ["period"])
            #expect(try await ask(client, s.manager, report).status == .conflict)  // not published: no questions yet

            // A monthly briefing of October 2026 on the commercial project: due 2026-11-03, no submission day.
            let briefing = try await create(
                client, s.manager, office: world.office, estate: commercial, kind: "monthly_briefing", title: "2026年10月物业管理工作简报",
                extra: #","period":"2026-10""#)
            #expect(briefing.status == .created, "\(briefing.json)")
            let briefingID = try #require(Self.id(briefing.json["id"]))
            #expect(briefing.json["period"] as? String == "2026-10")
            #expect(briefing.json["publishDueOn"] as? String == "2026-11-03")
            #expect(briefing.json["submitDueOn"] == nil)
            #expect(briefing.json["overdue"] as? Bool == true)  // 2026-11-22 > 2026-11-03
            let residentialBriefing = try await create(
                client, s.manager, office: world.office, estate: residential, kind: "monthly_briefing", title: "住宅简报",
                extra: #","period":"2026-10""#)
            #expect(residentialBriefing.status == .unprocessableContent)
            #expect(Self.fields(residentialBriefing.json) == ["kind"])
            let secondBriefing = try await create(
                client, s.manager, office: world.office, estate: commercial, kind: "monthly_briefing", title: "重复简报",
                extra: #","period":"2026-10""#)
            #expect(secondBriefing.status == .conflict)

            let overdue = try await TestApp.send(client, s.manager, .get, "/v1/documents?officeId=\(world.office)&overdue=true")
            #expect(overdue.status == .ok, "\(overdue.json)")
            #expect(Self.ids(overdue.json) == [report, briefingID])

            // No approval steps: submitting is refused, publishing goes straight from draft.
            #expect(try await decide(client, s.manager, briefingID, "submit").status == .conflict)
            #expect(try await decide(client, s.quality, briefingID, "publish").status == .forbidden)
            let published = try await decide(client, s.manager, briefingID, "publish")
            #expect(published.status == .ok, "\(published.json)")
            #expect(published.json["status"] as? String == "published")
            #expect(published.json["overdue"] as? Bool == false)
            #expect(published.json["questionsUntil"] == nil)
            let history = Self.decisions(published.json)
            #expect(history.compactMap { $0["decision"] as? String } == ["publish"])
            #expect(history.compactMap { $0["from"] as? String } == ["draft"])
            #expect(history.compactMap { $0["to"] as? String } == ["published"])

            #expect(Self.ids(try await TestApp.send(client, s.manager, .get, "/v1/documents?officeId=\(world.office)&overdue=true").json) == [report])
            #expect(Self.ids(try await TestApp.send(client, s.manager, .get, "/v1/documents?officeId=\(world.office)&overdue=false").json) == [briefingID])
            let reports = try await TestApp.send(client, s.quality, .get, "/v1/documents?officeId=\(world.office)&kind=quarterly_report&overdue=true")
            #expect(Self.ids(reports.json) == [report])
            let byEstate = try await TestApp.send(client, s.manager, .get, "/v1/documents?estateId=\(commercial)")
            #expect(Self.ids(byEstate.json) == [briefingID])
        }
    }

    // MARK: - Concurrency and isolation

    @Test("EXT-5/EXT-6: a decision with a stale If-Match is 412 and changes nothing; another office's manager gets 404")
    func staleAndIsolated() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            let estate = try await estateWithCommittee(client, s.admin, office: world.office, chair: "陈建国")
            let id = try await minutes(client, s.manager, office: world.office, estate: estate)
            let submitted = try await decide(client, s.manager, id, "submit", ifMatch: "\"v1\"")
            #expect(submitted.status == .ok, "\(submitted.json)")
            #expect(submitted.json["version"] as? Int == 2)

            let stale = try await decide(client, s.quality, id, "approve", ifMatch: "\"v1\"")
            #expect(stale.status == .preconditionFailed)
            let staleReject = try await decide(client, s.quality, id, "reject", comment: "过期版本", ifMatch: "\"v1\"")
            #expect(staleReject.status == .preconditionFailed)
            let unchanged = try await read(client, s.manager, id)
            #expect(unchanged["status"] as? String == "in_review")
            #expect(unchanged["waitingFor"] as? String == "department_review")
            #expect(unchanged["version"] as? Int == 2)
            #expect(Self.decisions(unchanged).count == 1)

            let eTag = try await client.execute(uri: "/v1/documents/\(id)", method: .get, headers: s.manager) { $0.headers[.eTag] }
            #expect(eTag == "\"v2\"")

            let current = try await decide(client, s.quality, id, "approve", ifMatch: eTag)
            #expect(current.status == .ok, "\(current.json)")
            #expect(current.json["waitingFor"] as? String == "chair_approval")

            // The other office's manager sees nothing of it.
            #expect(try await TestApp.send(client, s.otherManager, .get, "/v1/documents/\(id)").status == .notFound)
            #expect(try await decide(client, s.otherManager, id, "approve").status == .notFound)
            #expect(try await decide(client, s.otherManager, id, "publish").status == .notFound)
            #expect(try await TestApp.send(client, s.otherManager, .put, "/v1/documents/\(id)", #"{"title":"x","body":"x"}"#).status == .notFound)
            let theirs = try await TestApp.send(client, s.otherManager, .get, "/v1/documents")
            #expect(theirs.status == .ok)
            #expect(!Self.ids(theirs.json).contains(id))
            // Nor may they write documents for this office (an office outside their scope is 422 on officeId, as elsewhere).
            let foreign = try await create(
                client, s.otherManager, office: world.office, estate: estate, kind: "committee_minutes", extra: #","heldOn":"2026-11-20""#)
            #expect(foreign.status == .unprocessableContent)
            #expect(Self.fields(foreign.json) == ["officeId"])

            let after = try await read(client, s.manager, id)
            #expect(after["waitingFor"] as? String == "chair_approval")
            #expect(after["version"] as? Int == 3)
            #expect(Self.decisions(after).count == 2)

            // Two chair approvals at once, without If-Match: the row lock lets one through; the other finds it approved (409).
            let manager = s.manager
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await decide(client, manager, id, "approve").status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.map(\.code).sorted() == [200, 409])
            let approved = try await read(client, s.manager, id)
            #expect(approved["status"] as? String == "approved")
            #expect(approved["version"] as? Int == 4)
            #expect(Self.decisions(approved).compactMap { $0["step"] as? String } == ["department_review", "chair_approval"])
        }
    }

    @Test("EXT-6: the submission day counts working days of the company calendar (National Day holidays, make-up workdays)")
    func dueDaysFollowCalendar() async throws {
        // A database of its own: calendar days are company-wide and would move the other tests' due days.
        let world = try await world(suite: Self.suite + "_calendar")
        try await world.app.test(.router) { client in
            let s = try await login(client, world)
            // 国庆: 1-7 October 2026 off (the weekdays among them are holidays), Saturday 10 October a make-up workday.
            for day in [1, 2, 5, 6, 7] {
                let holiday = try await TestApp.send(client, s.admin, .put, "/v1/calendar-days/2026-10-0\(day)", #"{"kind":"holiday","name":"国庆节"}"#)
                #expect(holiday.status == .ok, "\(holiday.json)")
            }
            let workday = try await TestApp.send(client, s.admin, .put, "/v1/calendar-days/2026-10-10", #"{"kind":"workday","name":"国庆调休"}"#)
            #expect(workday.status == .ok, "\(workday.json)")
            let estate = try await estate(client, s.admin, office: world.office, kind: "residential")
            let created = try await create(
                client, s.manager, office: world.office, estate: estate, kind: "quarterly_report", title: "2026年第三季度物业管理服务报告",
                extra: #","period":"2026-Q3""#)
            #expect(created.status == .created, "\(created.json)")
            // Working days of October: Thu 8 (1), Fri 9 (2), Sat 10 (3, make-up), Mon 12 (4) … Fri 16 (8).
            #expect(created.json["submitDueOn"] as? String == "2026-10-16")
            #expect(created.json["publishDueOn"] as? String == "2026-10-18")  // a calendar day: holidays do not move it
        }
    }

    // MARK: - BI

    @Test("EXT-6/BI-1: bi.document_punctuality shows whether a report was submitted and published by its due days")
    func punctuality() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            // An on-time report of another estate: written and submitted on Friday 2026-10-09 (due 10-12),
            // published on Friday 2026-10-16 (due 10-18).
            try move(world.clock, to: "2026-10-09T10:00:00+08:00")
            var s = try await login(client, world)
            let early = try await estate(client, s.admin, office: world.office, kind: "residential")
            let onTime = try await report(client, s.manager, office: world.office, estate: early)
            #expect(try await writeFinance(client, s.finance, onTime).status == .ok)
            #expect(try await decide(client, s.manager, onTime, "submit").status == .ok)
            #expect(try await decide(client, s.quality, onTime, "approve").status == .ok)
            try move(world.clock, to: "2026-10-16T10:00:00+08:00")
            s = try await login(client, world)
            #expect(try await decide(client, s.gm, onTime, "approve").status == .ok)
            let onTimePublished = try await decide(client, s.manager, onTime, "publish")
            #expect(onTimePublished.status == .ok, "\(onTimePublished.json)")
            #expect(onTimePublished.json["questionsUntil"] as? String == "2026-10-23")  // 2026-10-16 + 7

            // A late report: submitted and published on 2026-11-22 (Shanghai), after 2026-10-12 and 2026-10-18.
            try move(world.clock, to: "2026-11-22T20:00:00+08:00")
            s = try await login(client, world)
            let residential = try await estate(client, s.admin, office: world.office, kind: "residential")
            let late = try await publishedReport(client, world, s, estate: residential)
            #expect(late.json["status"] as? String == "published")
            // Minutes have no due days: their punctuality is NULL.
            let committeeEstate = try await estateWithCommittee(client, s.admin, office: world.office, chair: "陈建国")
            let minutesID = try await minutes(client, s.manager, office: world.office, estate: committeeEstate)
            #expect(try await decide(client, s.manager, minutesID, "submit").status == .ok)

            struct Row: Equatable {
                let kind: String
                let status: String
                let submitDueOn: String?
                let publishDueOn: String?
                let submittedOnTime: Bool?
                let publishedOnTime: Bool?
            }
            let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(world.suite), maxConnections: 1)
            let rows: [Int64: Row] = try await admin.withConnection { connection in
                Dictionary(uniqueKeysWithValues: try await connection.query("""
                    SELECT document_id, kind, status, submit_due_on::text AS submit_due_on, publish_due_on::text AS publish_due_on,
                           submitted_on_time, published_on_time
                    FROM bi.document_punctuality WHERE office_id = \(world.office)
                    """).map { row in
                    (try row.decode("document_id", as: Int64.self), Row(
                        kind: try row.decode("kind"), status: try row.decode("status"), submitDueOn: try row.decode("submit_due_on"),
                        publishDueOn: try row.decode("publish_due_on"), submittedOnTime: try row.decode("submitted_on_time"),
                        publishedOnTime: try row.decode("published_on_time")))
                })
            }
            await admin.shutdown()
            #expect(rows.count == 3)
            #expect(rows[onTime] == Row(
                kind: "quarterly_report", status: "published", submitDueOn: "2026-10-12", publishDueOn: "2026-10-18", submittedOnTime: true,
                publishedOnTime: true))
            #expect(rows[late.id] == Row(
                kind: "quarterly_report", status: "published", submitDueOn: "2026-10-12", publishDueOn: "2026-10-18", submittedOnTime: false,
                publishedOnTime: false))
            #expect(rows[minutesID] == Row(
                kind: "committee_minutes", status: "in_review", submitDueOn: nil, publishDueOn: nil, submittedOnTime: nil, publishedOnTime: nil))
        }
    }
}
