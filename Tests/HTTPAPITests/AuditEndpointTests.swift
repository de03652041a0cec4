import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

@Suite("Audit trail endpoint: /v1/audit")
struct AuditEndpointTests {
    static let suite = "http_audit"

    @Test("a mutation's audit row names actor, action, entity, changed fields and request id; filters narrow it")
    func auditRowOfAMutation() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let quality = TestFixtures.unique("quality"), admin = TestFixtures.unique("admin")
        try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            var headers = try await TestApp.login(client, admin)
            headers[HTTPField.Name("X-Request-Id")!] = "audit-trace-1"
            let code = "AU" + TestFixtures.unique("").uppercased().prefix(8)
            let id = try await client.execute(
                uri: "/v1/departments", method: .post, headers: headers, body: ByteBuffer(string: #"{"code":"\#(code)","name":"审计部"}"#)
            ) { response in
                try #require((try TestApp.json(response.body)["id"] as? NSNumber)?.int64Value)
            }
            let reader = try await TestApp.login(client, quality)
            try await client.execute(uri: "/v1/audit?entityType=department&entityId=\(id)", method: .get, headers: reader) { response in
                #expect(response.status == .ok)
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                #expect(items.count == 1)
                let row = try #require(items.first)
                #expect(row["action"] as? String == "department.create")
                #expect(row["actorUsername"] as? String == admin)
                #expect(row["requestId"] as? String == "audit-trace-1")
                let changes = try #require(row["changes"] as? [String: [String: String]])
                #expect(changes["code"]?["after"] == code)
                #expect(changes["name"]?["after"] == "审计部")
            }
            // Newest first, bounded, with a cursor to older rows.
            try await client.execute(uri: "/v1/audit?limit=1", method: .get, headers: reader) { response in
                let body = try TestApp.json(response.body)
                #expect((body["items"] as? [Any])?.count == 1)
                #expect(body["nextCursor"] as? String != nil)
            }
            try await client.execute(
                uri: "/v1/audit?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", method: .get, headers: reader
            ) { response in
                #expect(response.status == .unprocessableContent)
            }
        }
    }
}
