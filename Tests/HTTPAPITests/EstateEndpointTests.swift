import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Estates, buildings and units through HTTP (ORG-3), with office isolation (ORG-5).
@Suite("Estate endpoints: /v1/estates, buildings, units (ORG-3)")
struct EstateEndpointTests {
    static let suite = "http_estates"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let admin: String
        let deskA: String
        let deskB: String
        let officeA: Int64
        let officeB: Int64
        let codeA: String
    }

    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (officeA, codeA) = try await TestFixtures.newOffice("A", suite: Self.suite)
        let (officeB, codeB) = try await TestFixtures.newOffice("B", suite: Self.suite)
        let admin = TestFixtures.unique("admin"), deskA = TestFixtures.unique("deska"), deskB = TestFixtures.unique("deskb")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        try await TestFixtures.user(deskA, roles: [.frontDesk], officeCodes: [String(codeA)], database: database)
        try await TestFixtures.user(deskB, roles: [.frontDesk], officeCodes: [String(codeB)], database: database)
        return World(app: Application(router: try TestApp.router(database: database)), admin: admin, deskA: deskA, deskB: deskB,
                     officeA: officeA, officeB: officeB, codeA: codeA)
    }

    func estateBody(office: Int64, code: String, name: String = "翠湖花园") -> ByteBuffer {
        ByteBuffer(string: #"{"officeId":\#(office),"code":"\#(code)","name":"\#(name)","kind":"residential","address":"湖滨路 1 号"}"#)
    }

    func createEstate(_ client: some TestClientProtocol, _ headers: HTTPFields, office: Int64, code: String) async throws -> Int64 {
        try await client.execute(uri: "/v1/estates", method: .post, headers: headers, body: estateBody(office: office, code: code)) { response in
            #expect(response.status == .created)
            return try #require((try TestApp.json(response.body)["id"] as? NSNumber)?.int64Value)
        }
    }

    @Test("ORG-3: the front desk creates an estate, a building and units in its own office; one audit row each")
    func createInOwnOffice() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.deskA)
            let estate = try await createEstate(client, headers, office: world.officeA, code: "CH")
            #expect(try await TestFixtures.auditCount(action: "estate.create", entityID: String(estate), suite: Self.suite) == 1)
            let building = try await client.execute(
                uri: "/v1/estates/\(estate)/buildings", method: .post, headers: headers, body: ByteBuffer(string: #"{"name":"1栋"}"#)
            ) { response in
                #expect(response.status == .created)
                return try #require((try TestApp.json(response.body)["id"] as? NSNumber)?.int64Value)
            }
            try await client.execute(
                uri: "/v1/buildings/\(building)/units", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"units":[{"number":"101","floor":1,"areaSqm":"89.50"},{"number":"102"}]}"#)
            ) { response in
                #expect(response.status == .created)
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                #expect(items.map { $0["number"] as? String } == ["101", "102"])
                #expect(items.first?["areaSqm"] as? String == "89.50")
            }
            #expect(try await TestFixtures.auditCount(action: "building.add_units", entityID: String(building), suite: Self.suite) == 1)
            try await client.execute(uri: "/v1/estates/\(estate)/units?buildingId=\(building)", method: .get, headers: headers) { response in
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                #expect(items.count == 2)
            }
            // A repeated number refuses the whole request; nothing is added.
            try await client.execute(
                uri: "/v1/buildings/\(building)/units", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"units":[{"number":"103"},{"number":"101"}]}"#)
            ) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/v1/estates/\(estate)/units", method: .get, headers: headers) { response in
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                #expect(items.count == 2)
            }
        }
    }

    @Test("ORG-5: office A's front desk cannot read, list, update or reference office B's estates (404/422, not 403)")
    func isolation() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let deskB = try await TestApp.login(client, world.deskB)
            let estateB = try await createEstate(client, deskB, office: world.officeB, code: "BB")
            let deskA = try await TestApp.login(client, world.deskA)
            let estateA = try await createEstate(client, deskA, office: world.officeA, code: "AA")
            try await client.execute(uri: "/v1/estates/\(estateB)", method: .get, headers: deskA) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/estates/\(estateB)/units", method: .get, headers: deskA) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/v1/estates/\(estateB)", method: .put, headers: deskA,
                body: ByteBuffer(string: #"{"code":"HACK","name":"x","kind":"residential"}"#)
            ) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/v1/estates/\(estateB)/buildings", method: .post, headers: deskA, body: ByteBuffer(string: #"{"name":"x"}"#)
            ) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/estates", method: .post, headers: deskA, body: estateBody(office: world.officeB, code: "ZZ")) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "officeId")
            }
            try await client.execute(uri: "/v1/estates?limit=200", method: .get, headers: deskA) { response in
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                let offices = Set(items.compactMap { ($0["officeId"] as? NSNumber)?.int64Value })
                #expect(offices == [world.officeA])
                #expect(items.contains { ($0["id"] as? NSNumber)?.int64Value == estateA })
            }
            // A front desk that is also BI_READER (an HQ role) still sees only its own office: RLS follows the action's scope.
            let mixed = TestFixtures.unique("mixed")
            try await TestFixtures.user(mixed, roles: [.frontDesk, .biReader], officeCodes: [world.codeA], database: try await TestDatabase.appDatabase(suite: Self.suite))
            let mixedHeaders = try await TestApp.login(client, mixed)
            try await client.execute(uri: "/v1/estates?limit=200", method: .get, headers: mixedHeaders) { response in
                let offices = Set((try TestApp.json(response.body)["items"] as? [[String: Any]] ?? []).compactMap { ($0["officeId"] as? NSNumber)?.int64Value })
                #expect(offices == [world.officeA])
            }
            // HQ sees both.
            let admin = try await TestApp.login(client, world.admin)
            try await client.execute(uri: "/v1/estates/\(estateB)", method: .get, headers: admin) { #expect($0.status == .ok) }
        }
    }

    @Test("text search finds Chinese names; a duplicate code in the same office → 409; bad input → 422")
    func searchAndValidation() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.admin)
            let name = "锦绣" + TestFixtures.unique("")
            try await client.execute(uri: "/v1/estates", method: .post, headers: headers, body: estateBody(office: world.officeA, code: "JX", name: name)) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/v1/estates", method: .post, headers: headers, body: estateBody(office: world.officeA, code: "JX")) { response in
                #expect(response.status == .conflict)
            }
            let query = name.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            try await client.execute(uri: "/v1/estates?q=\(query)", method: .get, headers: headers) { response in
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                #expect(items.map { $0["name"] as? String } == [name])
            }
            try await client.execute(
                uri: "/v1/estates", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(world.officeA),"code":"x","name":"","kind":"residential"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["code", "name"])
            }
            try await client.execute(
                uri: "/v1/estates", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(world.officeA),"code":"OK","name":"n","kind":"castle"}"#)
            ) { response in
                #expect(response.status == .badRequest)  // not one of the contract's kinds
            }
        }
    }

    func id(_ response: TestResponse) throws -> Int64 {
        try #require((try TestApp.json(response.body)["id"] as? NSNumber)?.int64Value)
    }

    @Test("ORG-3: buildings and units are renamed, archived and restored with If-Match; one audit row each; archived ones leave the lists")
    func buildingAndUnitLifecycle() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.deskA)
            let estate = try await createEstate(client, headers, office: world.officeA, code: "LC")
            let building = try await client.execute(
                uri: "/v1/estates/\(estate)/buildings", method: .post, headers: headers, body: ByteBuffer(string: #"{"name":"1栋"}"#)
            ) { try id($0) }
            let unit = try await client.execute(
                uri: "/v1/buildings/\(building)/units", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"units":[{"number":"101"},{"number":"102"}]}"#)
            ) { response in
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                return try #require((items.first?["id"] as? NSNumber)?.int64Value)
            }

            // Rename the building: stale If-Match → 412, right one → 200 with the next ETag.
            try await client.execute(
                uri: "/v1/buildings/\(building)", method: .put, headers: headers + [.ifMatch: "\"v7\""], body: ByteBuffer(string: #"{"name":"A座"}"#)
            ) { #expect($0.status == .preconditionFailed) }
            try await client.execute(
                uri: "/v1/buildings/\(building)", method: .put, headers: headers + [.ifMatch: "\"v1\""], body: ByteBuffer(string: #"{"name":"A座"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"v2\"")
                let body = try TestApp.json(response.body)
                #expect(body["name"] as? String == "A座")
            }
            #expect(try await TestFixtures.auditCount(action: "building.update", entityID: String(building), changed: "name", to: "A座", suite: Self.suite) == 1)

            // Update a unit; a number already in the building → 409 naming the field, nothing written.
            try await client.execute(
                uri: "/v1/units/\(unit)", method: .put, headers: headers, body: ByteBuffer(string: #"{"number":"102"}"#)
            ) { response in
                #expect(response.status == .conflict)
                let errors = try TestApp.json(response.body)["errors"] as? [[String: String]]
                #expect(errors?.first?["field"] == "number")
            }
            try await client.execute(
                uri: "/v1/units/\(unit)", method: .put, headers: headers, body: ByteBuffer(string: #"{"number":"101A","floor":1,"areaSqm":"90"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["number"] as? String == "101A")
                #expect(body["areaSqm"] as? String == "90.00")
            }
            try await client.execute(
                uri: "/v1/units/\(unit)", method: .put, headers: headers, body: ByteBuffer(string: #"{"number":" ","areaSqm":"9,5"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try TestApp.json(response.body)["errors"] as? [[String: String]]
                #expect(errors?.map { $0["field"] } == ["areaSqm"])
            }
            #expect(try await TestFixtures.auditCount(action: "unit.update", entityID: String(unit), suite: Self.suite) == 1)

            // The building cannot be archived while it has active units.
            try await client.execute(uri: "/v1/buildings/\(building)/archive", method: .post, headers: headers) { response in
                #expect(response.status == .conflict)
            }
            let units = try await client.execute(uri: "/v1/estates/\(estate)/units", method: .get, headers: headers) { response in
                try #require(try TestApp.json(response.body)["items"] as? [[String: Any]]).compactMap { ($0["id"] as? NSNumber)?.int64Value }
            }
            for each in units {
                try await client.execute(uri: "/v1/units/\(each)/archive", method: .post, headers: headers) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/v1/estates/\(estate)/units", method: .get, headers: headers) { response in
                let body = try TestApp.json(response.body)
                #expect((body["items"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/estates/\(estate)/units?includeArchived=true", method: .get, headers: headers) { response in
                let body = try TestApp.json(response.body)
                #expect((body["items"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/v1/buildings/\(building)/archive", method: .post, headers: headers) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["archived"] as? Bool == true)
            }
            // A unit of an archived building cannot come back before its building; the building can.
            try await client.execute(uri: "/v1/units/\(unit)/restore", method: .post, headers: headers) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/v1/buildings/\(building)/restore", method: .post, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/units/\(unit)/restore", method: .post, headers: headers) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["archived"] as? Bool == false)
            }
            #expect(try await TestFixtures.auditCount(action: "building.archive", entityID: String(building), suite: Self.suite) == 1)
            #expect(try await TestFixtures.auditCount(action: "unit.restore", entityID: String(unit), suite: Self.suite) == 1)

            // Another office sees none of it: 404, not 403.
            let deskB = try await TestApp.login(client, world.deskB)
            try await client.execute(uri: "/v1/buildings/\(building)", method: .get, headers: deskB) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/units/\(unit)", method: .get, headers: deskB) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/v1/units/\(unit)", method: .put, headers: deskB, body: ByteBuffer(string: #"{"number":"X"}"#)
            ) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/buildings/\(building)/archive", method: .post, headers: deskB) { #expect($0.status == .notFound) }
        }
    }
}
