import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Community culture activities through HTTP (INF-6): BUSINESS's company plan, an office plan derived from it
/// and approved by BUSINESS in the approval workflow, activities with records, photos and evaluations, and the
/// quarterly minimum. Clock: Sunday 2026-11-22 20:00 Asia/Shanghai (the fourth quarter).
@Suite("Community culture activities (INF-6)")
struct CommunityActivityEndpointTests {
    static let suite = "http_activities"

    @Test("INF-6: office plans derive from the company plan and are approved by BUSINESS; activities with a record or photos and an evaluation; offices below one activity a quarter show as not compliant")
    func plansActivitiesCompliance() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("C", suite: Self.suite)
        let (other, otherCode) = try await TestFixtures.newOffice("D", suite: Self.suite)
        let deskName = TestFixtures.unique("desk"), otherName = TestFixtures.unique("desk"), businessName = TestFixtures.unique("biz")
        try await TestFixtures.user(deskName, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.frontDesk], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(businessName, roles: [.businessStaff], department: "BUSINESS", database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let business = try await TestApp.login(client, businessName)
            let desk = try await TestApp.login(client, deskName)
            func id(_ answer: (status: HTTPResponse.Status, json: [String: Any])) throws -> Int64 {
                #expect(answer.status == .created, "\(answer.json)")
                return try #require((answer.json["id"] as? NSNumber)?.int64Value)
            }
            func decide(_ headers: HTTPFields, _ plan: Int64, _ body: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                try await TestApp.send(client, headers, .post, "/v1/activity-plans/\(plan)/decisions", body)
            }
            let company = try id(try await TestApp.send(
                client, business, .post, "/v1/activity-plans",
                #"{"year":2026,"title":"2026年社区文化活动计划","items":[{"quarter":1,"theme":"元宵游园"},{"quarter":2,"theme":"端午包粽子"},{"quarter":3,"theme":"中秋晚会"},{"quarter":4,"theme":"迎新春联欢"}]}"#))
            let officePlanBody = #"{"officeId":\#(office),"year":2026,"title":"东苑2026年社区文化活动计划"}"#
            #expect(try await TestApp.send(client, desk, .post, "/v1/activity-plans", officePlanBody).status == .conflict)  // company plan unpublished
            #expect(try await TestApp.send(client, desk, .post, "/v1/activity-plans", #"{"year":2026,"title":"x"}"#).status == .unprocessableContent)
            #expect(try await decide(business, company, #"{"decision":"submit"}"#).status == .conflict)  // the company plan needs no approval
            #expect(try await decide(business, company, #"{"decision":"publish"}"#).json["status"] as? String == "published")

            // The office plan starts from the company's items and goes through BUSINESS's approval.
            let written = try await TestApp.send(client, desk, .post, "/v1/activity-plans", officePlanBody)
            let plan = try id(written)
            #expect((written.json["items"] as? [[String: Any]])?.compactMap { $0["theme"] as? String } == ["元宵游园", "端午包粽子", "中秋晚会", "迎新春联欢"])
            #expect(written.json["companyPlanId"] as? NSNumber == NSNumber(value: company))
            #expect(try await TestApp.send(client, desk, .post, "/v1/activity-plans", officePlanBody).status == .conflict)  // one a year
            let submitted = try await decide(desk, plan, #"{"decision":"submit"}"#)
            #expect(submitted.json["step"] as? String == "business_approval")
            #expect(try await decide(desk, plan, #"{"decision":"approve"}"#).status == .forbidden)
            #expect(try await decide(business, plan, #"{"decision":"reject"}"#).status == .unprocessableContent)
            #expect(try await decide(business, plan, #"{"decision":"reject","comment":"请补充第三季度活动预算"}"#).json["status"] as? String == "draft")
            let revised = try await TestApp.send(
                client, desk, .put, "/v1/activity-plans/\(plan)",
                #"{"title":"东苑2026年社区文化活动计划","body":"预算：每季度2000元","items":[{"quarter":1,"theme":"元宵游园"},{"quarter":2,"theme":"端午包粽子"},{"quarter":3,"theme":"中秋晚会（预算2000元）"},{"quarter":4,"theme":"迎新春联欢"}]}"#)
            #expect(revised.status == .ok, "\(revised.json)")
            _ = try await decide(desk, plan, #"{"decision":"submit"}"#)
            #expect(try await decide(desk, plan, #"{"decision":"publish"}"#).status == .conflict)  // not approved yet
            #expect(try await decide(business, plan, #"{"decision":"approve"}"#).json["status"] as? String == "approved")
            let published = try await decide(desk, plan, #"{"decision":"publish"}"#)
            #expect(published.json["status"] as? String == "published")
            #expect((published.json["decisions"] as? [[String: Any]])?.compactMap { $0["decision"] as? String }
                == ["submit", "reject", "submit", "approve", "publish"])

            // Isolation: office D reads the company plan, not office C's.
            let otherDesk = try await TestApp.login(client, otherName)
            #expect(try await TestApp.send(client, otherDesk, .get, "/v1/activity-plans/\(company)").status == .ok)
            #expect(try await TestApp.send(client, otherDesk, .get, "/v1/activity-plans/\(plan)").status == .notFound)

            // Activities: Q1 with a record, Q2 with a photo only, none in Q3, Q4 with a record and an evaluation.
            func activity(_ heldOn: String, record: String?) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                let recordField = record.map { #","record":"\#($0)""# } ?? ""
                return try await TestApp.send(
                    client, desk, .post, "/v1/community-activities",
                    #"{"officeId":\#(office),"planId":\#(plan),"title":"活动","heldOn":"\#(heldOn)","place":"小区广场","participants":"业主及家属","participantCount":60\#(recordField)}"#)
            }
            _ = try id(try await activity("2026-02-14", record: "元宵游园，猜灯谜"))
            let summer = try id(try await activity("2026-06-20", record: nil))
            let autumnless = try await activity("2026-11-23", record: "明天的活动")
            #expect(autumnless.status == .unprocessableContent)  // not held yet
            let winter = try id(try await activity("2026-11-21", record: "迎新春联欢预演"))
            var photo = desk
            photo[.contentType] = "image/png"
            let uploaded = try await client.execute(
                uri: "/v1/attachments?subject=community_activity&subjectId=\(summer)&fileName=photo.png", method: .post, headers: photo,
                body: ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00])
            ) { $0.status }
            #expect(uploaded == .created)
            let evaluated = try await TestApp.send(
                client, desk, .put, "/v1/community-activities/\(winter)/evaluation", #"{"evaluation":"参与踊跃，业主满意，明年增加儿童节目"}"#)
            #expect(evaluated.json["evaluation"] as? String == "参与踊跃，业主满意，明年增加儿童节目")
            #expect(try await TestApp.send(client, otherDesk, .get, "/v1/community-activities/\(winter)").status == .notFound)

            // Compliance 2026: C held one in Q1, Q2 and Q4, none in Q3; D none at all.
            func quarters(_ headers: HTTPFields) async throws -> [String] {
                (try await TestApp.send(client, headers, .get, "/v1/community-activity-compliance?year=2026").json["items"] as? [[String: Any]] ?? [])
                    .filter { [office, other].contains(($0["officeId"] as? NSNumber)?.int64Value ?? 0) }
                    .map { "\($0["officeCode"] ?? "-") Q\($0["quarter"] ?? "-") \($0["activities"] ?? "-")/\($0["documented"] ?? "-")/\($0["evaluated"] ?? "-") \($0["compliant"] ?? "-")" }
            }
            let all = try await quarters(business)
            #expect(all == [
                "\(code) Q1 1/1/0 1", "\(code) Q2 1/1/0 1", "\(code) Q3 0/0/0 0", "\(code) Q4 1/1/1 1",
                "\(otherCode) Q1 0/0/0 0", "\(otherCode) Q2 0/0/0 0", "\(otherCode) Q3 0/0/0 0", "\(otherCode) Q4 0/0/0 0",
            ])
            #expect(try await quarters(otherDesk) == Array(all.suffix(4)))
            #expect(try await TestApp.send(client, business, .get, "/v1/community-activity-compliance?year=2027").status == .unprocessableContent)
        }
    }
}
