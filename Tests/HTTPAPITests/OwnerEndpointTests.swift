import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Owners and occupants through HTTP (ORG-3), isolated by office (ORG-5).
@Suite("Owner endpoints: /v1/owners (ORG-3)")
struct OwnerEndpointTests {
    static let suite = "http_owners"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let deskA: String
        let deskB: String
        let officeA: Int64
        let officeB: Int64
        let unitA: Int64
        let unitB: Int64
    }

    /// Two offices with one unit each, written as the superuser; a front desk in each.
    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (officeA, codeA) = try await TestFixtures.newOffice("OA", suite: Self.suite)
        let (officeB, codeB) = try await TestFixtures.newOffice("OB", suite: Self.suite)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        let units: [Int64] = try await admin.withConnection { connection in
            var ids: [Int64] = []
            for office in [officeA, officeB] {
                let estate: Int64 = try await connection.query("""
                    INSERT INTO liaison.estate (office_id, code, name, kind) VALUES (\(office), 'E1', '花园', 'residential') RETURNING id
                    """).single().decode("id")
                let building: Int64 = try await connection.query("""
                    INSERT INTO liaison.building (office_id, estate_id, name) VALUES (\(office), \(estate), '1栋') RETURNING id
                    """).single().decode("id")
                ids.append(try await connection.query("""
                    INSERT INTO liaison.unit (office_id, building_id, number) VALUES (\(office), \(building), '101') RETURNING id
                    """).single().decode("id"))
            }
            return ids
        }
        await admin.shutdown()
        let deskA = TestFixtures.unique("deska"), deskB = TestFixtures.unique("deskb")
        try await TestFixtures.user(deskA, roles: [.frontDesk], officeCodes: [String(codeA)], database: database)
        try await TestFixtures.user(deskB, roles: [.frontDesk], officeCodes: [String(codeB)], database: database)
        return World(app: Application(router: try TestApp.router(database: database)), deskA: deskA, deskB: deskB,
                     officeA: officeA, officeB: officeB, unitA: units[0], unitB: units[1])
    }

    func ownerBody(office: Int64, unit: Int64, name: String = "王芳") -> ByteBuffer {
        ByteBuffer(string: #"{"officeId":\#(office),"name":"\#(name)","phone":"+86 138-0000-0000","keyCustomer":true,"units":[{"unitId":\#(unit),"relation":"owner"}]}"#)
    }

    @Test("ORG-3: the front desk records a key-customer owner of a unit; the unit filter finds them; one audit row")
    func createAndFind() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.deskA)
            let id = try await client.execute(uri: "/v1/owners", method: .post, headers: headers, body: ownerBody(office: world.officeA, unit: world.unitA)) { response in
                #expect(response.status == .created)
                let body = try TestApp.json(response.body)
                #expect(body["keyCustomer"] as? Bool == true)
                #expect((body["units"] as? [[String: Any]])?.first?["relation"] as? String == "owner")
                return try #require((body["id"] as? NSNumber)?.int64Value)
            }
            try await client.execute(uri: "/v1/owners?unitId=\(world.unitA)&keyCustomer=true", method: .get, headers: headers) { response in
                let ids = (try TestApp.json(response.body)["items"] as? [[String: Any]])?.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                #expect(ids == [id])
            }
            #expect(try await TestFixtures.auditCount(action: "owner.create", entityID: String(id), suite: Self.suite) == 1)
        }
    }

    @Test("ORG-5: another office's unit cannot be linked (422) and another office's owner cannot be read (404)")
    func isolation() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let deskB = try await TestApp.login(client, world.deskB)
            let ownerB = try await client.execute(uri: "/v1/owners", method: .post, headers: deskB, body: ownerBody(office: world.officeB, unit: world.unitB)) { response in
                try #require((try TestApp.json(response.body)["id"] as? NSNumber)?.int64Value)
            }
            let deskA = try await TestApp.login(client, world.deskA)
            try await client.execute(uri: "/v1/owners/\(ownerB)", method: .get, headers: deskA) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/owners", method: .post, headers: deskA, body: ownerBody(office: world.officeA, unit: world.unitB)) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "units")
            }
            try await client.execute(uri: "/v1/owners?limit=200", method: .get, headers: deskA) { response in
                let offices = Set((try TestApp.json(response.body)["items"] as? [[String: Any]] ?? []).compactMap { ($0["officeId"] as? NSNumber)?.int64Value })
                #expect(!offices.contains(world.officeB))
            }
        }
    }

    @Test("contact data is validated, and an update replaces the unit links")
    func validationAndUpdate() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.deskA)
            try await client.execute(
                uri: "/v1/owners", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(world.officeA),"name":"","phone":"call me","email":"nope"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["name", "phone", "email"])
            }
            let id = try await client.execute(uri: "/v1/owners", method: .post, headers: headers, body: ownerBody(office: world.officeA, unit: world.unitA)) { response in
                try #require((try TestApp.json(response.body)["id"] as? NSNumber)?.int64Value)
            }
            try await client.execute(
                uri: "/v1/owners/\(id)", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"name":"王芳","keyCustomer":false,"units":[]}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect((body["units"] as? [Any])?.isEmpty == true)
                #expect(body["keyCustomer"] as? Bool == false)
            }
        }
    }
}
