import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// The service guide and paid-service price list (INF-5) and the priced ticket plan it feeds (TKT-8).
@Suite("Service guide endpoints: /v1/service-items (INF-5, TKT-8)")
struct ServiceGuideEndpointTests {
    static let suite = "http_service_guide"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let office: Int64
        let otherOffice: Int64
        let business: String
        let manager: String
        let otherManager: String
        let desk: String
        let tech: String
        let techID: Int64
    }

    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("G", suite: Self.suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("H", suite: Self.suite)
        let business = TestFixtures.unique("biz"), manager = TestFixtures.unique("mgr"), otherManager = TestFixtures.unique("mgr")
        let desk = TestFixtures.unique("desk"), tech = TestFixtures.unique("tech")
        try await TestFixtures.user(business, roles: [.businessStaff], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(otherManager, roles: [.officeManager], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let technician = try await TestFixtures.user(tech, roles: [.technician], officeCodes: [code], database: database)
        return World(
            app: Application(router: try TestApp.router(database: database)), office: office, otherOffice: otherOffice,
            business: business, manager: manager, otherManager: otherManager, desk: desk, tech: tech, techID: technician.id)
    }

    func itemBody(code: String, price: String, officeID: Int64? = nil, name: String = "更换水龙头") -> String {
        let office = officeID.map { #""officeId":\#($0),"# } ?? ""
        return #"{\#(office)"code":"\#(code)","name":"\#(name)","category":"engineering","unit":"个","price":"\#(price)","serviceHours":"8:00-18:00","phone":"0755-8888 6666"}"#
    }

    func id(_ json: [String: Any]) throws -> Int64 {
        try #require((json["id"] as? NSNumber)?.int64Value)
    }

    /// The price of `code` in the list in force for the office.
    func price(_ client: some TestClientProtocol, _ headers: HTTPFields, code: String, office: Int64) async throws -> String? {
        let list = try await TestApp.send(client, headers, .get, "/v1/service-items?officeId=\(office)&limit=200")
        #expect(list.status == .ok)
        let items = list.json["items"] as? [[String: Any]] ?? []
        let matching = items.filter { $0["code"] as? String == code }
        #expect(matching.count <= 1, "one item per code in force")
        return matching.first?["price"] as? String
    }

    @Test("INF-5: the company list with an office override; the office manager cannot touch the company's items")
    func companyListWithOfficeOverride() async throws {
        let world = try await world()
        let code = "TAP" + String(UInt16.random(in: 0...9999))
        try await world.app.test(.router) { client in
            let business = try await TestApp.login(client, world.business)
            let manager = try await TestApp.login(client, world.manager)
            let otherManager = try await TestApp.login(client, world.otherManager)

            let company = try await TestApp.send(client, business, .post, "/v1/service-items", itemBody(code: code, price: "30"))
            #expect(company.status == .created)
            #expect(company.json["price"] as? String == "30.00")
            #expect(company.json["source"] as? String == "company")
            let companyID = try id(company.json)
            #expect(try await TestFixtures.auditCount(action: "service_item.create", entityID: String(companyID), suite: Self.suite) == 1)

            // An office role writes only its own office's list.
            let refused = try await TestApp.send(client, manager, .post, "/v1/service-items", itemBody(code: code + "X", price: "1"))
            #expect(refused.status == .forbidden)
            let refusedEdit = try await TestApp.send(client, manager, .put, "/v1/service-items/\(companyID)", itemBody(code: code, price: "1"))
            #expect(refusedEdit.status == .forbidden)
            let foreign = try await TestApp.send(
                client, manager, .post, "/v1/service-items", itemBody(code: code, price: "1", officeID: world.otherOffice))
            #expect(foreign.status == .unprocessableContent)

            let override = try await TestApp.send(
                client, manager, .post, "/v1/service-items", itemBody(code: code, price: "35.50", officeID: world.office))
            #expect(override.status == .created)
            #expect(override.json["source"] as? String == "office")
            let overrideID = try id(override.json)
            let again = try await TestApp.send(
                client, manager, .post, "/v1/service-items", itemBody(code: code, price: "36", officeID: world.office))
            #expect(again.status == .conflict)

            #expect(try await price(client, manager, code: code, office: world.office) == "35.50")
            #expect(try await price(client, otherManager, code: code, office: world.otherOffice) == "30.00")
            // Another office's list is not readable, and its items answer 404.
            let hidden = try await TestApp.send(client, otherManager, .get, "/v1/service-items?officeId=\(world.office)")
            #expect(hidden.status == .notFound)
            let hiddenItem = try await TestApp.send(client, otherManager, .get, "/v1/service-items/\(overrideID)")
            #expect(hiddenItem.status == .notFound)

            // Withdrawing the override brings the company price back for the office.
            var archive = business
            archive[.ifMatch] = "\"v1\""
            let archived = try await TestApp.send(client, manager, .post, "/v1/service-items/\(overrideID)/archive")
            #expect(archived.status == .ok)
            #expect(archived.json["archived"] as? Bool == true)
            #expect(try await price(client, manager, code: code, office: world.office) == "30.00")
            let stale = try await TestApp.send(client, archive, .put, "/v1/service-items/\(companyID)", itemBody(code: code, price: "31"))
            #expect(stale.status == .ok)  // v1 is the company item's current version
            let staleAgain = try await TestApp.send(client, archive, .put, "/v1/service-items/\(companyID)", itemBody(code: code, price: "32"))
            #expect(staleAgain.status == .preconditionFailed)
        }
    }

    @Test("INF-5: bad codes, prices and phones are 422 naming the field; nothing is written")
    func badInput() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let business = try await TestApp.login(client, world.business)
            for (body, field) in [
                (itemBody(code: "bad code", price: "1"), "code"),
                (itemBody(code: "OK1", price: "1.234"), "price"),
                (itemBody(code: "OK2", price: "-1"), "price"),
                (itemBody(code: "OK3", price: "1", name: " "), "name"),
                (#"{"code":"OK4","name":"x","unit":"次","price":"1","phone":"call me"}"#, "phone"),
            ] {
                let result = try await TestApp.send(client, business, .post, "/v1/service-items", body)
                #expect(result.status == .unprocessableContent, "\(body)")
                let fields = (result.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields.contains(field), "\(body): \(result.json)")
            }
            let list = try await TestApp.send(client, business, .get, "/v1/service-items?limit=200")
            let codes = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(!codes.contains { $0.hasPrefix("OK") })
        }
    }

    @Test("TKT-8, INF-5: a plan prices its lines from the office's list, keeps the price it was made with, and must be agreed before work")
    func pricedPlan() async throws {
        let world = try await world()
        let code = "PIPE" + String(UInt16.random(in: 0...9999))
        try await world.app.test(.router) { client in
            let business = try await TestApp.login(client, world.business)
            let desk = try await TestApp.login(client, world.desk)
            let tech = try await TestApp.login(client, world.tech)
            let item = try id(try await TestApp.send(client, business, .post, "/v1/service-items", itemBody(code: code, price: "12.50")).json)
            let archivedItem = try id(
                try await TestApp.send(client, business, .post, "/v1/service-items", itemBody(code: code + "-OLD", price: "9")).json)
            _ = try await TestApp.send(client, business, .post, "/v1/service-items/\(archivedItem)/archive")

            let created = try await TestApp.send(client, desk, .post, "/v1/tickets", #"{"officeId":\#(world.office),"source":"owner_call","category":"engineering","urgency":"normal","serviceMode":"immediate","contactName":"李女士","content":"水龙头坏了"}"#)
            let ticket = try id(created.json)
            for fields in [#""transition":"classify""#, #""transition":"dispatch","assigneeId":\#(world.techID)"#] {
                #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/transitions", "{\(fields)}").status == .ok)
            }
            for fields in [#""transition":"sign""#, #""transition":"arrive""#] {
                #expect(try await TestApp.send(client, tech, .post, "/v1/tickets/\(ticket)/transitions", "{\(fields)}").status == .ok)
            }
            // Refused lines: an archived item, an unknown item, the same item twice, a zero quantity; nothing is stored.
            for items in [
                #"[{"serviceItemId":\#(archivedItem),"quantity":"1"}]"#, #"[{"serviceItemId":999999999,"quantity":"1"}]"#,
                #"[{"serviceItemId":\#(item),"quantity":"1"},{"serviceItemId":\#(item),"quantity":"2"}]"#,
                #"[{"serviceItemId":\#(item),"quantity":"0"}]"#,
            ] {
                let refused = try await TestApp.send(
                    client, tech, .post, "/v1/tickets/\(ticket)/transitions",
                    #"{"transition":"plan","plan":"换水龙头","workTime":"今天 15:00","items":\#(items)}"#)
                #expect(refused.status == .unprocessableContent, "\(items): \(refused.json)")
            }
            let missingTime = try await TestApp.send(
                client, tech, .post, "/v1/tickets/\(ticket)/transitions", #"{"transition":"plan","plan":"换水龙头"}"#)
            #expect(missingTime.status == .unprocessableContent)

            let planned = try await TestApp.send(
                client, tech, .post, "/v1/tickets/\(ticket)/transitions",
                #"{"transition":"plan","plan":"换水龙头","workTime":"今天 15:00","impact":"停水 20 分钟","protection":"地面铺保护膜","ownerCooperation":"家中留人","items":[{"serviceItemId":\#(item),"quantity":"2"}]}"#)
            #expect(planned.status == .ok)
            let plan = try #require(planned.json["plan"] as? [String: Any])
            #expect(plan["total"] as? String == "25.00")
            #expect(plan["impact"] as? String == "停水 20 分钟")
            let line = try #require((plan["items"] as? [[String: Any]])?.first)
            #expect(line["unitPrice"] as? String == "12.50")
            #expect(line["amount"] as? String == "25.00")

            // A later price change does not alter the plan the owner is shown.
            _ = try await TestApp.send(client, business, .put, "/v1/service-items/\(item)", itemBody(code: code, price: "99"))
            let read = try await TestApp.send(client, tech, .get, "/v1/tickets/\(ticket)")
            #expect((read.json["plan"] as? [String: Any])?["total"] as? String == "25.00")

            let early = try await TestApp.send(client, tech, .post, "/v1/tickets/\(ticket)/transitions", #"{"transition":"start_work"}"#)
            #expect(early.status == .conflict)
            let agreed = try await TestApp.send(
                client, tech, .post, "/v1/tickets/\(ticket)/transitions", #"{"transition":"agree_plan","agreedBy":"李女士"}"#)
            #expect((agreed.json["plan"] as? [String: Any])?["agreedBy"] as? String == "李女士")
            #expect((agreed.json["plan"] as? [String: Any])?["agreedAt"] != nil)
            let started = try await TestApp.send(client, tech, .post, "/v1/tickets/\(ticket)/transitions", #"{"transition":"start_work"}"#)
            #expect(started.status == .ok)
        }
    }

    @Test("TKT-8: a plan without a charge needs no agreement")
    func freePlan() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let desk = try await TestApp.login(client, world.desk)
            let tech = try await TestApp.login(client, world.tech)
            let created = try await TestApp.send(client, desk, .post, "/v1/tickets", #"{"officeId":\#(world.office),"source":"owner_call","category":"engineering","urgency":"normal","serviceMode":"immediate","contactName":"李女士","content":"灯不亮"}"#)
            let ticket = try id(created.json)
            #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/transitions", #"{"transition":"classify"}"#).status == .ok)
            #expect(try await TestApp.send(client, desk, .post, "/v1/tickets/\(ticket)/transitions", #"{"transition":"dispatch","assigneeId":\#(world.techID)}"#).status == .ok)
            for fields in [
                #""transition":"sign""#, #""transition":"arrive""#, #""transition":"plan","plan":"换灯泡","workTime":"现在""#,
                #""transition":"start_work""#,
            ] {
                let result = try await TestApp.send(client, tech, .post, "/v1/tickets/\(ticket)/transitions", "{\(fields)}")
                #expect(result.status == .ok, "\(fields): \(result.json)")
            }
        }
    }
}
