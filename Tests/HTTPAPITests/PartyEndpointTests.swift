import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Developers and owners' committees through HTTP (ORG-4).
@Suite("Developer and committee endpoints (ORG-4)")
struct PartyEndpointTests {
    static let suite = "http_parties"

    @Test("ORG-4: ADMIN records a developer with contacts; names are unique case-insensitively; the front desk may not")
    func developers() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("PD", suite: Self.suite)
        let admin = TestFixtures.unique("admin"), desk = TestFixtures.unique("desk")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let app = Application(router: try TestApp.router(database: database))
        let name = "Harbour Development " + TestFixtures.unique("")
        let body = ByteBuffer(string: #"{"name":"\#(name)","contacts":[{"name":"陈经理","title":"工程部经理","phone":"0755-8888 0000","email":"chen@example.cn"}]}"#)
        try await app.test(.router) { client in
            let deskHeaders = try await TestApp.login(client, desk)
            try await client.execute(uri: "/v1/developers", method: .post, headers: deskHeaders, body: body) { #expect($0.status == .forbidden) }
            let headers = try await TestApp.login(client, admin)
            let id = try await client.execute(uri: "/v1/developers", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .created)
                let json = try TestApp.json(response.body)
                let contacts = try #require(json["contacts"] as? [[String: String]])
                #expect(contacts.first?["title"] == "工程部经理")
                return try #require((json["id"] as? NSNumber)?.int64Value)
            }
            try await client.execute(
                uri: "/v1/developers", method: .post, headers: headers, body: ByteBuffer(string: #"{"name":"\#(name.uppercased())"}"#)
            ) { #expect($0.status == .conflict) }
            try await client.execute(
                uri: "/v1/developers/\(id)", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"name":"\#(name)","contacts":[],"archived":false}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try TestApp.json(response.body)
                #expect((json["contacts"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/developers/\(id)", method: .get, headers: deskHeaders) { #expect($0.status == .ok) }
            // ORG-4: the estate names its developer; an unknown developer is a 422 naming the field.
            try await client.execute(
                uri: "/v1/estates", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"code":"HB","name":"海港城","kind":"commercial","developerId":\#(id)}"#)
            ) { response in
                #expect(response.status == .created)
                let json = try TestApp.json(response.body)
                #expect((json["developerId"] as? NSNumber)?.int64Value == id)
            }
            try await client.execute(
                uri: "/v1/estates", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"code":"HC","name":"海港","kind":"commercial","developerId":987654321}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "developerId")
            }
            #expect(try await TestFixtures.auditCount(action: "developer.create", entityID: String(id), suite: Self.suite) == 1)
        }
    }

    @Test("ORG-4: a committee needs exactly one chair; members may link owners of the same office only; other offices are 404")
    func committees() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (officeA, codeA) = try await TestFixtures.newOffice("PA", suite: Self.suite)
        let (officeB, _) = try await TestFixtures.newOffice("PB", suite: Self.suite)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        let ids: [Int64] = try await admin.withConnection { connection in
            var ids: [Int64] = []
            for office in [officeA, officeB] {
                ids.append(try await connection.query("""
                    INSERT INTO liaison.estate (office_id, code, name, kind) VALUES (\(office), 'E1', '花园', 'residential') RETURNING id
                    """).single().decode("id"))
            }
            ids.append(try await connection.query("INSERT INTO liaison.owner (office_id, name) VALUES (\(officeB), '外人') RETURNING id").single().decode("id"))
            return ids
        }
        await admin.shutdown()
        let (estateA, estateB, ownerB) = (ids[0], ids[1], ids[2])
        let manager = TestFixtures.unique("mgr")
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [codeA], database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, manager)
            try await client.execute(uri: "/v1/estates/\(estateA)/committee", method: .get, headers: headers) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/v1/estates/\(estateA)/committee", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"name":"业委会","members":[{"name":"李","role":"member"}]}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "members")
            }
            try await client.execute(
                uri: "/v1/estates/\(estateA)/committee", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"name":"业委会","members":[{"name":"张","role":"chair"},{"name":"外人","role":"member","ownerId":\#(ownerB)}]}"#)
            ) { #expect($0.status == .unprocessableContent) }
            try await client.execute(
                uri: "/v1/estates/\(estateA)/committee", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"name":"第一届业委会","formedOn":"2025-06-01","members":[{"name":"张主任","role":"chair","phone":"138 0000 0001"},{"name":"李","role":"member"}]}"#)
            ) { response in
                #expect(response.status == .ok)
                let json = try TestApp.json(response.body)
                #expect(json["formedOn"] as? String == "2025-06-01")
                #expect((json["members"] as? [[String: Any]])?.first?["role"] as? String == "chair")
            }
            try await client.execute(uri: "/v1/estates/\(estateA)/committee", method: .get, headers: headers) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/estates/\(estateB)/committee", method: .get, headers: headers) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/v1/estates/\(estateB)/committee", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"name":"x","members":[{"name":"x","role":"chair"}]}"#)
            ) { #expect($0.status == .notFound) }
            #expect(try await TestFixtures.auditCount(action: "owners_committee.create", entityID: String(estateA), suite: Self.suite) == 1)
        }
    }
}
