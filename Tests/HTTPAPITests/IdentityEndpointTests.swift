import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Login, the current user, logout and password change on the wire.
@Suite("Identity endpoints: /v1/sessions, /v1/me")
struct IdentityEndpointTests {
    static let suite = "http_identity"

    func app() async throws -> (Application<RouterResponder<AppRequestContext>>, String) {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let username = TestFixtures.unique("hq")
        try await TestFixtures.user(username, roles: [.qualityStaff], department: "QUALITY", database: database)
        return (Application(router: try TestApp.router(database: database)), username)
    }

    func loginBody(_ username: String, _ password: String) -> ByteBuffer {
        ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    @Test("malformed JSON is a 400 problem+json, and nothing is written")
    func malformedBody() async throws {
        let (app, _) = try await app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/sessions", method: .post, headers: Self.json, body: ByteBuffer(string: #"{"username": "x", "#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let body = try TestApp.json(response.body)
                #expect(body["type"] as? String == "urn:liaison:problem:bad-request")
                #expect(body["status"] as? Int == 400)
            }
            // A missing required field is a parse failure of the contract too.
            try await client.execute(uri: "/v1/sessions", method: .post, headers: Self.json, body: ByteBuffer(string: #"{"username":"x"}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
        }
    }

    @Test("login → 201 with a token; /v1/me answers with roles and permissions; logout → 204; the token then gets 401")
    func loginMeLogout() async throws {
        let (app, username) = try await app()
        try await app.test(.router) { client in
            let token = try await client.execute(
                uri: "/v1/sessions", method: .post, headers: Self.json, body: loginBody(username, TestFixtures.password)
            ) { response -> String in
                #expect(response.status == .created)
                let body = try TestApp.json(response.body)
                #expect(body["tokenType"] as? String == "Bearer")
                return try #require(body["token"] as? String)
            }
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            try await client.execute(uri: "/v1/me", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["username"] as? String == username)
                #expect(body["roles"] as? [String] == ["QUALITY_STAFF"])
                let permissions = try #require(body["permissions"] as? [[String: String]])
                #expect(permissions.contains(["action": "audit.read", "scope": "allOffices"]))
                #expect(!permissions.contains { $0["action"] == "users.manage" })
            }
            try await client.execute(uri: "/v1/sessions/current", method: .delete, headers: auth) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/v1/me", method: .get, headers: auth) { response in
                #expect(response.status == .unauthorized)
                let problem = try TestApp.json(response.body)
                #expect(problem["type"] as? String == "urn:liaison:problem:unauthenticated")
            }
        }
    }

    @Test("no token → 401 with WWW-Authenticate; a wrong password → 401 invalid-credentials")
    func unauthenticated() async throws {
        let (app, username) = try await app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: "/v1/sessions", method: .post, headers: Self.json, body: loginBody(username, "wrong password")) { response in
                #expect(response.status == .unauthorized)
                let problem = try TestApp.json(response.body)
                #expect(problem["type"] as? String == "urn:liaison:problem:invalid-credentials")
            }
        }
    }

    @Test("empty credentials → 422 naming each field")
    func validation() async throws {
        let (app, _) = try await app()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/sessions", method: .post, headers: Self.json, body: loginBody("", "")) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["username", "password"])
            }
        }
    }

    @Test("throttling: the 6th attempt within 15 minutes is a 429 with Retry-After")
    func throttled() async throws {
        let (app, username) = try await app()
        try await app.test(.router) { client in
            for attempt in 0..<5 {
                try await client.execute(uri: "/v1/sessions", method: .post, headers: Self.json, body: loginBody(username, "wrong-\(attempt)")) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            try await client.execute(uri: "/v1/sessions", method: .post, headers: Self.json, body: loginBody(username, TestFixtures.password)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "900")
                let problem = try TestApp.json(response.body)
                #expect(problem["type"] as? String == "urn:liaison:problem:too-many-requests")
            }
        }
    }

    @Test("password change: wrong current password → 422; success → 204 and the new password logs in")
    func passwordChange() async throws {
        let (app, username) = try await app()
        try await app.test(.router) { client in
            let token = try await client.execute(
                uri: "/v1/sessions", method: .post, headers: Self.json, body: loginBody(username, TestFixtures.password)
            ) { try #require(try TestApp.json($0.body)["token"] as? String) }
            var headers = Self.json
            headers[.authorization] = "Bearer \(token)"
            try await client.execute(
                uri: "/v1/me/password", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"currentPassword":"nope nope nope","newPassword":"another long password"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "currentPassword")
            }
            try await client.execute(
                uri: "/v1/me/password", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"currentPassword":"\#(TestFixtures.password)","newPassword":"another long password"}"#)
            ) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(
                uri: "/v1/sessions", method: .post, headers: Self.json, body: loginBody(username, "another long password")
            ) { response in
                #expect(response.status == .created)
            }
        }
    }
}
