import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// The responsibility table (ORG-7) through HTTP.
@Suite("Responsibility table endpoints (ORG-7, categories of TKT-4)")
struct ResponsibilityEndpointTests {
    static let suite = "http_responsibilities"

    @Test("ORG-7: the office manager sets who answers complaints; the default person must be an active member; other offices are 404")
    func setAndList() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (officeA, codeA) = try await TestFixtures.newOffice("RA", suite: Self.suite)
        let (officeB, codeB) = try await TestFixtures.newOffice("RB", suite: Self.suite)
        let manager = TestFixtures.unique("mgr")
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [String(codeA)], database: database)
        let desk = try await TestFixtures.user(TestFixtures.unique("desk"), roles: [.frontDesk], officeCodes: [String(codeA)], database: database)
        let outsider = try await TestFixtures.user(TestFixtures.unique("desk"), roles: [.frontDesk], officeCodes: [String(codeB)], database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, manager)
            try await client.execute(
                uri: "/v1/offices/\(officeA)/responsibilities/complaint", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"team":"customer_service","defaultUserId":\#(desk.id)}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"v1\"")
            }
            try await client.execute(
                uri: "/v1/offices/\(officeA)/responsibilities/engineering", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"team":"engineering","defaultUserId":\#(outsider.id)}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "defaultUserId")
            }
            try await client.execute(uri: "/v1/offices/\(officeA)/responsibilities", method: .get, headers: headers) { response in
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect(items.first?["category"] as? String == "complaint")
                #expect((items.first?["defaultUserId"] as? NSNumber)?.int64Value == desk.id)
            }
            try await client.execute(uri: "/v1/offices/\(officeB)/responsibilities", method: .get, headers: headers) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/v1/offices/\(officeB)/responsibilities/complaint", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"team":"customer_service"}"#)
            ) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/v1/offices/\(officeA)/responsibilities/complaint", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"team":"management"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] == "\"v2\"")
            }
            #expect(try await TestFixtures.auditCount(action: "responsibility.create", entityID: "\(officeA):complaint", suite: Self.suite) == 1)
            #expect(try await TestFixtures.auditCount(action: "responsibility.update", entityID: "\(officeA):complaint", suite: Self.suite) == 1)
        }
    }
}
