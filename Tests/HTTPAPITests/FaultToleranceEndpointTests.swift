import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Persistence
import Synchronization
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 7, item 2: what the server does when things break under it. The load is POST /v1/tickets, whose one
/// transaction writes the ticket, its clocks, its `record` event and its Idempotency-Key row: after any fault,
/// each ticket must be there whole (with its event and key) or not at all.
@Suite("Faults: database restart, pool exhaustion, client disconnect")
struct FaultToleranceEndpointTests {
    // MARK: PostgreSQL restarted

    @Test("issue 7: PostgreSQL restarted with requests in flight → they get 503 problem+json, new requests succeed once it is back, no half-written ticket")
    func databaseRestart() async throws {
        // Its own cluster: stopping the shared one would fail every suite running beside this one.
        try await PrivateCluster.with { cluster in
            let url = try await cluster.createMigratedDatabase("liaison")
            let application = "liaison-fault-restart"
            let database = Self.appDatabase(url: url, application: application, maxConnections: 4)
            let admin = TestDatabase.adminDatabase(url: url)
            let (office, username) = try await Self.frontDesk(admin: admin, database: database)
            let app = Application(router: try TestApp.router(database: database))
            let created = try await app.test(.router) { client in
                let desk = try await TestApp.login(client, username)
                var created: Set<Int64> = []
                let before = InFlight(8) { try await Self.createTicket(client, desk, office: office, key: "before-\($0)") }
                for outcome in try await before.outcomes(within: .seconds(30)) {
                    #expect(outcome.status == .created, "before the restart: \(outcome)")
                    created.formUnion(outcome.ticketID.map { [$0] } ?? [])
                }

                // Requests truly in flight when the database goes: four (the pool's size) inside their transaction, held
                // at the ticket insert by a lock, and two more waiting for a connection.
                let lock = try await Holder.take(admin, "LOCK TABLE liaison.ticket IN SHARE ROW EXCLUSIVE MODE")
                let inFlight = InFlight(6) { try await Self.createTicket(client, desk, office: office, key: "in-flight-\($0)") }
                try await Self.waitUntil("4 requests wait for the lock and 2 for a connection", within: .seconds(20)) {
                    try await Self.backendsWaitingForALock(admin, application: application) == 4 && database.poolStatistics.waiting == 2
                }
                try await cluster.stop(mode: "fast")
                for outcome in try await inFlight.outcomes(within: .seconds(10)) {
                    #expect(outcome.isServiceUnavailable, "in flight during the restart: \(outcome)")
                }
                // The lock's own connection died with the cluster: ending its transaction fails, as it should.
                await #expect(throws: PersistenceError.self) { try await lock.release() }

                // While the database is down, a new request is refused at once rather than after the acquire timeout
                // (10 s). The bound leaves room for a loaded CI machine, where every suite shares one cooperative thread.
                let whileDown = try await Self.createTicket(client, desk, office: office, key: "while-down")
                #expect(whileDown.isServiceUnavailable, "while down: \(whileDown)")
                #expect(whileDown.seconds < 8, "while down: \(whileDown)")

                try await cluster.start()
                // The pool's connections all died; the first requests replace them.
                var attempt = 0
                try await Self.waitUntil("a request succeeds after the restart", within: .seconds(30)) {
                    attempt += 1
                    let outcome = try await Self.createTicket(client, desk, office: office, key: "back-\(attempt)")
                    #expect(outcome.status == .created || outcome.isServiceUnavailable, "after the restart: \(outcome)")
                    created.formUnion(outcome.ticketID.map { [$0] } ?? [])
                    return outcome.status == .created
                }
                let after = InFlight(8) { try await Self.createTicket(client, desk, office: office, key: "after-\($0)") }
                for outcome in try await after.outcomes(within: .seconds(30)) {
                    #expect(outcome.status == .created, "after the restart: \(outcome)")
                    created.formUnion(outcome.ticketID.map { [$0] } ?? [])
                }
                return created
            }

            try await Self.expectWholeTickets(admin)
            // The requests cut off by the restart wrote nothing: the tickets are exactly those answered 201.
            let stored: [Int64] = try await admin.withConnection { connection in
                try await connection.query("SELECT id FROM liaison.ticket").map { try $0.decode("id") }
            }
            #expect(Set(stored) == created)
            #expect(created.count >= 17)
            await database.shutdown()
            await admin.shutdown()
        }
    }

    // MARK: Pool exhausted

    @Test("issue 7: with the pool's every connection busy, a request answers 503 problem+json with Retry-After after the acquire timeout, not a hang")
    func poolExhausted() async throws {
        let url = try await TestDatabase.forSuite("http_faults_pool")
        let database = Self.appDatabase(url: url, application: "liaison-fault-pool", maxConnections: 1, acquireTimeout: .milliseconds(500))
        // Opening the one connection may take longer than the short acquire timeout on a loaded machine; the opening
        // goes on when a caller gives up, so a few tries find it open.
        try await Self.waitUntil("the pool's connection is open", within: .seconds(30)) {
            (try? await database.withConnection { try await $0.execute("SELECT 1") }) != nil
        }
        let admin = TestDatabase.adminDatabase(url: url, maxConnections: 1)
        let (office, username) = try await Self.frontDesk(admin: admin, database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let desk = try await TestApp.login(client, username)
            // A transaction left open (as a slow report would hold it) takes the pool's only connection.
            let busy = try await Holder.take(database, "SELECT 1")
            let outcome = try await Self.createTicket(client, desk, office: office, key: "while-exhausted")
            #expect(outcome.isServiceUnavailable, "\(outcome)")
            #expect(outcome.retryAfter == "2")
            // At least the timeout; at most a bound that tells a timeout from a hang, with room for a loaded CI machine.
            #expect(outcome.seconds >= 0.5 && outcome.seconds < 15, "waited \(outcome.seconds) s for an acquire timeout of 0.5 s")
            try await busy.release()
            // The connection is back: the next request gets it.
            let after = try await Self.createTicket(client, desk, office: office, key: "after-exhausted")
            #expect(after.status == .created, "\(after)")
        }
        try await Self.expectWholeTickets(admin)
        await database.shutdown()
        await admin.shutdown()
    }

    // MARK: Client gone

    @Test("issue 7: requests cancelled mid-flight (their client gone) leave each ticket whole or absent; a retry with the same key makes it exactly one")
    func cancelledRequests() async throws {
        let url = try await TestDatabase.forSuite("http_faults_cancel")
        let application = "liaison-fault-cancel"
        let database = Self.appDatabase(url: url, application: application, maxConnections: 3)
        let admin = TestDatabase.adminDatabase(url: url)
        let (office, username) = try await Self.frontDesk(admin: admin, database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let desk = try await TestApp.login(client, username)
            // One cancelled for certain in the middle of its transaction: held by a lock at the ticket insert, cancelled
            // there, then let go. Its answer does not matter (nobody is left to read it); what it wrote does.
            let lock = try await Holder.take(admin, "LOCK TABLE liaison.ticket IN SHARE ROW EXCLUSIVE MODE")
            let held = InFlight(1) { _ in try await Self.createTicket(client, desk, office: office, key: "cancelled-held") }
            try await Self.waitUntil("the request waits for the lock inside its transaction", within: .seconds(20)) {
                try await Self.backendsWaitingForALock(admin, application: application) == 1
            }
            held.cancelAll()
            try await lock.release()
            _ = try await held.results(within: .seconds(10))
            // Many more cut off at random moments: before, during or after their transaction.
            let keys = (0..<12).map { "cancelled-\($0)" }
            let scattered = InFlight(keys.count) { try await Self.createTicket(client, desk, office: office, key: keys[$0]) }
            for index in keys.indices {
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...4)))
                scattered.cancel(index)
            }
            _ = try await scattered.results(within: .seconds(20))
            try await Self.expectWholeTickets(admin)
            // The client comes back and sends each request again with its key: one ticket each, never two.
            for key in ["cancelled-held"] + keys {
                try await Self.retryUntilCreated(client, desk, office: office, key: key)
            }
        }
        try await Self.expectWholeTickets(admin, exactly: 13)
        await database.shutdown()
        await admin.shutdown()
    }

    @Test("issue 7: a client that hangs up on a real server mid-body, or before the answer, leaves the ticket whole or absent")
    func clientHangsUp() async throws {
        let url = try await TestDatabase.forSuite("http_faults_hangup")
        let database = try await TestDatabase.appDatabase(suite: "http_faults_hangup")
        let admin = TestDatabase.adminDatabase(url: url)
        let (office, username) = try await Self.frontDesk(admin: admin, database: database)
        let router = try TestApp.router(database: database)
        // A real server on an ephemeral loopback port, for real sockets that close; the in-process client (same
        // router, same database) logs in and retries.
        let (ports, portFound) = AsyncStream.makeStream(of: Int.self)
        let server = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portFound.yield(channel.localAddress?.port ?? 0)
                portFound.finish()
            })
        let serving = Task {
            // A server that fails to start ends the wait for its port too.
            defer { portFound.finish() }
            try await server.runService(gracefulShutdownSignals: [])
        }
        defer { serving.cancel() }
        var bound = 0
        for await found in ports { bound = found }
        let port = bound
        try #require(port > 0, "the server did not start")

        try await Application(router: router).test(.router) { client in
            let desk = try await TestApp.login(client, username)
            let token = try #require(desk[.authorization])
            func request(_ key: String) -> (head: [UInt8], body: [UInt8]) {
                let body = Array(Self.ticketBody(office: office, content: key).utf8)
                let head = "POST /v1/tickets HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: \(token)\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: \(key)\r\nContent-Length: \(body.count)\r\n\r\n"
                return (Array(head.utf8), body)
            }
            let midBody = request("hangup-mid-body")
            try await RawClient.sendAndHangUp(midBody.head + midBody.body.prefix(midBody.body.count / 2), port: port)
            let beforeAnswer = request("hangup-before-answer")
            try await RawClient.sendAndHangUp(beforeAnswer.head + beforeAnswer.body, port: port)
            // The client comes back and sends each again with its key: one whole ticket each, whatever the server had done.
            try await Self.retryUntilCreated(client, desk, office: office, key: "hangup-mid-body")
            try await Self.retryUntilCreated(client, desk, office: office, key: "hangup-before-answer")
        }
        try await Self.expectWholeTickets(admin, exactly: 2)
        serving.cancel()
        _ = await serving.result
        await admin.shutdown()
    }

    // MARK: Helpers

    /// What a POST /v1/tickets answered, and how long it took.
    struct Outcome: Sendable, CustomStringConvertible {
        let status: HTTPResponse.Status
        let isProblem: Bool
        let retryAfter: String?
        let ticketID: Int64?
        let seconds: Double

        /// The answer to a database that is away: 503, problem+json, with a time to retry after.
        var isServiceUnavailable: Bool { status == .serviceUnavailable && isProblem && retryAfter != nil }

        var description: String {
            "\(status.code)\(isProblem ? " problem+json" : "")\(retryAfter.map { " Retry-After \($0)" } ?? "") in \(seconds) s"
        }
    }

    /// A ticket whose content is its Idempotency-Key, so that tests find what each request wrote.
    static func ticketBody(office: Int64, content: String) -> String {
        // Received a minute before TestClock's default now (2026-11-22 12:00 UTC).
        #"{"officeId":\#(office),"source":"owner_call","category":"engineering","urgency":"normal","serviceMode":"immediate","receivedAt":"2026-11-22T11:59:00Z","contactName":"张先生","contactPhone":"13800138000","location":"3栋1201","content":"\#(content)"}"#
    }

    static func createTicket(_ client: some TestClientProtocol, _ headers: HTTPFields, office: Int64, key: String) async throws -> Outcome {
        var headers = headers
        headers[HTTPField.Name("Idempotency-Key")!] = key
        let started = ContinuousClock.now
        return try await client.execute(
            uri: "/v1/tickets", method: .post, headers: headers, body: ByteBuffer(string: ticketBody(office: office, content: key))
        ) { response in
            let elapsed = ContinuousClock.now - started
            let id = response.status == .created ? ((try? TestApp.json(response.body))?["id"] as? NSNumber)?.int64Value : nil
            return Outcome(
                status: response.status, isProblem: response.headers[.contentType]?.hasPrefix("application/problem+json") == true,
                retryAfter: response.headers[.retryAfter], ticketID: id,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    /// Sends the request again until it is answered 201 (409 while an earlier request with its key is still running).
    static func retryUntilCreated(_ client: some TestClientProtocol, _ headers: HTTPFields, office: Int64, key: String) async throws {
        try await waitUntil("\(key) is created on retry", within: .seconds(30)) {
            let outcome = try await createTicket(client, headers, office: office, key: key)
            #expect(outcome.status == .created || outcome.status == .conflict, "retry of \(key): \(outcome)")
            return outcome.status == .created
        }
    }

    /// A pool of its own, logged in as the superuser and acting as liaison_app (as TestDatabase.appDatabase does, so
    /// row-level security applies), named so that pg_stat_activity tells its connections apart.
    static func appDatabase(url: String, application: String, maxConnections: Int, acquireTimeout: Duration = .seconds(10)) -> Database {
        Database(configuration: DatabaseConfiguration(
            connectionString: url, role: "liaison_app", maxConnections: maxConnections, acquireTimeout: acquireTimeout,
            applicationName: application))
    }

    /// A new office and a front-desk user of it (in whichever cluster `admin` and `database` are on).
    static func frontDesk(admin: Database, database: Database) async throws -> (office: Int64, username: String) {
        let code = "F" + TestFixtures.unique("").uppercased().prefix(8)
        let office: Int64 = try await admin.withConnection { connection in
            try await connection.query("INSERT INTO liaison.office (code, name) VALUES (\(code), '故障演练处') RETURNING id").single().decode("id")
        }
        let username = TestFixtures.unique("desk")
        try await TestFixtures.user(username, roles: [.frontDesk], officeCodes: [code], database: database)
        return (office, username)
    }

    /// Checks, as the superuser, that every ticket is whole: it has its `record` event and its Idempotency-Key row,
    /// and no event or key is left without its ticket. With `exactly`, also how many tickets there are.
    static func expectWholeTickets(_ admin: Database, exactly expected: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let row = try await admin.withConnection { connection in
            try await connection.query("""
                SELECT (SELECT count(*) FROM liaison.ticket) AS tickets,
                       (SELECT count(*) FROM liaison.ticket t WHERE NOT EXISTS (
                            SELECT 1 FROM liaison.ticket_event e WHERE e.office_id = t.office_id AND e.ticket_id = t.id AND e.kind = 'record'))
                           AS without_event,
                       (SELECT count(*) FROM liaison.ticket t WHERE NOT EXISTS (
                            SELECT 1 FROM liaison.idempotency_key k WHERE k.ticket_id = t.id AND k.key = t.content)) AS without_key,
                       (SELECT count(*) FROM liaison.ticket_event e WHERE NOT EXISTS (
                            SELECT 1 FROM liaison.ticket t WHERE t.office_id = e.office_id AND t.id = e.ticket_id)) AS orphan_events,
                       (SELECT count(*) FROM liaison.idempotency_key k WHERE NOT EXISTS (
                            SELECT 1 FROM liaison.ticket t WHERE t.id = k.ticket_id)) AS orphan_keys,
                       (SELECT count(*) FROM liaison.ticket_event) AS events,
                       (SELECT count(DISTINCT content) FROM liaison.ticket) AS contents
                """).single()
        }
        let tickets: Int = try row.decode("tickets")
        for column in ["without_event", "without_key", "orphan_events", "orphan_keys"] {
            #expect(try row.decode(column, as: Int.self) == 0, "\(column)", sourceLocation: sourceLocation)
        }
        // One event per ticket (nothing here moves a ticket on), and one ticket per request content (key).
        #expect(try row.decode("events", as: Int.self) == tickets, sourceLocation: sourceLocation)
        #expect(try row.decode("contents", as: Int.self) == tickets, "a request wrote two tickets", sourceLocation: sourceLocation)
        if let expected { #expect(tickets == expected, sourceLocation: sourceLocation) }
    }

    static func backendsWaitingForALock(_ admin: Database, application: String) async throws -> Int {
        try await admin.withConnection { connection in
            try await connection.query("""
                SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = \(application) AND wait_event_type = 'Lock'
                """).single().decode("n")
        }
    }

    /// Polls `condition` until it holds; throws once `limit` has passed, so that nothing here waits forever.
    static func waitUntil(_ what: String, within limit: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw FaultTestError.timedOut(what) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Concurrent requests, each in a task of its own, whose answers are collected as they come. The test waits for
    /// them with a deadline: a request that hangs fails the test instead of stalling it.
    final class InFlight: Sendable {
        private let count: Int
        private let tasks = Mutex<[Task<Void, Never>]>([])
        private let answers = Mutex<[Result<Outcome, any Error>]>([])

        init(_ count: Int, _ request: @escaping @Sendable (Int) async throws -> Outcome) {
            self.count = count
            let started = (0..<count).map { index in
                Task {
                    let answer: Result<Outcome, any Error>
                    do { answer = .success(try await request(index)) } catch { answer = .failure(error) }
                    self.answers.withLock { $0.append(answer) }
                }
            }
            tasks.withLock { $0 = started }
        }

        func cancel(_ index: Int) { tasks.withLock { $0[index].cancel() } }
        func cancelAll() { tasks.withLock { $0.forEach { $0.cancel() } } }

        /// Every request's result, once all have one; throws if that takes longer than `limit`.
        func results(within limit: Duration) async throws -> [Result<Outcome, any Error>] {
            try await FaultToleranceEndpointTests.waitUntil("\(count) requests answer", within: limit) {
                answers.withLock { $0.count } == count
            }
            return answers.withLock { $0 }
        }

        /// Every request's answer; the first error if a request threw.
        func outcomes(within limit: Duration) async throws -> [Outcome] {
            try await results(within: limit).map { try $0.get() }
        }
    }

    /// A transaction kept open, after running one statement, until `release()`: to take the pool's only connection,
    /// or to hold a lock that keeps requests in flight, mid-transaction, for as long as a test needs.
    struct Holder {
        let task: Task<Void, any Error>
        let releasing: AsyncStream<Void>.Continuation

        static func take(_ database: Database, _ statement: SQLQuery) async throws -> Holder {
            let (held, holding) = AsyncStream.makeStream(of: Void.self)
            let (release, releasing) = AsyncStream.makeStream(of: Void.self)
            let task = Task {
                // Finished on every path: a holder that fails must not leave the test waiting forever.
                defer { holding.finish() }
                try await database.withTransaction { tx in
                    try await tx.execute(statement)
                    holding.yield()
                    for await _ in release { break }
                }
            }
            for await _ in held { break }
            return Holder(task: task, releasing: releasing)
        }

        /// Commits the transaction; throws what it failed with.
        func release() async throws {
            releasing.finish()
            try await task.value
        }
    }

    /// A client on a plain socket that sends bytes to 127.0.0.1 and closes without reading any answer.
    enum RawClient {
        static func sendAndHangUp(_ bytes: [UInt8], port: Int) async throws {
            // Blocking socket calls run on a Dispatch queue, never on Swift's cooperative pool.
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                DispatchQueue.global().async {
                    continuation.resume(with: Result { try send(bytes, port: port) })
                }
            }
        }

        private static func send(_ bytes: [UInt8], port: Int) throws {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw FaultTestError.socket("socket", errno) }
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port)).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw FaultTestError.socket("connect", errno) }
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard count > 0 else { throw FaultTestError.socket("send", errno) }
                sent += count
            }
        }
    }

    enum FaultTestError: Error, CustomStringConvertible {
        case timedOut(String)
        case socket(String, Int32)

        var description: String {
            switch self {
            case .timedOut(let what): "timed out waiting until \(what)"
            case .socket(let call, let error): "\(call) failed: errno \(error)"
            }
        }
    }
}
