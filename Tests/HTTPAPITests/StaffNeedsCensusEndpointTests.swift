import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// The yearly staff-needs census through HTTP (INF-7, seed 000 五(八): "每年一次的员工需求普查 … 对员工普遍的需求应以公司文件的
/// 形式予以回复"): ADMIN & HR opens one a year; staff of every office write needs in its window and read only their own;
/// ADMIN & HR and the president answer — shared needs together by one company document. Clock: Sunday 2026-11-22.
@Suite("The staff-needs census (INF-7)")
struct StaffNeedsCensusEndpointTests {
    static let suite = "http_staff_needs"

    static func ids(_ json: [String: Any]) -> [Int64] {
        (json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    static func id(_ json: [String: Any]) throws -> Int64 {
        try #require((json["id"] as? NSNumber)?.int64Value)
    }

    @Test("INF-7: one census a year, open in its window; needs come from the writer's office; each writer reads only their own")
    func censusAndNeeds() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (a, aCode) = try await TestFixtures.newOffice("N", suite: Self.suite)
        let (b, bCode) = try await TestFixtures.newOffice("N", suite: Self.suite)
        let (c, _) = try await TestFixtures.newOffice("N", suite: Self.suite)
        let desk = TestFixtures.unique("desk"), tech = TestFixtures.unique("tech"), mgr = TestFixtures.unique("mgr")
        let quality = TestFixtures.unique("qa"), hr = TestFixtures.unique("hr")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [aCode], database: database)
        try await TestFixtures.user(tech, roles: [.technician], officeCodes: [bCode], database: database)
        try await TestFixtures.user(mgr, roles: [.officeManager], officeCodes: [aCode, bCode], database: database)
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(hr, roles: [.adminStaff], department: "ADMIN", database: database)
        let clock = TestClock()
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        try await app.test(.router) { client in
            let deskH = try await TestApp.login(client, desk)
            let hrH = try await TestApp.login(client, hr)
            let open = { (year: Int, from: String, to: String) in #"{"year":\#(year),"opensOn":"\#(from)","closesOn":"\#(to)"}"# }
            #expect(try await TestApp.send(client, deskH, .post, "/v1/staff-needs-censuses", open(2026, "2026-11-20", "2026-12-20")).status == .forbidden)
            for bad in [open(2024, "2024-11-20", "2024-12-20"), open(2026, "2026-11-01", "2026-11-21"), open(2026, "2026-08-01", "2026-12-20")] {
                #expect(try await TestApp.send(client, hrH, .post, "/v1/staff-needs-censuses", bad).status == .unprocessableContent, "\(bad)")
            }
            let opened = try await TestApp.send(client, hrH, .post, "/v1/staff-needs-censuses", open(2026, "2026-11-20", "2026-12-20"))
            #expect(opened.status == .created, "\(opened.json)")
            #expect(opened.json["title"] as? String == "2026年员工需求普查")
            let census = try Self.id(opened.json)
            #expect(try await TestApp.send(client, hrH, .post, "/v1/staff-needs-censuses", open(2026, "2026-11-22", "2026-12-01")).status == .conflict)
            let next = try Self.id(try await TestApp.send(
                client, hrH, .post, "/v1/staff-needs-censuses", #"{"year":2027,"title":"2027年需求普查","opensOn":"2027-01-05","closesOn":"2027-02-05"}"#).json)
            // Newest year first (the other test's 2025 census may follow).
            #expect(Self.ids(try await TestApp.send(client, deskH, .get, "/v1/staff-needs-censuses").json).prefix(2) == [next, census])

            // Needs, each from the writer's office: the only one, the one named, or HQ.
            let needs = "/v1/staff-needs-censuses/\(census)/needs"
            #expect(try await TestApp.send(client, deskH, .post, "/v1/staff-needs-censuses/\(next)/needs", #"{"category":"training","content":"早了"}"#)
                .status == .conflict)  // not open yet
            #expect(try await TestApp.send(client, deskH, .post, needs, #"{"category":"training","content":"  "}"#).status == .unprocessableContent)
            let deskNeed = try await TestApp.send(client, deskH, .post, needs, #"{"category":"training","content":"希望有客服礼仪培训"}"#)
            #expect(deskNeed.status == .created, "\(deskNeed.json)")
            #expect((deskNeed.json["officeId"] as? NSNumber)?.int64Value == a)
            let techH = try await TestApp.login(client, tech)
            let techNeed = try await TestApp.send(client, techH, .post, needs, #"{"category":"pay_and_benefits","content":"夜间维修应有补贴"}"#)
            #expect((techNeed.json["officeId"] as? NSNumber)?.int64Value == b)
            let mgrH = try await TestApp.login(client, mgr)
            #expect(try await TestApp.send(client, mgrH, .post, needs, #"{"category":"pay_and_benefits","content":"x"}"#).status == .unprocessableContent)
            #expect(try await TestApp.send(client, mgrH, .post, needs, #"{"category":"pay_and_benefits","content":"x","officeId":\#(c)}"#).status
                == .unprocessableContent)
            let mgrNeed = try await TestApp.send(client, mgrH, .post, needs, #"{"category":"pay_and_benefits","content":"夜班补贴标准偏低","officeId":\#(a)}"#)
            #expect((mgrNeed.json["officeId"] as? NSNumber)?.int64Value == a)
            let qaH = try await TestApp.login(client, quality)
            let qaNeed = try await TestApp.send(client, qaH, .post, needs, #"{"category":"training","content":"内审员培训"}"#)
            #expect(qaNeed.status == .created)
            #expect(qaNeed.json["officeId"] == nil)

            // Each writer reads their own; ADMIN & HR reads all and the progress.
            let (deskID, techID, mgrID, qaID) = (try Self.id(deskNeed.json), try Self.id(techNeed.json), try Self.id(mgrNeed.json), try Self.id(qaNeed.json))
            #expect(Self.ids(try await TestApp.send(client, deskH, .get, needs).json) == [deskID])
            #expect(Self.ids(try await TestApp.send(client, mgrH, .get, needs).json) == [mgrID])
            #expect(try await TestApp.send(client, mgrH, .get, "/v1/staff-needs-censuses/\(census)/progress").status == .forbidden)
            #expect(Self.ids(try await TestApp.send(client, hrH, .get, needs).json) == [deskID, techID, mgrID, qaID])
            #expect(Self.ids(try await TestApp.send(client, hrH, .get, needs + "?officeId=\(a)&category=pay_and_benefits").json) == [mgrID])
            let progress = try await TestApp.send(client, hrH, .get, "/v1/staff-needs-censuses/\(census)/progress").json
            #expect(progress["needs"] as? Int == 4)
            #expect(progress["answered"] as? Int == 0)
            let rows = progress["byCategory"] as? [[String: Any]] ?? []
            #expect(rows.count == StaffNeed.Category.allCases.count)
            #expect(rows.first { $0["category"] as? String == "training" }?["needs"] as? Int == 2)

            // At most 20 needs a person; none after the window closes.
            for index in 2...20 {
                #expect(try await TestApp.send(client, qaH, .post, needs, #"{"category":"other","content":"第\#(index)条"}"#).status == .created)
            }
            #expect(try await TestApp.send(client, qaH, .post, needs, #"{"category":"other","content":"第21条"}"#).status == .conflict)
            clock.advance(by: 29 * 86_400)  // Monday 2026-12-21
            let deskLater = try await TestApp.login(client, desk)
            #expect(try await TestApp.send(client, deskLater, .post, needs, #"{"category":"living","content":"迟了"}"#).status == .conflict)
        }
    }

    @Test("INF-7: needs many share are answered together by one company document, each once; an in-person talk is with one writer")
    func answers() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("N", suite: Self.suite)
        let one = try await TestFixtures.user(TestFixtures.unique("desk"), roles: [.frontDesk], officeCodes: [code], database: database)
        let other = try await TestFixtures.user(TestFixtures.unique("tech"), roles: [.technician], officeCodes: [code], database: database)
        let hr = TestFixtures.unique("hr")
        try await TestFixtures.user(hr, roles: [.adminStaff], department: "ADMIN", database: database)
        let president = try await TestFixtures.user(TestFixtures.unique("gm"), roles: [.generalManager], database: database)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        // A census of last year's (2025) written straight into the database, so this test does not race the other for a year.
        let census: Int64 = try await admin.withConnection { connection in
            try await connection.query("""
                INSERT INTO liaison.staff_needs_census (year, title, opens_on, closes_on, opened_by, opened_at)
                VALUES (2025, '2025年员工需求普查', DATE '2025-11-01', DATE '2025-11-30', \(president.id), now()) RETURNING id
                """).single().decode("id")
        }
        let written: [Int64] = try await admin.withConnection { connection in
            try await connection.query("""
                INSERT INTO liaison.staff_need (census_id, office_id, submitted_by, submitted_at, category, content)
                VALUES (\(census), \(office), \(one.id), now(), 'living', '宿舍热水不够'), (\(census), \(office), \(other.id), now(), 'living', '宿舍没有热水'),
                       (\(census), \(office), \(one.id), now(), 'career', '想转岗工程')
                RETURNING id
                """).map { try $0.decode("id") }
        }
        await admin.shutdown()
        let (hotWaterA, hotWaterB, career) = (written[0], written[1], written[2])
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let oneH = try await TestApp.login(client, one.username)
            let answers = "/v1/staff-needs-censuses/\(census)/answers"
            let document = #""kind":"company_document","text":"宿舍加装热水器，本月完成","documentReference":"行政字〔2025〕31号 关于宿舍热水的通知""#
            #expect(try await TestApp.send(client, oneH, .post, answers, #"{"needIds":[\#(hotWaterA)],\#(document)}"#).status == .forbidden)
            let hrH = try await TestApp.login(client, hr)
            #expect(try await TestApp.send(client, hrH, .post, answers, #"{"needIds":[\#(hotWaterA)],"kind":"company_document","text":"见文件"}"#).status
                == .unprocessableContent)  // which document?
            #expect(try await TestApp.send(client, hrH, .post, answers, #"{"needIds":[\#(hotWaterA),999999999],\#(document)}"#).status
                == .unprocessableContent)
            #expect(try await TestApp.send(client, hrH, .post, answers, #"{"needIds":[\#(hotWaterA),\#(hotWaterB)],"kind":"in_person","text":"谈过"}"#).status
                == .unprocessableContent)  // two writers
            let shared = try await TestApp.send(client, hrH, .post, answers, #"{"needIds":[\#(hotWaterB),\#(hotWaterA)],\#(document)}"#)
            #expect(shared.status == .ok, "\(shared.json)")
            let items = shared.json["items"] as? [[String: Any]] ?? []
            #expect(Self.ids(shared.json) == [hotWaterA, hotWaterB])
            #expect(items.allSatisfy { ($0["answer"] as? [String: Any])?["documentReference"] as? String == "行政字〔2025〕31号 关于宿舍热水的通知" })
            #expect(try await TestFixtures.auditCount(action: "staff_need.answer", entityID: String(hotWaterB), suite: Self.suite) == 1)

            // Each need once: a batch naming an answered need writes nothing.
            let presidentH = try await TestApp.login(client, president.username)
            #expect(try await TestApp.send(client, presidentH, .post, answers, #"{"needIds":[\#(career),\#(hotWaterA)],"kind":"reply","text":"好"}"#).status
                == .conflict)
            #expect(try await TestApp.send(client, hrH, .get, "/v1/staff-needs-censuses/\(census)/needs?answered=false").json["items"]
                .map { Self.ids(["items": $0]) } == [career])
            let talked = try await TestApp.send(
                client, presidentH, .post, answers, #"{"needIds":[\#(career)],"kind":"in_person","text":"已面谈，明年春季安排工程部轮岗"}"#)
            #expect(talked.status == .ok)
            let mine = try await TestApp.send(client, oneH, .get, "/v1/staff-needs-censuses/\(census)/needs").json["items"] as? [[String: Any]] ?? []
            #expect(mine.count == 2)
            let careerAnswer = mine.first { ($0["id"] as? NSNumber)?.int64Value == career }?["answer"] as? [String: Any]
            #expect(careerAnswer?["answeredByName"] as? String == president.displayName)
            #expect(careerAnswer?["kind"] as? String == "in_person")
            #expect(try await TestApp.send(client, hrH, .get, "/v1/staff-needs-censuses/\(census)/progress").json["answered"] as? Int == 3)
        }
    }
}
