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

@Suite("Health, readiness, metrics, and problem+json on the wire")
struct OperationsEndpointTests {
    @Test("GET /health answers 200 with a request id")
    func health() async throws {
        let app = Application(router: try TestApp.router(database: try await TestDatabase.appDatabase(suite: "http_ops")))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["status"] as? String == "ok")
                #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
            }
        }
    }

    @Test("GET /ready answers 200 when the database is reachable and migrated")
    func ready() async throws {
        let app = Application(router: try TestApp.router(database: try await TestDatabase.appDatabase(suite: "http_ops")))
        try await app.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["status"] as? String == "ready")
                let migrations = try #require(body["migrations"] as? [String: Any])
                #expect(migrations["applied"] as? Int == migrations["expected"] as? Int)
            }
        }
    }

    @Test("GET /ready answers 503 problem+json with Retry-After when the database is down")
    func notReady() async throws {
        let database = Database(configuration: DatabaseConfiguration(
            connectionString: "postgresql://postgres@/nowhere?host=/nonexistent-liaison-socket", maxConnections: 1))
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(response.headers[.retryAfter] != nil)
                let body = try TestApp.json(response.body)
                #expect(body["type"] as? String == "urn:liaison:problem:service-unavailable")
                #expect(body["status"] as? Int == 503)
            }
        }
        await database.shutdown()
    }

    @Test("an unknown route is a problem+json 404 carrying the client's request id")
    func unknownRoute() async throws {
        let app = Application(router: try TestApp.router(database: try await TestDatabase.appDatabase(suite: "http_ops")))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/no/such/thing", method: .get, headers: [HTTPField.Name("X-Request-Id")!: "trace-42"]
            ) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(response.headers[HTTPField.Name("X-Request-Id")!] == "trace-42")
                let body = try TestApp.json(response.body)
                #expect(body["type"] as? String == "urn:liaison:problem:not-found")
                #expect(body["title"] as? String == "Not found")
                #expect(body["requestId"] as? String == "trace-42")
                #expect(body["instance"] as? String == "/no/such/thing")
            }
        }
    }

    @Test("a request id that is not 1-128 visible ASCII characters is replaced")
    func invalidRequestIDReplaced() async throws {
        let app = Application(router: try TestApp.router(database: try await TestDatabase.appDatabase(suite: "http_ops")))
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/health", method: .get, headers: [HTTPField.Name("X-Request-Id")!: String(repeating: "x", count: 200)]
            ) { response in
                let id = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
                #expect(id.count == 36)
            }
        }
    }

    @Test("GET /metrics answers Prometheus text")
    func metrics() async throws {
        let database = try await TestDatabase.appDatabase(suite: "http_ops")
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(descriptor: MetricNameDescriptor(
            namespace: "liaison", metricName: "test", unitName: "total", helpText: "A test counter.")).increment()
        let router = try TestApp.router(database: database, metrics: registry)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("liaison_test_total 1"))
            }
        }
    }
}
