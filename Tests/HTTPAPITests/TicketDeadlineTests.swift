import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Services
import TestSupport
import Testing

/// The deadline sweeper and the notification outbox (issue 4 item 10, TKT-15), with an injected
/// clock. Its own database: a sweep touches every ticket it can see.
@Suite("Ticket deadlines: the sweeper breaches clocks and notifies (TKT-15)", .serialized)
struct TicketDeadlineTests {
    static let suite = "http_ticket_deadlines"

    func json(_ client: some TestClientProtocol, _ headers: HTTPFields, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            #expect(response.status.kind == .successful, "\(uri): \(response.status)")
            return try TestApp.json(response.body)
        }
    }

    func clockOf(_ ticket: [String: Any], _ kind: String) -> [String: Any]? {
        (ticket["clocks"] as? [[String: Any]])?.first { $0["kind"] as? String == kind }
    }

    func kinds(_ page: [String: Any]) -> [String] {
        (page["items"] as? [[String: Any]] ?? []).compactMap { "\($0["kind"] ?? ""):\($0["clock"] ?? "")" }
    }

    @Test("TKT-5/15: a warning at 80% of the dispatch clock, a breach when it passes (for the receiver and the office manager), once; two sweepers do not double")
    func warningsAndBreaches() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("D", suite: Self.suite)
        let desk = TestFixtures.unique("desk"), manager = TestFixtures.unique("manager"), tech = TestFixtures.unique("tech")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        let technician = try await TestFixtures.user(tech, roles: [.technician], officeCodes: [code], database: database)
        let clock = TestClock()
        let sweeper = DeadlineSweeper(database: database, now: clock.function)
        let app = Application(router: try TestApp.router(database: database, clock: clock))

        try await app.test(.router) { client in
            try await scenario(client, office: office, desk: desk, manager: manager, technician: technician.id, clock: clock, sweeper: sweeper)
        }
    }

    @Test("issue 4 item 2: an Idempotency-Key lasts 24 hours: the sweeper deletes it after that, and the key then records a new ticket")
    func idempotencyKeysExpire() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("I", suite: Self.suite)
        let desk = TestFixtures.unique("desk")
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [code], database: database)
        let clock = TestClock()
        let sweeper = DeadlineSweeper(database: database, now: clock.function)
        let app = Application(router: try TestApp.router(database: database, clock: clock))
        let key = TestFixtures.unique("key")
        let body = #"{"officeId":\#(office),"source":"owner_call","category":"inquiry","urgency":"normal","serviceMode":"immediate","contactName":"周先生","content":"物业费怎么交"}"#
        try await app.test(.router) { client in
            var headers = try await TestApp.login(client, desk)
            headers[HTTPField.Name("Idempotency-Key")!] = key
            let first = try await json(client, headers, .post, "/v1/tickets", body)
            clock.advance(by: 23 * 3600)
            #expect(try await sweeper.sweep().expiredKeys == 0)
            headers[.authorization] = try await TestApp.login(client, desk)[.authorization]
            let replay = try await json(client, headers, .post, "/v1/tickets", body)
            #expect(replay["id"] as? Int == first["id"] as? Int)

            clock.advance(by: 2 * 3600)
            #expect(try await sweeper.sweep().expiredKeys >= 1)
            #expect(try await Self.keyCount(key) == 0)
            headers[.authorization] = try await TestApp.login(client, desk)[.authorization]
            let fresh = try await json(client, headers, .post, "/v1/tickets", body)
            #expect(fresh["id"] as? Int != first["id"] as? Int)
            #expect(try await Self.keyCount(key) == 1)
        }
    }

    static func keyCount(_ key: String) async throws -> Int {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let count: Int = try await admin.withConnection { connection in
            try await connection.query("SELECT count(*) AS n FROM liaison.idempotency_key WHERE key = \(key)").single().decode("n")
        }
        await admin.shutdown()
        return count
    }

    func scenario(
        _ client: some TestClientProtocol, office: Int64, desk: String, manager: String, technician: Int64, clock: TestClock,
        sweeper: DeadlineSweeper
    ) async throws {
        let deskHeaders = try await TestApp.login(client, desk)
        let managerHeaders = try await TestApp.login(client, manager)
        let created = try await json(client, deskHeaders, .post, "/v1/tickets",
            #"{"officeId":\#(office),"source":"walk_in","category":"cleaning","urgency":"normal","serviceMode":"immediate","contactName":"李女士","content":"楼道有垃圾"}"#)
        let ticket = try #require((created["id"] as? NSNumber)?.int64Value)

        clock.advance(by: 100)  // the dispatch clock (2 minutes) warns at 96 s
        var outcome = try await sweeper.sweep()
        #expect(outcome == .init(breached: 0, warned: 1, notifications: 1))
        let deskWarned = try await json(client, deskHeaders, .get, "/v1/notifications")
        #expect(kinds(deskWarned) == ["clock_warning:dispatch"])

        clock.advance(by: 30)  // 130 s: past due
        outcome = try await sweeper.sweep()
        #expect(outcome == .init(breached: 1, warned: 0, notifications: 2))
        let managerNotified = try await json(client, managerHeaders, .get, "/v1/notifications")
        #expect(kinds(managerNotified) == ["clock_breached:dispatch"])
        let deskNotified = try await json(client, deskHeaders, .get, "/v1/notifications")
        #expect(kinds(deskNotified) == ["clock_breached:dispatch", "clock_warning:dispatch"])
        let read = try await json(client, deskHeaders, .get, "/v1/tickets/\(ticket)")
        #expect(clockOf(read, "dispatch")?["outcome"] as? String == "breached")
        #expect(clockOf(read, "dispatch")?["stoppedAt"] == nil)  // breached while still running
        let again = try await sweeper.sweep()
        #expect(again == .init())  // nothing new

        // The answer clock (15 minutes from receipt) warns at 12 minutes: two sweepers at once write it once.
        clock.advance(by: 600)
        async let first = sweeper.sweep()
        async let second = sweeper.sweep()
        let both = try await [first, second]
        #expect(both.map(\.notifications).reduce(0, +) == 1, "\(both)")

        // Dispatching late keeps the breach and records how late.
        _ = try await json(client, deskHeaders, .post, "/v1/tickets/\(ticket)/transitions", #"{"transition":"classify"}"#)
        let dispatched = try await json(client, deskHeaders, .post, "/v1/tickets/\(ticket)/transitions",
            #"{"transition":"dispatch","assigneeId":\#(technician)}"#)
        #expect(clockOf(dispatched, "dispatch")?["outcome"] as? String == "breached")
        #expect(clockOf(dispatched, "dispatch")?["marginSeconds"] as? Int == -610)
        let breached = try await json(client, managerHeaders, .get, "/v1/tickets?breachedClock=dispatch")
        #expect((breached["items"] as? [[String: Any]])?.compactMap { ($0["id"] as? NSNumber)?.int64Value } == [ticket])
        let history = try await json(client, deskHeaders, .get, "/v1/tickets/\(ticket)/events")
        #expect((history["items"] as? [[String: Any]])?.contains { $0["kind"] as? String == "clock_breached" } == true)
    }
}
