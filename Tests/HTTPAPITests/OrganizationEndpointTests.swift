import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Offices and departments (ORG-1, ORG-2) through HTTP: create, read, update with If-Match,
/// archive, pagination, validation, audit rows, and office isolation for office roles.
@Suite("Organization endpoints: /v1/offices, /v1/departments (ORG-1, ORG-2)")
struct OrganizationEndpointTests {
    static let suite = "http_organization"

    struct World {
        let app: Application<RouterResponder<AppRequestContext>>
        let admin: String
        let frontDeskA: String
        let officeA: Int64
        let officeB: Int64
    }

    func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (officeA, codeA) = try await TestFixtures.newOffice("A", suite: Self.suite)
        let (officeB, codeB) = try await TestFixtures.newOffice("B", suite: Self.suite)
        let admin = TestFixtures.unique("admin")
        let frontDesk = TestFixtures.unique("desk")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        try await TestFixtures.user(frontDesk, roles: [.frontDesk], officeCodes: [String(codeA)], database: database)
        return World(app: Application(router: try TestApp.router(database: database)), admin: admin, frontDeskA: frontDesk, officeA: officeA, officeB: officeB)
    }

    func body(_ code: String, _ name: String) -> ByteBuffer {
        ByteBuffer(string: #"{"code":"\#(code)","name":"\#(name)","nameEn":"Test office"}"#)
    }

    @Test("ORG-2: ADMIN creates an office → 201 with ETag and Location, and exactly one audit row")
    func createOffice() async throws {
        let world = try await world()
        let code = "N" + TestFixtures.unique("").uppercased().prefix(8)
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.admin)
            let id = try await client.execute(uri: "/v1/offices", method: .post, headers: headers, body: body(code, "东湖管理处")) { response -> Int64 in
                #expect(response.status == .created)
                #expect(response.headers[.eTag] == "\"v1\"")
                let body = try TestApp.json(response.body)
                #expect(body["name"] as? String == "东湖管理处")
                let id = try #require((body["id"] as? NSNumber)?.int64Value)
                #expect(response.headers[.location] == "/v1/offices/\(id)")
                return id
            }
            #expect(try await TestFixtures.auditCount(action: "office.create", entityID: String(id), suite: Self.suite) == 1)
        }
    }

    @Test("a duplicate code → 409 naming the field; a bad code or empty name → 422 naming each; nothing written")
    func validation() async throws {
        let world = try await world()
        let code = "D" + TestFixtures.unique("").uppercased().prefix(8)
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.admin)
            try await client.execute(uri: "/v1/offices", method: .post, headers: headers, body: body(code, "一")) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/offices", method: .post, headers: headers, body: body(code, "二")) { response in
                #expect(response.status == .conflict)
                let problem = try TestApp.json(response.body)
                #expect((problem["errors"] as? [[String: String]])?.first?["field"] == "code")
            }
            try await client.execute(uri: "/v1/offices", method: .post, headers: headers, body: body("bad code", " ")) { response in
                #expect(response.status == .unprocessableContent)
                let problem = try TestApp.json(response.body)
                #expect((problem["errors"] as? [[String: String]])?.map { $0["field"] } == ["code", "name"])
            }
            // The refused requests wrote nothing: one audit row for the code, from the first request only.
            #expect(try await TestFixtures.auditCount(action: "office.create", changed: "code", to: String(code), suite: Self.suite) == 1)
            #expect(try await TestFixtures.auditCount(action: "office.create", changed: "code", to: "bad code", suite: Self.suite) == 0)
        }
    }

    @Test("update needs the current ETag when If-Match is sent: stale → 412 with the current ETag; current → 200, version + 1")
    func ifMatch() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.admin)
            let code = try await client.execute(uri: "/v1/offices/\(world.officeA)", method: .get, headers: headers) { response in
                try #require(try TestApp.json(response.body)["code"] as? String)
            }
            var stale = headers
            stale[.ifMatch] = "\"v999\""
            try await client.execute(uri: "/v1/offices/\(world.officeA)", method: .put, headers: stale, body: body(code, "改名")) { response in
                #expect(response.status == .preconditionFailed)
                #expect(response.headers[.eTag] != nil)
            }
            let current = try await client.execute(uri: "/v1/offices/\(world.officeA)", method: .get, headers: headers) { try #require($0.headers[.eTag]) }
            var fresh = headers
            fresh[.ifMatch] = current
            try await client.execute(uri: "/v1/offices/\(world.officeA)", method: .put, headers: fresh, body: body(code, "改名")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != current)
                let body = try TestApp.json(response.body)
                #expect(body["name"] as? String == "改名")
            }
        }
    }

    @Test("archive hides an office from default lists; includeArchived shows it; restore brings it back")
    func archive() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.admin)
            try await client.execute(uri: "/v1/offices/\(world.officeB)/archive", method: .post, headers: headers) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["archived"] as? Bool == true)
            }
            let listed = { (query: String) async throws -> [Int64] in
                var ids: [Int64] = []
                var cursor: String?
                repeat {
                    let uri = "/v1/offices?limit=200\(query)" + (cursor.map { "&after=\($0)" } ?? "")
                    cursor = try await client.execute(uri: uri, method: .get, headers: headers) { response -> String? in
                        let body = try TestApp.json(response.body)
                        ids += (body["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
                        return body["nextCursor"] as? String
                    }
                } while cursor != nil
                return ids
            }
            #expect(try await !listed("").contains(world.officeB))
            #expect(try await listed("&includeArchived=true").contains(world.officeB))
            try await client.execute(uri: "/v1/offices/\(world.officeB)/restore", method: .post, headers: headers) { #expect($0.status == .ok) }
            #expect(try await listed("").contains(world.officeB))
            #expect(try await TestFixtures.auditCount(action: "office.archive", entityID: String(world.officeB), suite: Self.suite) == 1)
        }
    }

    @Test("pagination: limit bounds the page and the cursor continues it; a bad limit or cursor → 422")
    func pagination() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.admin)
            let cursor = try await client.execute(uri: "/v1/departments?limit=3", method: .get, headers: headers) { response in
                let body = try TestApp.json(response.body)
                #expect((body["items"] as? [Any])?.count == 3)
                return try #require(body["nextCursor"] as? String)
            }
            try await client.execute(uri: "/v1/departments?limit=3&after=\(cursor)", method: .get, headers: headers) { response in
                let codes = (try TestApp.json(response.body)["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
                #expect(codes == ["ENGINEERING", "SECURITY", "BUSINESS"])
            }
            for query in ["limit=0", "limit=201", "after=nonsense"] {
                try await client.execute(uri: "/v1/departments?\(query)", method: .get, headers: headers) { response in
                    #expect(response.status == .unprocessableContent, "\(query)")
                }
            }
        }
    }

    @Test("ORG-5 isolation: a front desk sees only its own office; another office's id is 404, not 403")
    func officeIsolation() async throws {
        let world = try await world()
        try await world.app.test(.router) { client in
            let headers = try await TestApp.login(client, world.frontDeskA)
            try await client.execute(uri: "/v1/offices?limit=200", method: .get, headers: headers) { response in
                let ids = (try TestApp.json(response.body)["items"] as? [[String: Any]])?.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                #expect(ids == [world.officeA])
            }
            try await client.execute(uri: "/v1/offices/\(world.officeA)", method: .get, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/offices/\(world.officeB)", method: .get, headers: headers) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/offices/\(world.officeB)", method: .put, headers: headers, body: body("XX", "x")) { response in
                #expect(response.status == .forbidden)  // the front desk may not manage offices at all
            }
        }
    }
}
