import Domain
import Foundation
import Persistence

/// Login, logout, token authentication and password change.
///
/// Tokens are 32 random bytes (base64url), returned once at login and stored
/// only as their SHA-256. Every request re-reads the session and its user, so
/// logging out, disabling a user, or changing a password takes effect at once.
public struct AuthService: Sendable {
    private let database: Database
    private let hasher: PasswordHasher
    private let policy: AuthPolicy
    private let now: @Sendable () -> Date

    public init(database: Database, hasher: PasswordHasher, policy: AuthPolicy = AuthPolicy(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.hasher = hasher
        self.policy = policy
        self.now = now
    }

    public struct Login: Sendable {
        public let token: String
        public let expiresAt: Date
        public let user: StaffUser
    }

    /// An authenticated request: the user and the session it came with.
    public struct Authentication: Sendable {
        public let user: StaffUser
        public let sessionID: Int64
        public var actor: Actor { user.actor }
    }

    /// Checks the password and opens a session.
    ///
    /// Unknown usernames and wrong passwords fail alike (`invalidCredentials`),
    /// after the same scrypt work. Failures are counted per username and per
    /// client address; past the policy's limits, attempts get `tooManyRequests`
    /// without the password being checked at all.
    public func login(username rawUsername: String, password: String, clientAddress: String, requestID: String?) async throws -> Login {
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        var issues: [FieldIssue] = []
        if username.isEmpty { issues.append(FieldIssue("username", "must not be empty")) }
        if username.utf8.count > 64 { issues.append(FieldIssue("username", "must have at most 64 characters")) }
        if password.isEmpty { issues.append(FieldIssue("password", "must not be empty")) }
        if password.count > policy.maximumPasswordLength {
            issues.append(FieldIssue("password", "must have at most \(policy.maximumPasswordLength) characters"))
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }

        let startedAt = now()
        // The attempt is counted as a failure before the slow password check, under a per-username lock,
        // so parallel guesses cannot all pass the throttle at once; a success clears it below.
        let candidate = try await run { tx -> (user: StaffUser, passwordHash: String)? in
            try await LoginFailureRepository.lock(username: username, in: tx)
            try await throttle(username: username, clientAddress: clientAddress, at: startedAt, in: tx)
            try await LoginFailureRepository.record(username: username, clientAddress: clientAddress, at: startedAt, in: tx)
            return try await StaffUserRepository.findForLogin(username: username, in: tx)
        }

        let passwordMatches: Bool
        if let candidate {
            passwordMatches = try await hasher.verify(password, against: candidate.passwordHash)
        } else {
            try await hasher.burnVerification(password)
            passwordMatches = false
        }

        guard let candidate, passwordMatches else { throw ServiceError.invalidCredentials }
        guard candidate.user.active else { throw ServiceError.accountDisabled }

        let token = SecretToken.make()
        let expiresAt = startedAt.addingTimeInterval(TimeInterval(policy.sessionLifetime.wholeSeconds))
        try await run { tx in
            try await LoginFailureRepository.clear(username: username, in: tx)
            let sessionID = try await SessionRepository.insert(
                tokenHash: SecretToken.digest(token), userID: candidate.user.id, createdAt: startedAt, expiresAt: expiresAt,
                clientAddress: clientAddress, in: tx)
            try await AuditRepository.record(
                AuditEntry(action: "session.create", entityType: "session", entityID: String(sessionID),
                           changes: ["client_address": .init(before: nil, after: clientAddress)]),
                actorUserID: candidate.user.id, actorUsername: candidate.user.username, requestID: requestID, at: startedAt, in: tx)
        }
        return Login(token: token, expiresAt: expiresAt, user: candidate.user)
    }

    /// The actor behind a bearer token, or `unauthenticated`.
    public func authenticate(bearer token: String?) async throws -> Authentication {
        guard let token, !token.isEmpty else { throw ServiceError.unauthenticated(.missingToken) }
        guard token.utf8.count <= 128 else { throw ServiceError.unauthenticated(.invalidToken) }
        let at = now()
        // One statement on a plain connection: no transaction to open and commit around it.
        let lookup: SessionRepository.Lookup
        do {
            lookup = try await database.withConnection { connection in
                try await SessionRepository.lookup(tokenHash: SecretToken.digest(token), at: at, in: connection)
            }
        } catch {
            throw ServiceError.translating(error)
        }
        switch lookup {
        case .active(let sessionID, let user):
            return Authentication(user: user, sessionID: sessionID)
        case .expired:
            throw ServiceError.unauthenticated(.expiredToken)
        case .revoked, .unknown, .userDisabled:
            throw ServiceError.unauthenticated(.invalidToken)
        }
    }

    /// Ends the session the token belongs to.
    public func logout(_ authentication: Authentication, requestID: String?) async throws {
        let at = now()
        try await run { tx in
            try await SessionRepository.revoke(sessionID: authentication.sessionID, at: at, in: tx)
            try await AuditRepository.record(
                AuditEntry(action: "session.revoke", entityType: "session", entityID: String(authentication.sessionID)),
                actorUserID: authentication.actor.userID, actorUsername: authentication.actor.username,
                requestID: requestID, at: at, in: tx)
        }
    }

    /// Changes the actor's own password after checking the current one; ends every other session.
    public func changePassword(
        _ authentication: Authentication, current: String, new: String, requestID: String?
    ) async throws {
        let actor = authentication.actor
        var issues = policy.issues(withNewPassword: new, field: "newPassword", username: actor.username)
        if current == new { issues.append(FieldIssue("newPassword", "must differ from the current password")) }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }

        guard let stored = try await run(readOnly: true, { tx in
            try await StaffUserRepository.passwordHash(userID: actor.userID, in: tx)
        }), try await hasher.verify(current, against: stored)
        else { throw ServiceError.validation([FieldIssue("currentPassword", "is not the current password")]) }

        let newHash = try await hasher.hash(new)
        let at = now()
        try await run { tx in
            try await StaffUserRepository.updatePasswordHash(userID: actor.userID, hash: newHash, at: at, in: tx)
            let ended = try await SessionRepository.revokeOthers(userID: actor.userID, keeping: authentication.sessionID, at: at, in: tx)
            try await AuditRepository.record(
                AuditEntry(action: "staff_user.change_password", entityType: "staff_user", entityID: String(actor.userID),
                           changes: ["other_sessions_revoked": .init(before: nil, after: String(ended))]),
                actorUserID: actor.userID, actorUsername: actor.username, requestID: requestID, at: at, in: tx)
        }
    }

    /// 429 when the username or the address has failed too often within the window.
    private func throttle(username: String, clientAddress: String, at now: Date, in tx: Transaction) async throws {
        let window = TimeInterval(policy.failureWindow.wholeSeconds)
        let recent = try await LoginFailureRepository.recent(
            username: username, clientAddress: clientAddress, since: now.addingTimeInterval(-window), in: tx)
        var oldest: [Date] = []
        if recent.byUser >= policy.maxFailuresPerUsername, let date = recent.oldestByUser { oldest.append(date) }
        if recent.byAddress >= policy.maxFailuresPerAddress, let date = recent.oldestByAddress { oldest.append(date) }
        guard let blockingSince = oldest.max() else { return }
        // Attempts open again when the oldest counted failure leaves the window.
        let retryAfter = max(1, Int((blockingSince.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
        throw ServiceError.tooManyRequests(retryAfterSeconds: retryAfter)
    }

    private func run<Result: Sendable>(readOnly: Bool = false, _ body: (Transaction) async throws -> Result) async throws -> Result {
        do {
            return try await database.withTransaction(TransactionOptions(readOnly: readOnly), body)
        } catch {
            throw ServiceError.translating(error)
        }
    }
}
