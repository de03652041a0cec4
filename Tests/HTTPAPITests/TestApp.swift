import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Prometheus
import Services
import TestSupport
import Testing

/// The router built exactly as `liaison serve` builds it, tested in-process.
struct TestApp {
    static func router(
        database: Database, clock: TestClock = TestClock(), metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        publicRequestsPerMinute: Int = 30
    ) throws -> Router<AppRequestContext> {
        let migrations = try Migration.load(from: TestDatabase.migrationsDirectory)
        return try buildRouter(services: HTTPServices(
            database: database, readiness: ReadinessService(database: database, migrations: migrations), hasher: TestFixtures.hasher,
            metrics: metrics, publicRequestsPerMinute: publicRequestsPerMinute, now: clock.function))
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8)) as? [String: Any])
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    /// Sends a request; its status and JSON object body (empty when there is none).
    static func send(
        _ client: some TestClientProtocol, _ headers: HTTPFields, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return (response.status, text.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]))
        }
    }

    /// Logs in through the API and returns headers carrying the bearer token (and a JSON content type).
    static func login(_ client: some TestClientProtocol, _ username: String, password: String = TestFixtures.password) async throws -> HTTPFields {
        let body = ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
        let token = try await client.execute(uri: "/v1/sessions", method: .post, headers: jsonHeaders, body: body) { response in
            #expect(response.status == .created, "login of \(username)")
            return try #require(try json(response.body)["token"] as? String)
        }
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }
}

