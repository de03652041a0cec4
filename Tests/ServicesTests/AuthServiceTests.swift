import Domain
import Foundation
import Persistence
import Services
import TestSupport
import Testing

/// Login, tokens, logout, throttling and password change (issue: identity), with an injected clock.
@Suite("AuthService: sessions, throttling, password change")
struct AuthServiceTests {
    static let suite = "auth_service"

    struct Setup {
        let database: Database
        let clock: TestClock
        let auth: AuthService
        let username: String
    }

    func setUp(policy: AuthPolicy = AuthPolicy(), roles: Set<Role> = [.qualityStaff]) async throws -> Setup {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let username = TestFixtures.unique("user")
        try await TestFixtures.user(username, roles: roles, department: "QUALITY", database: database)
        let clock = TestClock()
        return Setup(
            database: database, clock: clock,
            auth: AuthService(database: database, hasher: TestFixtures.hasher, policy: policy, now: clock.function),
            username: username)
    }

    func login(_ setup: Setup, password: String = TestFixtures.password, address: String = "10.0.0.1") async throws -> AuthService.Login {
        try await setup.auth.login(username: setup.username, password: password, clientAddress: address, requestID: "req-1")
    }

    @Test("login returns a token that authenticates as the user, and writes one audit row")
    func loginAndAuthenticate() async throws {
        let setup = try await setUp()
        let login = try await login(setup)
        #expect(login.token.count == 43)
        #expect(login.expiresAt == setup.clock.now.addingTimeInterval(12 * 3600))
        let authentication = try await setup.auth.authenticate(bearer: login.token)
        #expect(authentication.actor.username == setup.username)
        #expect(authentication.actor.roles == [.qualityStaff])
        #expect(try await TestFixtures.auditCount(action: "session.create", entityID: String(authentication.sessionID), suite: Self.suite) == 1)
    }

    @Test("usernames are matched case-insensitively and trimmed")
    func usernameNormalized() async throws {
        let setup = try await setUp()
        let login = try await setup.auth.login(
            username: "  " + setup.username.uppercased() + " ", password: TestFixtures.password, clientAddress: "10.0.0.1", requestID: nil)
        #expect(login.user.username == setup.username)
    }

    @Test("a wrong password and an unknown user both fail as invalidCredentials, with no session and no audit row")
    func wrongCredentials() async throws {
        let setup = try await setUp()
        await #expect(throws: ServiceError.invalidCredentials) {
            try await login(setup, password: "wrong password!")
        }
        await #expect(throws: ServiceError.invalidCredentials) {
            try await setup.auth.login(username: "nobody-\(setup.username)", password: "whatever1234", clientAddress: "10.0.0.2", requestID: nil)
        }
        let sessions: Int = try await TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite)).withConnection { connection in
            try await connection.query("""
                SELECT count(*) AS n FROM liaison.session s JOIN liaison.staff_user u ON u.id = s.user_id WHERE u.username = \(setup.username)
                """).single().decode("n")
        }
        #expect(sessions == 0)
    }

    @Test("empty fields are a validation error naming each field")
    func emptyFields() async throws {
        let setup = try await setUp()
        await #expect(throws: ServiceError.validation([FieldIssue("username", "must not be empty"), FieldIssue("password", "must not be empty")])) {
            try await setup.auth.login(username: " ", password: "", clientAddress: "10.0.0.1", requestID: nil)
        }
    }

    @Test("an oversized username is a 422 before the database is touched (it would exceed an index row)")
    func oversizedUsername() async throws {
        let setup = try await setUp()
        await #expect(throws: ServiceError.validation([FieldIssue("username", "must have at most 64 characters")])) {
            try await setup.auth.login(username: String(repeating: "x", count: 6000), password: "whatever", clientAddress: "10.0.0.9", requestID: nil)
        }
    }

    @Test("parallel wrong guesses for one username are counted before the slow check: at most 5 are checked")
    func parallelGuessesAreThrottled() async throws {
        let setup = try await setUp()
        let outcomes = await withTaskGroup(of: ServiceError?.self) { group in
            for attempt in 0..<12 {
                group.addTask {
                    do {
                        _ = try await setup.auth.login(username: setup.username, password: "guess-\(attempt)", clientAddress: "10.1.1.\(attempt)", requestID: nil)
                        return nil
                    } catch { return error as? ServiceError }
                }
            }
            return await group.reduce(into: [ServiceError?]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .invalidCredentials }.count == 5)
        #expect(outcomes.filter { if case .tooManyRequests = $0 { true } else { false } }.count == 7)
    }

    @Test("an expired token is refused as expired")
    func expiredToken() async throws {
        let setup = try await setUp()
        let login = try await login(setup)
        setup.clock.advance(by: 12 * 3600 - 1)
        _ = try await setup.auth.authenticate(bearer: login.token)
        setup.clock.advance(by: 1)
        await #expect(throws: ServiceError.unauthenticated(.expiredToken)) {
            try await setup.auth.authenticate(bearer: login.token)
        }
    }

    @Test("logout ends the token at once and is audited")
    func logout() async throws {
        let setup = try await setUp()
        let login = try await login(setup)
        let authentication = try await setup.auth.authenticate(bearer: login.token)
        try await setup.auth.logout(authentication, requestID: "req-2")
        await #expect(throws: ServiceError.unauthenticated(.invalidToken)) {
            try await setup.auth.authenticate(bearer: login.token)
        }
        #expect(try await TestFixtures.auditCount(action: "session.revoke", entityID: String(authentication.sessionID), suite: Self.suite) == 1)
    }

    @Test("a disabled user cannot log in, and its existing tokens stop working at once")
    func disabledUser() async throws {
        let setup = try await setUp()
        let session = try await login(setup)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite))
        _ = try await admin.withConnection { connection in
            try await connection.execute("UPDATE liaison.staff_user SET active = false WHERE username = \(setup.username)")
        }
        await #expect(throws: ServiceError.unauthenticated(.invalidToken)) {
            try await setup.auth.authenticate(bearer: session.token)
        }
        await #expect(throws: ServiceError.accountDisabled) {
            try await login(setup)
        }
        // A wrong password for a disabled account still says only "invalid credentials".
        await #expect(throws: ServiceError.invalidCredentials) {
            try await login(setup, password: "not the password")
        }
    }

    @Test("after 5 failures for a username, attempts get 429 until the oldest failure leaves the 15-minute window")
    func throttlePerUsername() async throws {
        let setup = try await setUp()
        for attempt in 0..<5 {
            await #expect(throws: ServiceError.invalidCredentials) { try await login(setup, password: "wrong-\(attempt)") }
            setup.clock.advance(by: 60)
        }
        // Even the right password is not checked while throttled; the oldest failure was 5 minutes ago.
        await #expect(throws: ServiceError.tooManyRequests(retryAfterSeconds: 600)) { try await login(setup) }
        setup.clock.advance(by: 600)
        // The oldest failure has left the window: 4 remain, so one more attempt is allowed.
        _ = try await login(setup)
    }

    @Test("a successful login forgets the username's failures")
    func successClearsFailures() async throws {
        let setup = try await setUp()
        for attempt in 0..<4 {
            await #expect(throws: ServiceError.invalidCredentials) { try await login(setup, password: "wrong-\(attempt)") }
        }
        _ = try await login(setup)
        for attempt in 0..<4 {
            await #expect(throws: ServiceError.invalidCredentials) { try await login(setup, password: "again-\(attempt)") }
        }
        _ = try await login(setup)
    }

    @Test("after 20 failures from one address, every username from it gets 429")
    func throttlePerAddress() async throws {
        let setup = try await setUp(policy: AuthPolicy(maxFailuresPerUsername: 1000))
        let address = "192.0.2.\(Int.random(in: 1...250))"
        for attempt in 0..<20 {
            await #expect(throws: ServiceError.invalidCredentials) {
                try await setup.auth.login(username: "guess\(attempt)", password: "guess-\(attempt)", clientAddress: address, requestID: nil)
            }
        }
        await #expect(throws: ServiceError.tooManyRequests(retryAfterSeconds: 900)) {
            try await login(setup, address: address)
        }
        _ = try await login(setup, address: "198.51.100.1")
    }

    @Test("changing the password needs the current one, checks the new one, and ends the other sessions")
    func changePassword() async throws {
        let setup = try await setUp()
        let firstLogin = try await login(setup)
        let first = try await setup.auth.authenticate(bearer: firstLogin.token)
        let second = try await login(setup)
        await #expect(throws: ServiceError.validation([FieldIssue("currentPassword", "is not the current password")])) {
            try await setup.auth.changePassword(first, current: "not it at all", new: "a brand new password", requestID: nil)
        }
        await #expect(throws: ServiceError.validation([FieldIssue("newPassword", "must have at least 10 characters")])) {
            try await setup.auth.changePassword(first, current: TestFixtures.password, new: "short", requestID: nil)
        }
        try await setup.auth.changePassword(first, current: TestFixtures.password, new: "a brand new password", requestID: nil)
        // This session continues; the other one ended; the old password no longer works.
        _ = try await setup.auth.authenticate(bearer: firstLogin.token)
        _ = try await login(setup, password: "a brand new password")
        await #expect(throws: ServiceError.unauthenticated(.invalidToken)) {
            try await setup.auth.authenticate(bearer: second.token)
        }
        await #expect(throws: ServiceError.invalidCredentials) { try await login(setup) }
        #expect(try await TestFixtures.auditCount(action: "staff_user.change_password", entityID: String(first.actor.userID), suite: Self.suite) == 1)
    }
}
