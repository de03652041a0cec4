import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Staff accounts through HTTP (ORG-5): created by ADMIN, read by office managers in their
/// own offices only, disabled at once, passwords reset.
@Suite("Staff endpoints: /v1/users (ORG-5)")
struct StaffEndpointTests {
    static let suite = "http_staff"

    @Test("ADMIN creates a front desk user, who can log in; duplicate username → 409; office role without office → 422")
    func create() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, _) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let admin = TestFixtures.unique("admin")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, admin)
            let username = TestFixtures.unique("desk")
            let body = #"{"username":"\#(username)","displayName":"前台 小李","password":"\#(TestFixtures.password)","roles":["FRONT_DESK"],"officeIds":[\#(office)]}"#
            let id = try await client.execute(uri: "/v1/users", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let json = try TestApp.json(response.body)
                #expect(json["roles"] as? [String] == ["FRONT_DESK"])
                #expect(json["password"] == nil)
                return try #require((json["id"] as? NSNumber)?.int64Value)
            }
            #expect(try await TestFixtures.auditCount(action: "staff_user.create", entityID: String(id), suite: Self.suite) == 1)
            _ = try await TestApp.login(client, username)
            try await client.execute(uri: "/v1/users", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(
                uri: "/v1/users", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"username":"\#(TestFixtures.unique("x"))","password":"\#(TestFixtures.password)","roles":["TECHNICIAN"]}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["officeIds"])
            }
        }
    }

    @Test("an office manager lists only its offices' staff; another office's user is 404")
    func officeManagerScope() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (_, codeA) = try await TestFixtures.newOffice("SA", suite: Self.suite)
        let (_, codeB) = try await TestFixtures.newOffice("SB", suite: Self.suite)
        let manager = TestFixtures.unique("mgr")
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [String(codeA)], database: database)
        let colleague = try await TestFixtures.user(TestFixtures.unique("tech"), roles: [.technician], officeCodes: [String(codeA)], database: database)
        let stranger = try await TestFixtures.user(TestFixtures.unique("tech"), roles: [.technician], officeCodes: [String(codeB)], database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, manager)
            try await client.execute(uri: "/v1/users?limit=200", method: .get, headers: headers) { response in
                let ids = (try TestApp.json(response.body)["items"] as? [[String: Any]])?.compactMap { ($0["id"] as? NSNumber)?.int64Value } ?? []
                #expect(ids.contains(colleague.id))
                #expect(!ids.contains(stranger.id))
            }
            try await client.execute(uri: "/v1/users/\(stranger.id)", method: .get, headers: headers) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/users/\(colleague.id)", method: .get, headers: headers) { #expect($0.status == .ok) }
        }
    }

    @Test("disabling a user ends its session at once; a reset password replaces the old one and ends sessions")
    func disableAndReset() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let admin = TestFixtures.unique("admin")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        let target = try await TestFixtures.user(TestFixtures.unique("qa"), roles: [.qualityStaff], department: "QUALITY", database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let adminHeaders = try await TestApp.login(client, admin)
            let targetHeaders = try await TestApp.login(client, target.username)
            try await client.execute(
                uri: "/v1/users/\(target.id)/password", method: .put, headers: adminHeaders,
                body: ByteBuffer(string: #"{"newPassword":"reset by admin 2026"}"#)
            ) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/v1/me", method: .get, headers: targetHeaders) { #expect($0.status == .unauthorized) }
            let again = try await TestApp.login(client, target.username, password: "reset by admin 2026")
            let eTag = try await client.execute(uri: "/v1/users/\(target.id)", method: .get, headers: adminHeaders) { try #require($0.headers[.eTag]) }
            var update = adminHeaders
            update[.ifMatch] = eTag
            try await client.execute(
                uri: "/v1/users/\(target.id)", method: .put, headers: update,
                body: ByteBuffer(string: #"{"displayName":"停用","roles":["QUALITY_STAFF"],"officeIds":[],"active":false}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["active"] as? Bool == false)
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: again) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/sessions", method: .post, headers: TestApp.jsonHeaders,
                body: ByteBuffer(string: #"{"username":"\#(target.username)","password":"reset by admin 2026"}"#)
            ) { response in
                #expect(response.status == .forbidden)
                let problem = try TestApp.json(response.body)
                #expect(problem["type"] as? String == "urn:liaison:problem:account-disabled")
            }
        }
    }
}
