import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Persistence
import Synchronization
import TestSupport
import Testing

/// The API's outer defences (issue 7): authentication before anything else, bounded and well-formed bodies, error
/// bodies that leak nothing, and logs without secrets.
@Suite("Security: authentication first, bounded bodies, no leaks")
struct SecurityEndpointTests {
    static let suite = "http_security"

    struct Operation: CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let id: String
        var isPublic = false
        var description: String { "\(id) \(method) \(path)" }
    }

    /// Every operation openapi.yaml declares, with whether it opts out of the bearer token (`security: []`, which may
    /// stand before or after its operationId).
    static func operations() throws -> [Operation] {
        let text = try String(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let methods: [String: HTTPRequest.Method] = ["get": .get, "post": .post, "put": .put, "patch": .patch, "delete": .delete]
        var operations: [Operation] = []
        var path: String?
        var method: HTTPRequest.Method?
        var id: String?
        var isPublic = false
        func flush() {
            if let path, let method, let id { operations.append(Operation(method: method, path: path, id: id, isPublic: isPublic)) }
            (method, id, isPublic) = (nil, nil, false)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                flush()
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                flush()
                method = methods[String(line.dropFirst(4).dropLast())]
            } else if line.hasPrefix("components:") {
                flush()
                path = nil
            } else if method != nil, let range = line.range(of: "      operationId: ") {
                id = String(line[range.upperBound...])
            } else if method != nil, line == "      security: []" {
                isPublic = true
            }
        }
        return operations
    }

    /// The path with every parameter filled in (`1`): the request must be refused before the value matters.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "1", options: .regularExpression)
    }

    @Test("every operation but health, readiness, metrics, login and the keyed public feeds and forms answers 401 without a valid token, before reading its body")
    func everyOperationNeedsAToken() async throws {
        let operations = try Self.operations()
        #expect(operations.count > 200)
        #expect(Set(operations.filter(\.isPublic).map(\.id)) == [
            "getHealth", "getReady", "getMetrics", "createSession", "getPublicNoticeFeed", "getPublicNoticeAtomFeed",
            "getPublicSurvey", "answerPublicSurvey",
        ])
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            for operation in operations {
                let uri = Self.concrete(operation.path)
                let bare = try await client.execute(uri: uri, method: operation.method, headers: [:]) { ($0.status, $0.headers[.contentType]) }
                if operation.isPublic {
                    #expect(bare.0 != .unauthorized, "\(operation) is public")
                    continue
                }
                #expect(bare.0 == .unauthorized, "\(operation) without a token")
                #expect(bare.1 == "application/problem+json", "\(operation)")
                let forged = try await client.execute(
                    uri: uri, method: operation.method, headers: [.authorization: "Bearer forged-token", .contentType: "application/json"],
                    body: ByteBuffer(string: "{}")) { $0.status }
                #expect(forged == .unauthorized, "\(operation) with a forged token")
            }
        }
    }

    @Test("a JSON body over 1 MiB gets 413 (declared or streamed), one nested 10,000 deep or not UTF-8 gets 400; nothing is written")
    func boundedWellFormedBodies() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let gm = TestFixtures.unique("gm")
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, gm)
            let code = "SEC" + TestFixtures.unique("").uppercased().prefix(8)
            let huge = #"{"code":"\#(code)","name":"\#(String(repeating: "大", count: 400_000))"}"#  // 1.2 MB of UTF-8
            let streamed = try await client.execute(uri: "/v1/departments", method: .post, headers: headers, body: ByteBuffer(string: huge)) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(streamed.0 == .contentTooLarge, "\(streamed.1)")
            #expect(streamed.1.contains("1048576"))
            let declared = try await client.execute(
                uri: "/v1/departments", method: .post, headers: headers + [.contentLength: String(huge.utf8.count)], body: ByteBuffer(string: huge)
            ) { $0.status }
            #expect(declared == .contentTooLarge)
            let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            #expect(try await client.execute(uri: "/v1/departments", method: .post, headers: headers, body: ByteBuffer(string: deep)) { $0.status }
                == .badRequest)
            var invalid = ByteBuffer(string: #"{"code":"\#(code)","name":""#)
            invalid.writeBytes([0xFF, 0xFE, 0xC3])
            invalid.writeString(#""}"#)
            #expect(try await client.execute(uri: "/v1/departments", method: .post, headers: headers, body: invalid) { $0.status } == .badRequest)
            let listed = try await TestApp.send(client, headers, .get, "/v1/departments?limit=200").json["items"] as? [[String: Any]] ?? []
            #expect(!listed.contains { $0["code"] as? String == code })
            // A body just under the limit is still read (and judged on its merits).
            let fits = #"{"code":"\#(code)","name":"\#(String(repeating: "x", count: 1000))"}"#
            #expect(try await TestApp.send(client, headers, .post, "/v1/departments", fits).status != .contentTooLarge)
        }
    }

    @Test("error bodies name fields, never SQL, constraints, stack traces or another office's data")
    func errorBodiesLeakNothing() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (a, aCode) = try await TestFixtures.newOffice("S", suite: Self.suite)
        let (b, _) = try await TestFixtures.newOffice("S", suite: Self.suite)
        _ = a
        let gm = TestFixtures.unique("gm"), desk = TestFixtures.unique("desk")
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [aCode], database: database)
        let ticketOfB = try await TestFixtures.ticket(office: b, suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let gmHeaders = try await TestApp.login(client, gm)
            let code = "SEC" + TestFixtures.unique("").uppercased().prefix(8)
            let department = #"{"code":"\#(code)","name":"安全测试部"}"#
            #expect(try await TestApp.send(client, gmHeaders, .post, "/v1/departments", department).status == .created)
            let deskHeaders = try await TestApp.login(client, desk)
            let answers: [(String, HTTPRequest.Method, String, String?, HTTPFields)] = [
                ("duplicate", .post, "/v1/departments", department, gmHeaders),
                ("check", .post, "/v1/office-exchanges", #"{"officeId":\#(b),"kind":"visit","heldOn":"2026-11-20","topic":"x","participants":"x","participantCount":0}"#, gmHeaders),
                ("other office", .get, "/v1/tickets/\(ticketOfB)", nil, deskHeaders),
                ("malformed", .post, "/v1/departments", #"{"code": 12"#, gmHeaders),
                ("unknown route", .get, "/v1/nowhere", nil, gmHeaders),
            ]
            for (name, method, uri, body, headers) in answers {
                let (status, contentType, text) = try await client.execute(
                    uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
                ) { ($0.status, $0.headers[.contentType], String(buffer: $0.body)) }
                #expect(status.code >= 400 && status.code < 500, "\(name): \(status)")
                #expect(contentType == "application/problem+json", "\(name)")
                for leak in ["SELECT", "INSERT", "UPDATE ", "duplicate key", "violates", "constraint", "liaison.", ".swift", "PersistenceError", "厨房水管漏水", "张三"] {
                    #expect(!text.contains(leak), "\(name) leaks \(leak): \(text)")
                }
            }
        }
    }

    /// Keeps every log line the app writes.
    final class CapturedLog: Sendable {
        let lines = Mutex<[String]>([])

        var text: String { lines.withLock { $0.joined(separator: "\n") } }

        struct Handler: LogHandler {
            let log: CapturedLog
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace

            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }

            // swiftlint:disable:next function_parameter_count
            func log(
                level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String, function: String,
                line: UInt
            ) {
                let all = metadata.merging(explicit ?? [:]) { $1 }
                let text = "\(level) \(message) " + all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
                log.lines.withLock { $0.append(text) }
            }
        }
    }

    @Test("passwords, session tokens, receipt keys and public keys never reach the log")
    func logsHoldNoSecrets() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let desk = TestFixtures.unique("desk")
        let (_, code) = try await TestFixtures.newOffice("S", suite: Self.suite)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let captured = CapturedLog()
        let logger = Logger(label: "liaison.test") { _ in CapturedLog.Handler(log: captured) }
        let app = Application(router: try TestApp.router(database: database), logger: logger)
        let wrongPassword = "wrong horse battery \(UUID().uuidString)"
        let publicKey = String(repeating: "k", count: 43)
        let issued: [String] = try await app.test(.router) { client in
            #expect(try await TestApp.send(client, TestApp.jsonHeaders, .post, "/v1/sessions", #"{"username":"\#(desk)","password":"\#(wrongPassword)"}"#)
                .status == .unauthorized)
            let headers = try await TestApp.login(client, desk)
            let token = String(try #require(headers[.authorization]).dropFirst("Bearer ".count))
            #expect(try await TestApp.send(client, headers, .get, "/v1/me").status == .ok)
            let letter = try await TestApp.send(
                client, headers, .post, "/v1/mailbox-letters", #"{"category":"other","subject":"匿名","body":"匿名来信","anonymous":true}"#)
            let receipt = try #require(letter.json["receiptKey"] as? String)
            #expect(try await TestApp.send(client, headers, .post, "/v1/mailbox-receipts", #"{"receiptKey":"\#(receipt)"}"#).status == .ok)
            #expect(try await TestApp.send(client, [:], .get, "/v1/public/survey-links/\(publicKey)").status == .notFound)
            return [token, receipt]
        }
        let text = captured.text
        #expect(text.contains("path=/v1/public/survey-links/…"), "the access log is captured")
        #expect(text.contains("path=/v1/sessions"))
        for secret in [TestFixtures.password, wrongPassword, publicKey] + issued {
            #expect(!text.contains(secret), "a secret reached the log")
        }
    }
}
