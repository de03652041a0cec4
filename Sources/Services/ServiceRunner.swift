import Domain
import Foundation
import Persistence

/// The one path by which a Service call reaches the database:
/// authorize the action (Domain's matrix), open ONE transaction scoped for
/// row-level security to the actor's offices, run the body, and translate
/// database errors into `ServiceError`s named after the API's fields.
struct ServiceRunner: Sendable {
    let database: Database
    let now: @Sendable () -> Date

    /// The settings row-level security reads (see `liaison.visible_office` in sql/0003): the scope the
    /// permission matrix grants for this action, never wider (an office role plus BI_READER stays in its office).
    static func rowSecuritySettings(for actor: Actor, scope: Scope) -> [TransactionSetting] {
        [
            TransactionSetting("liaison.actor_id", String(actor.userID)),
            TransactionSetting("liaison.actor_scope", scope == .allOffices ? "all" : "own"),
            TransactionSetting("liaison.actor_offices", "{" + actor.officeIDs.sorted().map(String.init).joined(separator: ",") + "}"),
        ]
    }

    /// Runs `body` for `caller` if its roles allow `action`.
    ///
    /// - Parameter fields: constraint name → API field, so that a unique or check
    ///   violation becomes a 409/422 naming the field rather than a 500.
    func perform<Result: Sendable>(
        _ caller: Caller, _ action: Action, readOnly: Bool = false, fields: [String: String] = [:],
        _ body: (ServiceWork) async throws -> Result
    ) async throws -> Result {
        let scope: Scope
        do { scope = try caller.actor.authorize(action) } catch { throw ServiceError.forbidden(action) }
        let at = now()
        do {
            return try await database.withTransaction(
                TransactionOptions(readOnly: readOnly, settings: Self.rowSecuritySettings(for: caller.actor, scope: scope))
            ) { tx in
                try await body(ServiceWork(tx: tx, caller: caller, action: action, scope: scope, now: at))
            }
        } catch let error as PersistenceError {
            throw Self.translate(error, fields: fields)
        } catch {
            throw ServiceError.translating(error)
        }
    }

    static func translate(_ error: PersistenceError, fields: [String: String]) -> any Error {
        let field = error.constraint.flatMap { fields[$0] } ?? error.column ?? "body"
        switch error.kind {
        case .uniqueViolation:
            return ServiceError.conflict(field: field, message: "\(field) is already taken")
        case .checkViolation, .notNullViolation, .invalidValue:
            return ServiceError.validation([FieldIssue(field, "is not allowed")])
        case .foreignKeyViolation:
            return ServiceError.validation([FieldIssue(field, "refers to a record that does not exist")])
        default:
            return ServiceError.translating(error)
        }
    }
}

/// What a Service body works with: the transaction, who calls, where they may act, and the time.
struct ServiceWork: Sendable {
    let tx: Transaction
    let caller: Caller
    let action: Action
    let scope: Scope
    /// One instant for the whole call: every timestamp it writes agrees.
    let now: Date

    /// Whether the caller may act on a record of this office (row-level security enforces the same).
    func covers(office officeID: Int64) -> Bool {
        scope == .allOffices || caller.actor.officeIDs.contains(officeID)
    }

    /// Appends the audit row of this mutation, in its transaction.
    func audit(_ entry: AuditEntry) async throws {
        try await AuditRepository.record(
            entry, actorUserID: caller.actor.userID, actorUsername: caller.actor.username,
            requestID: caller.requestID, at: now, in: tx)
    }

    /// Appends the audit row of a mutation whose actor must stay unknown (an anonymous letter, INF-7): no user, and no
    /// request id either, which the access log could tie back to a session.
    func auditAnonymously(_ entry: AuditEntry) async throws {
        try await AuditRepository.record(entry, actorUserID: nil, actorUsername: "anonymous", requestID: nil, at: now, in: tx)
    }

    /// The company's time zone, in which days, weeks and months are counted (Asia/Shanghai if unreadable).
    func companyTimeZone() async throws -> TimeZone {
        TimeZone(identifier: try await CompanyRepository.company(in: tx).timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
    }

    /// Refuses a stale write: `expected` is the version the caller read (If-Match), if it sent one.
    func check(version current: Int, expected: Int?) throws {
        if let expected, expected != current { throw ServiceError.preconditionFailed(currentVersion: current) }
    }
}
